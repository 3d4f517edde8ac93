import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startClinic, type TestClinic } from "./support/clinic.js";
import { converged } from "./support/converge.js";
import { type DeskProcess, hmsJson, waitFor } from "./support/processes.js";

// A server and three desks, each its own process and SQLite file, taking one patient through a whole visit:
// reception registers and bills, the doctor sees the patient appear and consults, the lab works the test, reception
// bills the test, the doctor closes the visit. Every desk ends with the same events and the same read models.

let clinic: TestClinic;
let reception: DeskProcess;
let doctor: DeskProcess;
let lab: DeskProcess;

beforeAll(async () => {
  clinic = await startClinic();
  [reception, doctor, lab] = await Promise.all([
    clinic.desk("reception"),
    clinic.desk("doctor"),
    clinic.desk("lab"),
  ]);
});
afterAll(async () => {
  await clinic?.close();
});

type Visit = { status: string; tokenNumber: string; balanceCents: number; patientId: string } | null;

describe("three desks and a server", () => {
  it("carry a whole visit across the desks and converge on identical events and read models", async () => {
    const must = <T>(r: { ok: boolean; value?: T; error?: { message: string } }): T => {
      if (!r.ok) throw new Error(r.error?.message);
      return r.value as T;
    };
    const rita = must(
      await reception.call<never>("addStaff", { name: "Rita Reception", role: "reception" }),
    ) as {
      id: string;
    };
    const dan = must(await reception.call<never>("addStaff", { name: "Dr Dan", role: "doctor" })) as {
      id: string;
    };
    const lena = must(await reception.call<never>("addStaff", { name: "Lena Lab", role: "lab" })) as {
      id: string;
    };
    const amina = must(
      await reception.call<never>("registerPatient", {
        name: "Amina Yusuf",
        sex: "female",
        dateOfBirth: "1990-05-01",
      }),
    ) as { id: string; patientNumber: string };

    const v = "visit_journey_1";
    await reception.append([
      {
        visitId: v,
        eventType: "VISIT_REGISTERED",
        performedBy: rita.id,
        metadata: { patientId: amina.id, doctorId: dan.id },
      },
      { visitId: v, eventType: "QUEUE_JOINED", performedBy: rita.id, metadata: { tokenNumber: "A-001" } },
      {
        visitId: v,
        eventType: "CONSULTATION_BILLED",
        performedBy: rita.id,
        metadata: { billId: "bill_1", amount: 150 },
      },
      {
        visitId: v,
        eventType: "PAYMENT_RECEIVED",
        performedBy: rita.id,
        metadata: { billId: "bill_1", amount: 150 },
      },
    ]);

    // The doctor's desk shows the waiting patient, with the patient's record, without anyone pressing sync.
    const seen = await waitFor("the visit to reach the doctor", async () => {
      const visit = await doctor.call<Visit>("visit", v);
      return visit?.status === "waiting" ? visit : false;
    });
    expect(seen).toMatchObject({ tokenNumber: "A-001", balanceCents: 0, patientId: amina.id });
    const doctorState = await doctor.state();
    expect(doctorState.tables.patients?.map((p) => p.name)).toEqual(["Amina Yusuf"]);

    await doctor.append([
      { visitId: v, eventType: "QUEUE_CALLED", performedBy: dan.id, metadata: { roomNumber: "3" } },
      { visitId: v, eventType: "ENTERED_ROOM", performedBy: dan.id },
      {
        visitId: v,
        eventType: "VITALS_RECORDED",
        performedBy: dan.id,
        metadata: { temperatureC: 37.9, pulse: 88 },
      },
      {
        visitId: v,
        eventType: "TESTS_ORDERED",
        performedBy: dan.id,
        metadata: { testOrderIds: ["test_1"], tests: ["Full blood count"] },
      },
      {
        visitId: v,
        eventType: "EXITED_ROOM",
        performedBy: dan.id,
        metadata: { diagnosis: "Fever, query malaria" },
      },
      { visitId: v, eventType: "CONSULTATION_COMPLETED", performedBy: dan.id },
    ]);

    await waitFor("the test order to reach the lab", async () => {
      const s = await lab.state();
      return s.tables.test_orders?.some((t) => t.testOrderId === "test_1");
    });
    const t = { testOrderId: "test_1" };
    await lab.append([
      { visitId: v, eventType: "TEST_SAMPLE_COLLECTED", performedBy: lena.id, metadata: t },
      { visitId: v, eventType: "TEST_IN_PROGRESS", performedBy: lena.id, metadata: t },
      {
        visitId: v,
        eventType: "TEST_COMPLETED",
        performedBy: lena.id,
        metadata: { ...t, results: [{ analyte: "Haemoglobin", value: 12.1, unit: "g/dL" }] },
      },
      { visitId: v, eventType: "TEST_REVIEWED", performedBy: lena.id, metadata: t },
      { visitId: v, eventType: "TEST_APPROVED", performedBy: lena.id, metadata: t },
      { visitId: v, eventType: "REPORT_GENERATED", performedBy: lena.id, metadata: t },
    ]);

    await waitFor("the approved result to reach reception", async () => {
      const s = await reception.state();
      return s.tables.test_orders?.some((x) => x.status === "reported");
    });
    await reception.append([
      {
        visitId: v,
        eventType: "TESTS_BILLED",
        performedBy: rita.id,
        metadata: { billId: "bill_2", amount: 40, testOrderIds: ["test_1"] },
      },
      {
        visitId: v,
        eventType: "PAYMENT_PARTIAL",
        performedBy: rita.id,
        metadata: { billId: "bill_2", amount: 15 },
      },
      {
        visitId: v,
        eventType: "PAYMENT_RECEIVED",
        performedBy: rita.id,
        metadata: { billId: "bill_2", amount: 25 },
      },
    ]);

    await waitFor("the paid test bill to reach the doctor", async () => {
      const visit = await doctor.call<Visit>("visit", v);
      return visit?.balanceCents === 0 && (await doctor.state()).tables.bills?.length === 2;
    });
    await doctor.append([
      { visitId: v, eventType: "VISIT_COMPLETED", performedBy: dan.id },
      {
        visitId: v,
        eventType: "FOLLOWUP_SCHEDULED",
        performedBy: dan.id,
        metadata: { dueDate: "2031-01-15" },
      },
    ]);

    const state = await converged([reception, doctor, lab], 21);
    expect(state.tables.visits).toHaveLength(1);
    expect(state.tables.visits?.[0]).toMatchObject({
      status: "completed",
      dueCents: 19000,
      paidCents: 19000,
    });
    expect(state.tables.visit_conflicts).toEqual([]);
    expect(state.tables.staff?.map((s) => s.name).sort()).toEqual([
      "Dr Dan",
      "Lena Lab",
      "Rita Reception",
      "Test Admin",
    ]);
    // Events keep their origin: who recorded what, on which desk.
    const origin = new Set(state.events.map((e) => e.deviceId));
    expect(origin).toEqual(new Set([reception.deviceId, doctor.deviceId, lab.deviceId]));

    // The server's device list: three devices, each seen, each holding what it recorded.
    const [status] = hmsJson<{ devices: { id: string; eventsHeld: number; lastSeenAt: string | null }[] }[]>([
      "sync-server",
      "devices",
      "--db",
      clinic.serverDb,
    ]);
    const held = Object.fromEntries(status?.devices.map((d) => [d.id, d.eventsHeld]) ?? []);
    expect(held).toEqual({ [reception.deviceId]: 7, [doctor.deviceId]: 8, [lab.deviceId]: 6 });
    expect(status?.devices.every((d) => d.lastSeenAt !== null)).toBe(true);

    // A round may be running (a long poll woke it); the desk settles to idle.
    const sync = await waitFor("the doctor's desk to settle", async () => {
      const st = await doctor.status();
      return st.state === "idle" ? st : undefined;
    });
    expect(sync).toMatchObject({ state: "idle", online: true, pending: 0, rejected: 0, conflicts: 0 });
    expect(sync.clockFlagged).toBe(false);
  }, 180_000); // four staff keys are made under scrypt before the visit starts
});

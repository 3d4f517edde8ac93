import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasEvent } from "../../db/visit-events.js";
import { createDeskSyncStore } from "../../sync/desk-store.js";
import { type RouterClinic, routerClinic } from "./router-support.js";

// Mending mistakes through the channels: a sync conflict resolved with a compensating event by the people who own
// that part of the visit (which side stands, who, why), and a visit handed to another doctor until the consultation
// is completed. Bad input and refusals change nothing.

let c: RouterClinic;
let patientId: string;
let n = 0;

const eventCount = () => c.db.sqlite.prepare("SELECT COUNT(*) FROM visit_events").pluck().get() as number;

/** A payment another desk took for the same bill while this one was offline, sequenced first by the server. */
function paidAtOtherDesk(visitId: string, billId: string) {
  n += 1;
  const id = `01JOTHERDESK${String(n).padStart(14, "0")}`;
  c.db.sqlite
    .prepare(
      `INSERT INTO visit_events (id, visitId, eventType, description, metadata, performedBy, performedAt, deviceId,
        serverSeq, schemaVersion, recordedAt, prevHash, hash)
       VALUES (?, ?, 'PAYMENT_RECEIVED', NULL, ?, NULL, ?, 'dev_OTHER', ?, 2, ?, NULL, ?)`,
    )
    .run(
      id,
      visitId,
      JSON.stringify({ billId, amount: 150, paymentMethod: "MOBILE_MONEY", currency: "KES" }),
      new Date().toISOString(),
      100_000 + n,
      new Date().toISOString(),
      `h${n}`,
    );
  return id;
}

/** A visit whose consultation fee both this desk and another took in full: one payment is held as a conflict. */
async function paidTwice() {
  const v = await c.ok<{ visitId: string; billId: string }>("reception", "registerVisit", {
    patientId,
    doctorId: c.ids.doctor,
    allowSecondVisit: true,
    secondVisitReason: "test",
  });
  // The registration reached the server before both desks went offline; this desk's payment is still pending.
  c.db.sqlite.prepare("UPDATE visit_events SET serverSeq = position WHERE serverSeq IS NULL").run();
  const local = await c.ok<{ eventIds: string[] }>("reception", "recordPayment", {
    visitId: v.visitId,
    billId: v.billId,
    amount: 150,
  });
  const other = paidAtOtherDesk(v.visitId, v.billId);
  c.db.events.refold([v.visitId]);
  return { ...v, local: local.eventIds[0] as string, other };
}

type Step = {
  id: string;
  eventType: string;
  standing: string;
  voidedBy: string | null;
  metadata: Record<string, unknown>;
};
const journey = (visitId: string) =>
  c.ok<{ visit: { balance: number; paid: number; conflictCount: number }; steps: Step[] }>(
    "reception",
    "visitJourney",
    { visitId },
  );
type Conflict = {
  eventId: string;
  kind: string;
  code: string;
  resolvers: string[];
  rivals: { eventId: string }[];
};
const conflicts = async () => (await c.ok<{ conflicts: Conflict[] }>("reception", "conflicts", {})).conflicts;

beforeAll(async () => {
  c = await routerClinic();
  patientId = (
    await c.ok<{ patient: { id: string } }>("reception", "registerPatient", {
      name: "Zawadi Mwita",
      sex: "female",
    })
  ).patient.id;
});
afterAll(() => c?.close());

describe("resolving a sync conflict", () => {
  it("lists the conflict with who may resolve it and the entry in force it clashes with", async () => {
    const v = await paidTwice();
    const row = (await conflicts()).find((x) => x.eventId === v.local);
    expect(row).toMatchObject({
      kind: "conflict",
      code: "PAYMENT_EXCEEDS_BALANCE",
      resolvers: ["reception", "admin"],
    });
    expect(row?.rivals.map((r) => r.eventId)).toEqual([v.other]);
    expect((await c.ok<{ conflicts: number }>("reception", "syncStatus", {})).conflicts).toBeGreaterThan(0);
  });

  it("refuses a role that does not own that part of the visit, and bad input, writing nothing", async () => {
    const v = await paidTwice();
    const before = eventCount();
    const lab = await c.call("lab", "resolveConflict", {
      conflictEventId: v.local,
      kept: "in_force",
      reason: "x",
    });
    expect(lab).toMatchObject({ ok: false, status: 403, error: { code: "FORBIDDEN" } });
    const noReason = await c.call("reception", "resolveConflict", {
      conflictEventId: v.local,
      kept: "in_force",
      reason: " ",
    });
    expect(noReason).toMatchObject({
      ok: false,
      status: 400,
      error: { code: "INVALID_INPUT", field: "reason" },
    });
    const which = await c.call("reception", "resolveConflict", {
      conflictEventId: v.local,
      kept: "both",
      reason: "x",
    });
    expect(which).toMatchObject({ ok: false, status: 400, error: { code: "INVALID_INPUT", field: "kept" } });
    const still = await c.call("reception", "resolveConflict", {
      conflictEventId: v.local,
      kept: "conflicting",
      reason: "We took mobile money too",
    });
    expect(still).toMatchObject({ ok: false, status: 409, error: { code: "CONFLICT_STILL_REFUSED" } });
    expect(eventCount()).toBe(before);
  });

  it("keeps the entry in force: the other is struck through for good and the money counted once", async () => {
    const v = await paidTwice();
    await c.ok("reception", "resolveConflict", {
      conflictEventId: v.local,
      kept: "in_force",
      reason: "Only mobile money was taken; the cash was never received",
    });
    const j = await journey(v.visitId);
    expect(j.visit).toMatchObject({ balance: 0, paid: 150, conflictCount: 0 });
    const resolution = j.steps.find((s) => s.eventType === "CONFLICT_RESOLVED");
    expect(resolution?.metadata).toMatchObject({ conflictEventId: v.local, kept: "in_force" });
    expect(j.steps.find((s) => s.id === v.local)).toMatchObject({
      standing: "voided",
      voidedBy: resolution?.id,
    });
    expect(j.steps.find((s) => s.id === v.other)?.standing).toBe("in_force");
    expect((await conflicts()).some((x) => x.eventId === v.local)).toBe(false);
    const again = await c.call("reception", "resolveConflict", {
      conflictEventId: v.local,
      kept: "in_force",
      reason: "again",
    });
    expect(again).toMatchObject({ ok: false, status: 422, error: { code: "CONFLICT_NOT_FOUND" } });
  });

  it("keeps the other desk's entry in place of the one in force, voiding that one in the same append", async () => {
    const v = await paidTwice();
    const r = await c.ok<{ eventIds: string[] }>("admin", "resolveConflict", {
      conflictEventId: v.local,
      kept: "conflicting",
      replacedEventId: v.other,
      reason: "The patient paid cash here; the mobile money was sent back",
    });
    expect(r.eventIds).toHaveLength(2);
    const j = await journey(v.visitId);
    expect(j.visit).toMatchObject({ balance: 0, paid: 150, conflictCount: 0 });
    expect(j.steps.find((s) => s.id === v.other)?.standing).toBe("voided");
    expect(j.steps.find((s) => s.id === v.local)?.standing).toBe("in_force");
    expect(hasEvent(c.db, v.visitId, "PAYMENT_RECEIVED")).toBe(true);
  });
});

describe("another doctor for the visit", () => {
  it("moves a waiting visit, asks a reason once the patient was in the room, refuses after completion", async () => {
    const second = await c.ok<{ staff: { id: string } }>("admin", "addStaff", {
      name: "Dr Wanjiru Kamau",
      role: "doctor",
      username: "doctor2",
      password: "Harbour-Lantern-91",
    });
    const v = await c.ok<{ visitId: string }>("reception", "registerVisit", {
      patientId,
      doctorId: c.ids.doctor,
      allowSecondVisit: true,
      secondVisitReason: "test",
    });
    await c.ok("reception", "assignDoctor", { visitId: v.visitId, doctorId: second.staff.id });
    await c.ok("reception", "callPatient", { visitId: v.visitId, roomNumber: "2" });
    await c.ok("doctor", "enterRoom", { visitId: v.visitId });
    const before = eventCount();
    const noReason = await c.call("reception", "assignDoctor", {
      visitId: v.visitId,
      doctorId: c.ids.doctor,
    });
    expect(noReason).toMatchObject({
      ok: false,
      status: 422,
      error: { code: "REASON_REQUIRED", field: "reason" },
    });
    expect(eventCount()).toBe(before);
    await c.ok("reception", "assignDoctor", {
      visitId: v.visitId,
      doctorId: c.ids.doctor,
      reason: "Needs the surgeon",
    });
    const visit = await c.ok<{ visit: { doctorId: string } }>("reception", "visit", { visitId: v.visitId });
    expect(visit.visit.doctorId).toBe(c.ids.doctor);
    await c.ok("doctor", "completeConsultation", { visitId: v.visitId });
    const late = await c.call("reception", "assignDoctor", {
      visitId: v.visitId,
      doctorId: second.staff.id,
      reason: "Second opinion",
    });
    expect(late).toMatchObject({ ok: false, status: 409, error: { code: "ILLEGAL_TRANSITION" } });
  });
});

describe("duplicate patients with an estimated birth date", () => {
  it("refuses an age within a year of an estimated birth date, and lets a different exact date through", async () => {
    await c.ok("reception", "registerPatient", {
      name: "Baraka Otieno",
      sex: "male",
      dateOfBirth: "1980-03-01",
      dateOfBirthEstimated: true,
    });
    const dup = await c.call("reception", "registerPatient", {
      name: "baraka  otieno",
      sex: "male",
      dateOfBirth: "1981-07-15",
    });
    expect(dup).toMatchObject({ ok: false, error: { code: "POSSIBLE_DUPLICATE_PATIENT" } });
    await c.ok("reception", "registerPatient", {
      name: "Neema Akinyi",
      sex: "female",
      dateOfBirth: "1992-02-02",
    });
    await c.ok("reception", "registerPatient", {
      name: "Neema Akinyi",
      sex: "female",
      dateOfBirth: "1992-09-30",
    });
  });
});

describe("entries the central server refused", () => {
  it("lists them with their visit, patient and the server's reason, and counts them while sync is off", async () => {
    const v = await c.ok<{ visitId: string; tokenNumber: string; billId: string }>(
      "reception",
      "registerVisit",
      {
        patientId,
        doctorId: c.ids.doctor,
        allowSecondVisit: true,
        secondVisitReason: "test",
      },
    );
    const payment = await c.ok<{ eventIds: string[] }>("reception", "recordPayment", {
      visitId: v.visitId,
      billId: v.billId,
      amount: 150,
    });
    const refusedId = payment.eventIds[0] as string;
    // What the sync job records when the server answers a push with a refusal.
    createDeskSyncStore(c.db).recordPushResults(
      [
        {
          id: refusedId,
          status: "rejected",
          code: "HASH_MISMATCH",
          reason: `Event ${refusedId} does not match its hash: it was changed after it was recorded.`,
        },
      ],
      new Date(),
    );
    const answer = await c.ok<{ refused: Record<string, unknown>[] }>("doctor", "conflicts", {});
    expect(answer.refused).toEqual([
      expect.objectContaining({
        eventId: refusedId,
        visitId: v.visitId,
        eventType: "PAYMENT_RECEIVED",
        tokenNumber: v.tokenNumber,
        patientName: "Zawadi Mwita",
        performedBy: "Rita Mensah",
        code: "HASH_MISMATCH",
        message: expect.stringContaining("changed after it was recorded"),
      }),
    ]);
    expect((await c.ok<{ rejected: number }>("reception", "syncStatus", {})).rejected).toBe(1);
  });
});

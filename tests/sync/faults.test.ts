import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { patientPerDesk, startClinic, type TestClinic } from "./support/clinic.js";
import { converged } from "./support/converge.js";
import { type DeskProcess, hms, hmsJson, testJobOptions, waitFor } from "./support/processes.js";
import { type FaultyProxy, startProxy } from "./support/proxy.js";
import { visitEvents } from "./support/visits.js";

// Faults, one after another on one clinic: after each, nothing is lost, nothing is doubled, and every desk holds
// the same events and read models. Reception and the doctor talk to the server directly; the lab goes through a
// proxy that can take its network down or lose an answer; the night desk's clock is a day behind.

const DAY = 86_400_000;
let clinic: TestClinic;
let proxy: FaultyProxy;
let reception: DeskProcess;
let doctor: DeskProcess;
let lab: DeskProcess;
let night: DeskProcess;
let patient: Record<string, string>;
let expected = 0;

const serverHead = () => clinic.eventHead();

async function addVisits(
  desk: DeskProcess,
  prefix: string,
  count: number,
  at?: (v: number, i: number) => string,
) {
  for (let v = 0; v < count; v++)
    await desk.append(
      visitEvents(`${prefix}_${v}`, patient[desk.name] as string, at ? (i) => at(v, i) : undefined),
    );
  expected += count * 10;
}

beforeAll(async () => {
  clinic = await startClinic();
  proxy = await startProxy(clinic.server.url);
  [reception, doctor, lab, night] = await Promise.all([
    clinic.desk("reception"),
    clinic.desk("doctor", { start: false }),
    clinic.desk("lab", { serverUrl: proxy.url }),
    clinic.desk("night", { clockOffsetMs: -DAY }),
  ]);
  patient = await patientPerDesk([reception, doctor, lab, night]);
});
afterAll(async () => {
  await proxy?.close();
  await clinic?.close();
});

describe("sync under faults", () => {
  it("loses and doubles nothing when the server is SIGKILLed in the middle of a push", async () => {
    // The doctor's desk builds a backlog while its job is stopped, then pushes it 50 events at a time.
    await addVisits(doctor, "kill", 120);
    await doctor.start({ ...testJobOptions, pushBatch: 50 });
    while (serverHead() === 0) await new Promise((r) => setTimeout(r, 5));
    await clinic.server.kill();
    expect(serverHead()).toBeLessThan(expected); // killed before the backlog was through
    await clinic.restartServer();
    await converged([reception, doctor, lab, night], expected);
    expect(serverHead()).toBe(expected);
  });

  it("does not store an event twice when the answer to a committed push is lost", async () => {
    const lost = proxy.loseNextAnswer("POST /v1/events");
    await addVisits(lab, "lost", 1);
    const answer = await lost;
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body).results.map((r: { status: string }) => r.status)).toEqual(
      Array(10).fill("accepted"),
    );
    await converged([reception, doctor, lab, night], expected);
    expect(serverHead()).toBe(expected);
  });

  it("takes in a day's worth of work from a desk that was offline", async () => {
    proxy.down();
    const start = Date.now() - DAY;
    // 40 visits spread over the past day, recorded while the lab's network was down.
    await addVisits(lab, "offline", 40, (v, i) =>
      new Date(start + v * 30 * 60_000 + i * 60_000).toISOString(),
    );
    await addVisits(reception, "meanwhile", 5);
    const offline = await waitFor("the lab to notice it is offline", async () => {
      const s = await lab.status();
      return s.state === "offline" ? s : false;
    });
    expect(offline).toMatchObject({ online: false, pending: 400 });
    expect(offline.lastError?.code).toBe("OFFLINE");
    proxy.up();
    const state = await converged([reception, doctor, lab, night], expected);
    const fromLab = state.events.filter((e) => String(e.visitId).startsWith("offline_"));
    expect(fromLab).toHaveLength(400);
    expect(
      state.tables.visits?.filter((v) => String(v.id).startsWith("offline_") && v.status === "completed"),
    ).toHaveLength(40);
  });

  it("orders by the server and flags a desk clock a day behind", async () => {
    await addVisits(night, "night", 2);
    const state = await converged([reception, doctor, lab, night], expected);
    const s = await night.status();
    expect(s.clockFlagged).toBe(true);
    expect(Math.round((s.clockOffsetMs ?? 0) / 3_600_000)).toBe(-24);
    expect((await reception.status()).clockFlagged).toBe(false);
    const nightEvents = state.events.filter(
      (e) => e.deviceId === night.deviceId && String(e.visitId).startsWith("night_"),
    );
    expect(nightEvents.every((e) => Date.parse(String(e.recordedAt)) < Date.now() - DAY + 3_600_000)).toBe(
      true,
    );
    const [server] = hmsJson<{ devices: { id: string; clockFlagged: boolean }[] }[]>([
      "sync-server",
      "devices",
      "--db",
      clinic.serverDb,
    ]);
    expect(server?.devices.find((d) => d.id === night.deviceId)?.clockFlagged).toBe(true);
    expect(server?.devices.find((d) => d.id === reception.deviceId)?.clockFlagged).toBe(false);
  });

  it("keeps two payments of one bill made offline as a conflict with the same winner everywhere", async () => {
    await reception.append([
      { visitId: "double_pay", eventType: "VISIT_REGISTERED", metadata: { patientId: patient.reception } },
      { visitId: "double_pay", eventType: "CONSULTATION_BILLED", metadata: { billId: "b", amount: 80 } },
    ]);
    expected += 2;
    await converged([reception, doctor, lab, night], expected);
    await reception.call("stop");
    await doctor.call("stop");
    const [paidAtReception] = await reception.append([
      { visitId: "double_pay", eventType: "PAYMENT_RECEIVED", metadata: { billId: "b", amount: 80 } },
    ]);
    await doctor.append([
      { visitId: "double_pay", eventType: "PAYMENT_RECEIVED", metadata: { billId: "b", amount: 80 } },
    ]);
    expected += 2;
    await reception.start();
    await doctor.start();
    const state = await converged([reception, doctor, lab, night], expected);
    const conflicts = state.tables.visit_conflicts?.filter((c) => c.visitId === "double_pay");
    expect(conflicts).toHaveLength(1);
    expect(conflicts?.[0]).toMatchObject({ kind: "conflict", code: "PAYMENT_EXCEEDS_BALANCE" });
    expect(state.tables.visits?.find((v) => v.id === "double_pay")).toMatchObject({
      paidCents: 8000,
      conflictCount: 1,
    });
    // Both payments are still facts in the log; whichever the server sequenced first is the one in force.
    const pays = state.events.filter((e) => e.visitId === "double_pay" && e.eventType === "PAYMENT_RECEIVED");
    expect(pays).toHaveLength(2);
    expect(conflicts?.[0]?.eventId).toBe(pays[1]?.id);
    expect([pays[0]?.id, pays[1]?.id]).toContain(paidAtReception?.id);
    expect((await doctor.status()).conflicts).toBe(1);
  });

  it("refuses garbage, tampered and foreign events with reasons and changes nothing", async () => {
    const token = await reception.call<string>("token");
    const url = clinic.server.url;
    const auth = { authorization: `Bearer ${token}`, "content-type": "application/json" };
    const before = serverHead();

    const garbage = await fetch(`${url}/v1/events`, {
      method: "POST",
      headers: auth,
      body: "\u0000{not json",
    });
    expect(garbage.status).toBe(400);
    expect((await garbage.json()).error.code).toBe("INVALID_REQUEST");
    const wrongShape = await fetch(`${url}/v1/events`, {
      method: "POST",
      headers: auth,
      body: '{"evnts": []}',
    });
    expect(wrongShape.status).toBe(400);
    const noToken = await fetch(`${url}/v1/events?after=0`);
    expect(noToken.status).toBe(401);
    const badLimit = await fetch(`${url}/v1/events?after=0&limit=lots`, { headers: auth });
    expect((await badLimit.json()).error.message).toMatch(/limit must be a whole number/);

    const pulled = await (await fetch(`${url}/v1/events?after=0&limit=5000`, { headers: auth })).json();
    const own = pulled.events.find((e: { deviceId: string }) => e.deviceId === reception.deviceId);
    const other = pulled.events.find((e: { deviceId: string }) => e.deviceId === doctor.deviceId);
    const { seq: _s1, ...ownEvent } = own;
    const { seq: _s2, ...otherEvent } = other;
    const answer = await fetch(`${url}/v1/events`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({
        events: [
          { id: "x" },
          { ...ownEvent, id: "TAMPERED01", description: "changed" },
          otherEvent,
          ownEvent,
          { ...ownEvent, description: "rewritten history" },
        ],
      }),
    });
    expect(answer.status).toBe(200);
    const results = (await answer.json()).results;
    expect(results.map((r: { status: string; code?: string }) => r.code ?? r.status)).toEqual([
      "INVALID_EVENT",
      "HASH_MISMATCH",
      "NOT_YOUR_EVENT",
      "duplicate",
      "HASH_MISMATCH",
    ]);
    expect(results[0].reason).toMatch(/visitId/);
    expect(results[3].seq).toBe(own.seq);
    expect(serverHead()).toBe(before);
    await converged([reception, doctor, lab, night], expected);
  });

  it("starts again from 0 when its pull cursor is one the server does not know", async () => {
    const token = await doctor.call<string>("token");
    const res = await fetch(`${clinic.server.url}/v1/events?after=999999`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({
      error: { code: "CURSOR_UNKNOWN", details: { head: expected } },
    });
    await doctor.call("setCursor", 999_999);
    await addVisits(reception, "after_reset", 1);
    await converged([reception, doctor, lab, night], expected);
  });

  it("refuses a revoked device at its next request while its desk keeps working", async () => {
    const out = hms(["sync-server", "revoke", "--db", clinic.serverDb, "--device", night.deviceId]);
    expect(out).toMatch(/Revoked/);
    await addVisits(night, "revoked", 1);
    const s = await waitFor("the night desk to be refused", async () => {
      const st = await night.status();
      return st.state === "revoked" ? st : false;
    });
    expect(s.lastError?.code).toBe("DEVICE_REVOKED");
    expect(s.pending).toBe(10); // kept locally, never on the server
    expected -= 10;
    await addVisits(reception, "after_revoke", 1);
    const state = await converged([reception, doctor, lab], expected);
    expect(state.events.some((e) => String(e.visitId).startsWith("revoked_"))).toBe(false);
  });
});

import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { channelDefinition, isChannelName } from "../../api/contract.js";
import { roles } from "../../api/roles.js";
import { extraSamples, parseOnlySamples, type SampleIds } from "./channel-samples.js";
import {
  ADMIN_PASSWORD,
  type Reply,
  STAFF_PASSWORD,
  startTestHost,
  type TestHost,
  value,
} from "./http-support.js";

// Every channel over HTTP against a real database file: valid input answers, invalid input is refused with 400 and
// its zod issues and writes nothing, and the role x channel table: every role a channel does not list gets 403 and
// an entry in the security audit. Channels are discovered from GET /api, so a channel added later is covered too.

interface Described {
  name: string;
  kind: "command" | "query";
  roles: "public" | string[];
  input: { required?: string[] };
}

type Who = "admin" | "reception" | "doctor" | "lab";

let host: TestHost;
let channels: Described[];
const tokens = {} as Record<Who, string>;
const ids = {} as Record<Who, string>;
let sampleIds: SampleIds;
/** The first input each channel accepted, and who called it: reused by the role table. */
const accepted = new Map<string, { input: unknown; who: Who | null }>();

async function call(who: Who | null, channel: string, input: unknown): Promise<Reply> {
  const reply = await host.call(channel, input, who ? tokens[who] : null);
  if (reply.ok && !accepted.has(channel)) accepted.set(channel, { input, who });
  return reply;
}
async function ok<T = Record<string, unknown>>(who: Who | null, channel: string, input: unknown): Promise<T> {
  return value<T>(await call(who, channel, input));
}

const counts = () => {
  const db = new Database(host.web.db.path, { readonly: true });
  try {
    const n = (t: string) => (db.prepare(`SELECT COUNT(*) FROM ${t}`).pluck().get() as number) ?? 0;
    return {
      events: n("visit_events"),
      patients: n("patients"),
      staff: n("staff"),
      audit: n("security_audit"),
      meta: n("app_meta"),
    };
  } finally {
    db.close();
  }
};

beforeAll(async () => {
  host = await startTestHost();
  const res = await fetch(`${host.base}/api`, { headers: { "x-hms-secret": host.web.secret } });
  channels = ((await res.json()) as { channels: Described[] }).channels;

  expect(await ok(null, "setupStatus", {})).toEqual({ needsSetup: true, clinicName: null });
  const setup = await ok<{ token: string; staff: { id: string } }>(null, "setupClinic", {
    clinicName: "Riverside Clinic",
    adminName: "Ada Admin",
    username: "ada",
    password: ADMIN_PASSWORD,
  });
  tokens.admin = setup.token;
  ids.admin = setup.staff.id;
  const names = { reception: "Rita Mensah", doctor: "Dr Daniel Okoro", lab: "Lena Laboratory" };
  for (const role of ["reception", "doctor", "lab"] as const) {
    const added = await ok<{ staff: { id: string } }>("admin", "addStaff", {
      name: names[role],
      role,
      username: `${role}1`,
      password: STAFF_PASSWORD,
    });
    ids[role] = added.staff.id;
    tokens[role] = (
      await ok<{ token: string }>(null, "signIn", { username: `${role}1`, password: STAFF_PASSWORD })
    ).token;
  }
}, 120_000);

afterAll(async () => {
  await host?.close();
});

describe("the contract over HTTP", () => {
  it("describes itself at GET /api with a JSON Schema for each channel", () => {
    expect(channels.length).toBeGreaterThan(40);
    for (const c of channels) {
      expect(c.input).toMatchObject({ type: "object" });
      expect(["command", "query"]).toContain(c.kind);
    }
    expect(channels.find((c) => c.name === "registerVisit")?.roles).toEqual(["reception", "admin"]);
  });

  it("walks a visit from registration to follow-up through the clinic's commands", async () => {
    await ok(null, "describe", {});
    await ok("admin", "session", {});
    await ok("reception", "settings", {});
    await ok("admin", "updateSettings", { consultationFee: 500, currency: "KES" });
    await ok("admin", "staffList", {});
    const { doctors } = await ok<{ doctors: { id: string; queueLetter: string }[] }>(
      "reception",
      "doctors",
      {},
    );
    expect(doctors).toEqual([{ id: ids.doctor, name: "Dr Daniel Okoro", queueLetter: "A" }]);

    const { patient } = await ok<{ patient: { id: string } }>("reception", "registerPatient", {
      name: "Amina Yusuf",
      sex: "female",
      dateOfBirth: "1990-05-01",
      phone: "+254 700 123456",
    });
    const found = await ok<{ patients: { id: string }[] }>("reception", "searchPatients", { query: "amina" });
    expect(found.patients.map((p) => p.id)).toEqual([patient.id]);
    await ok("doctor", "patient", { patientId: patient.id });

    // Registration: three events in one append, a token in the doctor's queue and the consultation bill.
    const v1 = await ok<{ visitId: string; tokenNumber: string; billId: string; positions: number[] }>(
      "reception",
      "registerVisit",
      { patientId: patient.id, doctorId: ids.doctor },
    );
    expect(v1.tokenNumber).toBe("A-001");
    expect(v1.positions).toHaveLength(3);
    const journey0 = await ok<{ steps: { eventType: string; performedBy: { id: string } }[] }>(
      "doctor",
      "visitJourney",
      { visitId: v1.visitId },
    );
    expect(journey0.steps.map((s) => s.eventType)).toEqual([
      "VISIT_REGISTERED",
      "QUEUE_JOINED",
      "CONSULTATION_BILLED",
    ]);
    // performedBy is the signed-in receptionist, whatever the input said (it could not say anything: strict input).
    expect(journey0.steps.every((s) => s.performedBy.id === ids.reception)).toBe(true);

    await ok("reception", "visit", { visitId: v1.visitId });
    await ok("reception", "visitsOfDay", {});
    const queue = await ok<{ entries: { tokenNumber: string }[] }>("doctor", "queue", {});
    expect(queue.entries.map((e) => e.tokenNumber)).toEqual(["A-001"]);
    const paid = await ok<{ paidInFull: boolean }>("reception", "recordPayment", {
      visitId: v1.visitId,
      billId: v1.billId,
      amount: 500,
    });
    expect(paid.paidInFull).toBe(true);

    const called = await ok<{ visitId: string }>("doctor", "callNextPatient", { roomNumber: "5" });
    expect(called.visitId).toBe(v1.visitId);
    const visit = { visitId: v1.visitId };
    await ok("doctor", "enterRoom", { ...visit, roomNumber: "5" });
    await ok("doctor", "recordVitals", { ...visit, vitals: { temperatureC: 37.2, pulse: 78 } });
    await ok("doctor", "prescribe", {
      ...visit,
      items: [{ drug: "Paracetamol", dose: "500 mg", frequency: "three times a day", duration: "5 days" }],
    });
    const tests = await ok<{ testOrderIds: [string, string] }>("doctor", "orderTests", {
      ...visit,
      tests: [{ name: "Full blood count", specimen: "blood" }, { name: "Malaria RDT" }],
      priority: "urgent",
    });
    const referral = await ok<{ eventIds: string[] }>("doctor", "refer", {
      ...visit,
      referredTo: "Kenyatta Hospital",
      specialty: "Cardiology",
    });
    // Documents need an open visit, so they are part of the walk (tests/api/documents.test.ts covers them fully).
    const letter = await ok<{ documentId: string }>("doctor", "uploadDocument", {
      ...visit,
      fileName: "referral-letter.txt",
      mimeType: "text/plain",
      contentBase64: Buffer.from("Dear colleague").toString("base64"),
    });
    await ok("reception", "shareDocument", {
      ...visit,
      documentId: letter.documentId,
      sharedWith: "Patient",
    });
    await ok("doctor", "documentFile", { ...visit, documentId: letter.documentId });
    await ok("doctor", "completeConsultation", { ...visit, diagnosis: "Fever" });
    await ok("doctor", "exitRoom", { ...visit, notes: "Review with results" });

    const testBill = await ok<{ billId: string }>("reception", "billTests", {
      ...visit,
      testOrderIds: tests.testOrderIds,
      amount: 1200,
    });
    const part = await ok<{ balance: number; paidInFull: boolean }>("reception", "recordPayment", {
      ...visit,
      billId: testBill.billId,
      amount: 200,
      paymentMethod: "MOBILE_MONEY",
    });
    expect(part).toMatchObject({ balance: 1000, paidInFull: false });
    await ok("reception", "refundPayment", {
      ...visit,
      billId: testBill.billId,
      amount: 50,
      reason: "Overcharged",
    });
    const bills = await ok<{ bills: unknown[] }>("reception", "bills", { visitId: v1.visitId });
    expect(bills.bills).toHaveLength(2);

    const worklist = await ok<{ tests: { testOrderId: string }[] }>("lab", "labWorklist", {});
    expect(worklist.tests.map((t) => t.testOrderId).sort()).toEqual([...tests.testOrderIds].sort());
    const [t1, t2] = tests.testOrderIds;
    await ok("lab", "collectSample", { ...visit, testOrderId: t1, specimen: "blood" });
    await ok("lab", "rejectSample", { ...visit, testOrderId: t1, reason: "Haemolysed" });
    for (const t of [t1, t2]) {
      await ok("lab", "collectSample", { ...visit, testOrderId: t });
      await ok("lab", "startTest", { ...visit, testOrderId: t });
      await ok("lab", "recordResult", {
        ...visit,
        testOrderId: t,
        results: [{ analyte: "Haemoglobin", value: 13.1, unit: "g/dL", referenceLow: 12, referenceHigh: 16 }],
      });
      await ok("doctor", "reviewResult", { ...visit, testOrderId: t });
      await ok("lab", "approveResult", { ...visit, testOrderId: t });
    }
    await ok("lab", "generateReport", { ...visit, testOrderId: t1 });
    await ok("reception", "deliverReport", { ...visit, testOrderId: t1, deliveredTo: "patient" });
    await ok("doctor", "amendReport", { ...visit, testOrderId: t1, reason: "Unit corrected" });

    await ok("admin", "voidEntry", {
      ...visit,
      eventId: referral.eventIds[0],
      reason: "Entered on the wrong visit",
    });
    await ok("doctor", "completeVisit", { ...visit, notes: "Well", confirmBalanceOwed: true });
    const fu = await ok<{ followUpId: string }>("doctor", "scheduleFollowUp", {
      ...visit,
      dueDate: "2027-01-15",
    });
    await ok("reception", "sendFollowUpReminder", { ...visit, followUpId: fu.followUpId, channel: "SMS" });

    // A second visit with no doctor yet: general queue, then assigned, called, skipped, back in the queue, cancelled.
    const v2 = await ok<{ visitId: string; tokenNumber: string }>("reception", "registerVisit", {
      patientId: patient.id,
      consultationFee: 300,
    });
    expect(v2.tokenNumber).toBe("G-001");
    const second = { visitId: v2.visitId };
    await ok("reception", "assignDoctor", { ...second, doctorId: ids.doctor });
    await ok("reception", "callPatient", second);
    await ok("reception", "skipPatient", { ...second, reason: "Not in the waiting room" });
    await ok("reception", "requeuePatient", second);
    await ok("reception", "cancelVisit", { ...second, reason: "Patient went home" });
    const v3 = await ok<{ visitId: string }>("admin", "registerVisit", {
      patientId: patient.id,
      doctorId: ids.doctor,
    });
    await ok("reception", "rescheduleVisit", { visitId: v3.visitId, newDate: "2027-02-01" });
    // Another desk's payment that sync brought in and the rules refused: a conflict, resolved by the front desk.
    host.web.db.sqlite
      .prepare(
        `INSERT INTO visit_events (id, visitId, eventType, metadata, performedAt, deviceId, serverSeq, schemaVersion,
          recordedAt, hash) VALUES ('01JOTHERDESKPAYMENT0000001', ?, 'PAYMENT_RECEIVED', ?, ?, 'dev_OTHER', 1, 2, ?, 'h')`,
      )
      .run(
        v3.visitId,
        JSON.stringify({ billId: "bill_elsewhere", amount: 20, currency: null }),
        new Date().toISOString(),
        new Date().toISOString(),
      );
    host.web.db.events.refold([v3.visitId]);
    await ok("reception", "resolveConflict", {
      conflictEventId: "01JOTHERDESKPAYMENT0000001",
      kept: "in_force",
      reason: "Paid at the other clinic",
    });

    sampleIds = { patientId: patient.id, visitId: v1.visitId, staff: ids };
    const figures = await ok<{ visits: number; completed: number; cancelled: number }>(
      "admin",
      "analytics",
      {},
    );
    expect(figures).toMatchObject({ visits: 3, completed: 1, cancelled: 1 });
    await ok("admin", "securityAudit", { limit: 10 });
  });

  it("answers the channels the walk did not call (samples, or {} for queries)", async () => {
    for (const c of channels) {
      if (accepted.has(c.name) || parseOnlySamples[c.name]) continue;
      const sample = extraSamples[c.name];
      if (!sample && (c.kind !== "query" || (c.input.required ?? []).length > 0)) continue;
      const who: Who | null = c.roles === "public" ? null : (c.roles[0] as Who);
      const reply = await call(who, c.name, sample ? sample(sampleIds) : {});
      expect(reply.ok, `${c.name}: ${reply.ok ? "" : reply.error.message}`).toBe(true);
    }
  });

  it("answers a domain refusal with 409 or 422, its code and a sentence, and writes nothing", async () => {
    const before = counts();
    const none = await call("reception", "enterRoom", { visitId: "visit_that_does_not_exist" });
    expect(none).toMatchObject({ ok: false, httpStatus: 422, error: { code: "VISIT_NOT_FOUND" } });
    const { patients } = await ok<{ patients: { id: string }[] }>("reception", "searchPatients", {});
    const v = await ok<{ visitId: string }>("reception", "registerVisit", {
      patientId: patients[0]?.id,
      doctorId: ids.doctor,
    });
    const mid = counts();
    const early = await call("doctor", "exitRoom", { visitId: v.visitId });
    expect(early).toMatchObject({ ok: false, httpStatus: 409, error: { code: "ILLEGAL_TRANSITION" } });
    if (!early.ok) expect(early.error.message).toMatch(/not possible while the patient is waiting/);
    expect(counts()).toEqual(mid);
    expect(mid.events).toBe(before.events + 3);
  });

  it("refuses invalid input with 400 and zod issues on every channel, writing nothing", async () => {
    const before = counts();
    for (const c of channels) {
      const who: Who | null = c.roles === "public" ? null : (c.roles[0] as Who);
      const reply = await call(who, c.name, ["not", "an", "object"]);
      expect(reply, c.name).toMatchObject({ ok: false, httpStatus: 400, error: { code: "INVALID_INPUT" } });
      if (!reply.ok) expect(Array.isArray(reply.error.details), c.name).toBe(true);
    }
    const bad = await call("reception", "registerPatient", { name: "", sex: "unknown-sex", phone: "12" });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      const paths = (bad.error.details as { path: string[] }[]).map((i) => i.path.join("."));
      expect(paths.sort()).toEqual(["name", "phone", "sex"]);
      expect(bad.error.message).toMatch(/Name must not be empty\./);
    }
    // performedBy cannot be smuggled in: inputs are strict.
    const smuggled = await call("reception", "cancelVisit", {
      visitId: "x",
      reason: "r",
      performedBy: ids.admin,
    });
    expect(smuggled).toMatchObject({ httpStatus: 400, error: { code: "INVALID_INPUT" } });
    // The one thing written: a channel whose refusals are audited (the audit export) notes its bad input.
    const audited = channels.filter((c) => isChannelName(c.name) && channelDefinition(c.name).refusedAs);
    expect(audited.map((c) => c.name)).toEqual(["exportAuditLog"]);
    expect(counts()).toEqual({ ...before, audit: before.audit + audited.length });
  });

  it("refuses every role a channel does not list with 403, audits it and writes nothing else", async () => {
    const table: { channel: string; role: Who }[] = [];
    for (const c of channels) {
      if (c.roles === "public") continue;
      for (const role of roles) if (!c.roles.includes(role)) table.push({ channel: c.name, role });
    }
    expect(table.length).toBeGreaterThan(60);
    const before = counts();
    for (const { channel, role } of table) {
      const input = accepted.get(channel)?.input ?? parseOnlySamples[channel]?.(sampleIds);
      expect(input, `no valid input known for ${channel}`).toBeDefined();
      const reply = await host.call(channel, input, tokens[role]);
      expect(reply, `${role} -> ${channel}`).toMatchObject({
        ok: false,
        httpStatus: 403,
        error: { code: "FORBIDDEN" },
      });
    }
    const after = counts();
    expect({ ...after, audit: 0 }).toEqual({ ...before, audit: 0 });
    expect(after.audit - before.audit).toBe(table.length);
    const { entries } = await ok<{
      entries: { action: string; username: string; detail: { channel: string } }[];
    }>("admin", "securityAudit", { limit: 500 });
    // A channel whose refusals have their own action (the audit export's) is written under it.
    const actionOf = (channel: string) =>
      isChannelName(channel) ? (channelDefinition(channel).refusedAs ?? "forbidden_call") : "";
    for (const { channel, role } of table)
      expect(
        entries.some(
          (e) =>
            e.action === actionOf(channel) &&
            e.detail.channel === channel &&
            e.username === `${role === "admin" ? "ada" : `${role}1`}`,
        ),
        `${role} -> ${channel} audited`,
      ).toBe(true);
  });

  it("signs out, locks and unlocks, changes passwords, roles and who is active", async () => {
    await ok("reception", "changePassword", {
      currentPassword: STAFF_PASSWORD,
      newPassword: "Papaya-Lorry-58",
    });
    const weak = await call("reception", "changePassword", {
      currentPassword: "Papaya-Lorry-58",
      newPassword: "password123",
    });
    expect(weak).toMatchObject({ httpStatus: 422, error: { code: "WEAK_PASSWORD" } });

    await ok("doctor", "lock", {});
    expect(await call("doctor", "queue", {})).toMatchObject({
      httpStatus: 401,
      error: { code: "SESSION_LOCKED" },
    });
    expect(await call("doctor", "unlock", { password: "Wrong-Password-1" })).toMatchObject({
      error: { code: "WRONG_CREDENTIALS" },
    });
    await ok("doctor", "unlock", { password: STAFF_PASSWORD });
    await ok("doctor", "queue", {});

    await ok("admin", "changeRole", { staffId: ids.lab, role: "reception" });
    // The old session carried the old role: it is over.
    expect(await call("lab", "labWorklist", {})).toMatchObject({
      httpStatus: 401,
      error: { code: "SESSION_EXPIRED" },
    });
    await ok("admin", "setStaffActive", { staffId: ids.lab, active: false });
    expect(await call(null, "signIn", { username: "lab1", password: STAFF_PASSWORD })).toMatchObject({
      httpStatus: 401,
      error: { code: "ACCOUNT_DEACTIVATED" },
    });
    await ok("admin", "setStaffActive", { staffId: ids.lab, active: true });
    await ok("admin", "resetPassword", { staffId: ids.lab, newPassword: "Cobalt-Heron-73" });
    expect(await call("admin", "setStaffActive", { staffId: ids.admin, active: false })).toMatchObject({
      httpStatus: 409,
      error: { code: "CANNOT_DEACTIVATE_SELF" },
    });
    expect(await call("admin", "changeRole", { staffId: ids.admin, role: "doctor" })).toMatchObject({
      httpStatus: 409,
      error: { code: "LAST_ADMIN" },
    });

    await ok("doctor", "signOut", {});
    expect(await call("doctor", "session", {})).toMatchObject({
      httpStatus: 401,
      error: { code: "SESSION_EXPIRED" },
    });
    expect(
      await call(null, "setupClinic", {
        clinicName: "Another",
        adminName: "Eve",
        username: "eve",
        password: "Quiet-Meadow-44",
      }),
    ).toMatchObject({ httpStatus: 409, error: { code: "ALREADY_SET_UP" } });
  });

  it("has answered every channel of the contract with success at least once", () => {
    const missing = channels.map((c) => c.name).filter((name) => !accepted.has(name));
    expect(
      missing,
      "channels never answered valid input: add a sample in tests/api/channel-samples.ts",
    ).toEqual([]);
  });
});

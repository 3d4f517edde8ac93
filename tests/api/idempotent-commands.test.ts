import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setUpClinic, startTestHost, type TestHost, value } from "./http-support.js";

// One click is one visit: a command sent again with the same command id (a double click, a retry after a timeout)
// answers as the first time and records nothing, even when both copies arrive at once over HTTP. A patient with an
// open visit gets a second one only when the desk says so, with a reason.

let host: TestHost;
let staff: Awaited<ReturnType<typeof setUpClinic>>;
let patientId: string;

const count = (sql: string, ...args: unknown[]) => {
  const db = new Database(host.web.db.path, { readonly: true });
  try {
    return db
      .prepare(sql)
      .pluck()
      .get(...args) as number;
  } finally {
    db.close();
  }
};
const eventsOf = (type: string) => count("SELECT COUNT(*) FROM visit_events WHERE eventType = ?", type);

beforeAll(async () => {
  host = await startTestHost();
  staff = await setUpClinic(host);
  value(await host.call("updateSettings", { consultationFee: 150, currency: "KES" }, staff.admin.token));
  patientId = value<{ patient: { id: string } }>(
    await host.call("registerPatient", { name: "Amina Yusuf", sex: "female" }, staff.reception.token),
  ).patient.id;
});
afterAll(() => host?.close());

describe("the same command id twice", () => {
  const start = { patientId: "", doctorId: "", commandId: "01JDOUBLECLICKVISIT0000001" };

  it("sent twice at once gives one visit, one token and one bill", async () => {
    start.patientId = patientId;
    start.doctorId = staff.doctor.id;
    const [a, b] = await Promise.all([
      host.call("registerVisit", start, staff.reception.token),
      host.call("registerVisit", start, staff.reception.token),
    ]);
    const first = value<{ visitId: string; tokenNumber: string; billId: string }>(a);
    expect(value(b)).toEqual(first);
    expect(eventsOf("VISIT_REGISTERED")).toBe(1);
    expect(eventsOf("QUEUE_JOINED")).toBe(1);
    expect(count("SELECT COUNT(*) FROM bills")).toBe(1);
  });

  it("sent again later (a retry after a timeout) answers the same and writes nothing", async () => {
    const before = count("SELECT COUNT(*) FROM visit_events");
    const again = value<{ visitId: string }>(await host.call("registerVisit", start, staff.reception.token));
    expect(again.visitId).toMatch(/^visit_/);
    expect(count("SELECT COUNT(*) FROM visit_events")).toBe(before);
  });

  it("a payment sent twice is taken once", async () => {
    const visit = value<{ visitId: string; billId: string }>(
      await host.call("registerVisit", start, staff.reception.token),
    );
    const pay = {
      visitId: visit.visitId,
      billId: visit.billId,
      amount: 50,
      commandId: "01JPAYONCE000000000000001",
    };
    const [a, b] = await Promise.all([
      host.call("recordPayment", pay, staff.reception.token),
      host.call("recordPayment", pay, staff.reception.token),
    ]);
    expect(value(a)).toEqual(value(b));
    expect(value<{ balance: number }>(a).balance).toBe(100);
    expect(eventsOf("PAYMENT_PARTIAL")).toBe(1);
  });

  it("the same id for another action is refused; a malformed id is bad input", async () => {
    const reused = await host.call(
      "cancelVisit",
      { visitId: "x", reason: "mistake", commandId: start.commandId },
      staff.reception.token,
    );
    expect(reused).toMatchObject({ ok: false, httpStatus: 409, error: { code: "COMMAND_ID_REUSED" } });
    const bad = await host.call(
      "cancelVisit",
      { visitId: "x", reason: "r", commandId: "no!" },
      staff.reception.token,
    );
    expect(bad).toMatchObject({ httpStatus: 400, error: { code: "INVALID_INPUT", field: "commandId" } });
  });
});

describe("a second open visit for the same patient", () => {
  it("is refused with the open visit's id and token", async () => {
    const r = await host.call(
      "registerVisit",
      { patientId, doctorId: staff.doctor.id, commandId: "01JSECONDCLICK00000000001" },
      staff.reception.token,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.httpStatus).toBe(409);
    expect(r.error.code).toBe("VISIT_ALREADY_OPEN");
    expect(r.error.params).toMatchObject({ tokenNumber: expect.stringMatching(/-001$/), status: "waiting" });
    expect(String(r.error.params?.visitId)).toMatch(/^visit_/);
    expect(eventsOf("VISIT_REGISTERED")).toBe(1);
  });

  it("needs a reason, and is then recorded with it", async () => {
    const noReason = await host.call(
      "registerVisit",
      { patientId, doctorId: staff.doctor.id, allowSecondVisit: true },
      staff.reception.token,
    );
    expect(noReason).toMatchObject({
      httpStatus: 400,
      error: { code: "INVALID_INPUT", field: "secondVisitReason" },
    });
    const second = value<{ visitId: string; tokenNumber: string }>(
      await host.call(
        "registerVisit",
        {
          patientId,
          doctorId: staff.doctor.id,
          allowSecondVisit: true,
          secondVisitReason: "Child seen separately for an injury",
        },
        staff.reception.token,
      ),
    );
    expect(second.tokenNumber).toMatch(/-002$/);
    expect(eventsOf("VISIT_REGISTERED")).toBe(2);
    const journey = value<{ steps: { eventType: string; text: string }[] }>(
      await host.call("visitJourney", { visitId: second.visitId }, staff.reception.token),
    );
    expect(journey.steps[0]?.text).toMatch(/Second open visit .*: Child seen separately for an injury/);
  });
});

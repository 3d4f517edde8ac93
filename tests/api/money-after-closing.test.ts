import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RouterClinic, routerClinic } from "./router-support.js";

// Money owed on a closed visit can be taken: completing with a balance needs the desk's confirmation, the visit then
// stays on the owing list until it is paid; bills name their tests; every money event is written in version 2 with
// the clinic's currency.

let c: RouterClinic;
let visitId: string;
let consultationBill: string;
let testsBill: string;

beforeAll(async () => {
  c = await routerClinic();
  const patient = (
    await c.ok<{ patient: { id: string } }>("reception", "registerPatient", {
      name: "Grace Wanjiru",
      sex: "female",
    })
  ).patient;
  const v = await c.ok<{ visitId: string; billId: string }>("reception", "registerVisit", {
    patientId: patient.id,
    doctorId: c.ids.doctor,
  });
  visitId = v.visitId;
  consultationBill = v.billId;
  await c.ok("doctor", "callPatient", { visitId, roomNumber: "3" });
  await c.ok("doctor", "enterRoom", { visitId });
  const ordered = await c.ok<{ testOrderIds: string[] }>("doctor", "orderTests", {
    visitId,
    tests: [{ name: "Malaria RDT" }, { name: "Full blood count" }],
  });
  testsBill = (
    await c.ok<{ billId: string }>("reception", "billTests", {
      visitId,
      testOrderIds: ordered.testOrderIds,
      amount: 900,
    })
  ).billId;
  for (const testOrderId of ordered.testOrderIds) {
    await c.ok("lab", "collectSample", { visitId, testOrderId });
    await c.ok("lab", "startTest", { visitId, testOrderId });
    await c.ok("lab", "recordResult", {
      visitId,
      testOrderId,
      results: [{ analyte: "Result", value: "seen" }],
    });
    await c.ok("doctor", "reviewResult", { visitId, testOrderId });
    await c.ok("lab", "approveResult", { visitId, testOrderId });
  }
  await c.ok("doctor", "exitRoom", { visitId });
});
afterAll(() => c?.close());

describe("money on a visit that is closed", () => {
  it("completing with money owed is refused until the desk confirms it", async () => {
    const r = await c.call("doctor", "completeVisit", { visitId });
    expect(r).toMatchObject({
      ok: false,
      status: 409,
      error: { code: "BALANCE_OWED", params: { balance: 1050 }, field: "confirmBalanceOwed" },
    });
    await c.ok("doctor", "completeVisit", { visitId, confirmBalanceOwed: true });
    const journey = await c.ok<{ steps: { eventType: string; text: string }[] }>(
      "reception",
      "visitJourney",
      { visitId },
    );
    expect(journey.steps.at(-1)).toMatchObject({
      eventType: "VISIT_COMPLETED",
      text: "Completed with 1050.00 KES still owed",
    });
  });

  it("the completed visit is on the owing list, with what is owed", async () => {
    const owing = await c.ok<{
      currency: string;
      visits: { visitId: string; balance: number; status: string }[];
    }>("reception", "owingVisits", {});
    expect(owing.currency).toBe("KES");
    expect(owing.visits).toEqual([
      expect.objectContaining({ visitId, balance: 1050, status: "completed", patientName: "Grace Wanjiru" }),
    ]);
  });

  it("payments are taken after completion and the visit leaves the owing list when paid", async () => {
    const part = await c.ok<{ balance: number; paidInFull: boolean }>("reception", "recordPayment", {
      visitId,
      billId: testsBill,
      amount: 400,
    });
    expect(part).toMatchObject({ balance: 500, paidInFull: false });
    await c.ok("reception", "recordPayment", { visitId, billId: testsBill, amount: 500 });
    await c.ok("reception", "recordPayment", { visitId, billId: consultationBill, amount: 150 });
    await c.ok("reception", "refundPayment", {
      visitId,
      billId: consultationBill,
      amount: 20,
      reason: "Discount agreed",
    });
    const owing = await c.ok<{ visits: { visitId: string; balance: number }[] }>(
      "reception",
      "owingVisits",
      {},
    );
    expect(owing.visits).toEqual([expect.objectContaining({ visitId, balance: 20 })]);
    await c.ok("reception", "recordPayment", { visitId, billId: consultationBill, amount: 20 });
    expect((await c.ok<{ visits: unknown[] }>("reception", "owingVisits", {})).visits).toEqual([]);
  });

  it("bills name their tests, and every money event carries version 2 and the currency", async () => {
    const bills = await c.ok<{ bills: { billId: string; items: unknown[] }[] }>("reception", "bills", {
      visitId,
    });
    expect(bills.bills.find((b) => b.billId === testsBill)?.items).toEqual([
      "Malaria RDT",
      "Full blood count",
    ]);
    expect(bills.bills.find((b) => b.billId === consultationBill)?.items).toEqual(["Consultation"]);
    const db = new Database(c.db.path, { readonly: true });
    const money = db
      .prepare(
        `SELECT eventType, schemaVersion, json_extract(metadata, '$.currency') AS currency FROM visit_events
         WHERE eventType IN ('CONSULTATION_BILLED', 'TESTS_BILLED', 'PAYMENT_RECEIVED', 'PAYMENT_PARTIAL', 'PAYMENT_REFUNDED')`,
      )
      .all() as { schemaVersion: number; currency: string }[];
    db.close();
    expect(money).toHaveLength(7);
    for (const m of money) expect(m).toMatchObject({ schemaVersion: 2, currency: "KES" });
  });
});

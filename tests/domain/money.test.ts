import { describe, expect, it } from "vitest";
import { currentVersion, upcast } from "../../domain/event-versions.js";
import { foldVisit } from "../../domain/fold.js";
import { balanceOwedRefusal, decide } from "../../domain/workflow.js";
import { ev, inRoom } from "../support/journey.js";

// Money on a visit, given/when/then: owed money can be taken after the visit is closed, completing with money owed
// needs the desk's confirmation, and the money events' version 2 carries the currency.

const completedOwing = () => [...inRoom(), ev("EXITED_ROOM"), ev("VISIT_COMPLETED")];
const cancelledAfterPaying = () => [
  ev("VISIT_REGISTERED", { patientId: "pat_1" }),
  ev("CONSULTATION_BILLED", { billId: "bill_1", amount: 150, currency: "KES" }),
  ev("PAYMENT_PARTIAL", { billId: "bill_1", amount: 100, currency: "KES" }),
  ev("VISIT_CANCELLED", { reason: "Patient left" }),
];

describe("payments after the visit is closed", () => {
  it("given a completed visit with 150 owed, when the patient pays 150, then it is accepted and the bill is paid", () => {
    const { state } = foldVisit("V1", completedOwing());
    const pay = ev("PAYMENT_RECEIVED", { billId: "bill_1", amount: 150, currency: null });
    expect(decide(state, pay)).toBeNull();
    const after = foldVisit("V1", [...completedOwing(), pay]);
    expect(after.conflicts).toEqual([]);
    expect(after.state.bills.bill_1?.paidCents).toBe(15000);
  });

  it("given a completed visit, when a part payment arrives, then it is accepted too", () => {
    const { state } = foldVisit("V1", completedOwing());
    expect(decide(state, ev("PAYMENT_PARTIAL", { billId: "bill_1", amount: 50, currency: null }))).toBeNull();
  });

  it("given a cancelled visit, when money is refunded, then it is accepted up to what was paid", () => {
    const { state } = foldVisit("V1", cancelledAfterPaying());
    expect(
      decide(
        state,
        ev("PAYMENT_REFUNDED", { billId: "bill_1", amount: 100, reason: "Left", currency: "KES" }),
      ),
    ).toBeNull();
    expect(
      decide(
        state,
        ev("PAYMENT_REFUNDED", { billId: "bill_1", amount: 101, reason: "Left", currency: "KES" }),
      )?.code,
    ).toBe("REFUND_EXCEEDS_PAID");
  });

  it("given a completed visit, when more than the balance is paid, then it is refused with the balance", () => {
    const { state } = foldVisit("V1", completedOwing());
    const r = decide(state, ev("PAYMENT_RECEIVED", { billId: "bill_1", amount: 151, currency: null }));
    expect(r).toMatchObject({ code: "PAYMENT_EXCEEDS_BALANCE", params: { balance: 150 } });
  });
});

describe("completing a visit with money owed", () => {
  const consulted = () => foldVisit("V1", [...inRoom(), ev("EXITED_ROOM")]).state;

  it("given 150 owed, when the desk completes without confirming, then it is refused naming the balance", () => {
    expect(balanceOwedRefusal(consulted(), false)).toMatchObject({
      code: "BALANCE_OWED",
      params: { balance: 150 },
      field: "confirmBalanceOwed",
    });
  });

  it("given 150 owed, when the desk confirms, then it may complete", () => {
    expect(balanceOwedRefusal(consulted(), true)).toBeNull();
  });

  it("given everything paid, then no confirmation is needed", () => {
    const paid = foldVisit("V1", [
      ...inRoom(),
      ev("PAYMENT_RECEIVED", { billId: "bill_1", amount: 150 }),
      ev("EXITED_ROOM"),
    ]).state;
    expect(balanceOwedRefusal(paid, false)).toBeNull();
  });
});

describe("what a closed visit still takes, in words that match the rule", () => {
  it("given a cancelled visit, when a follow-up is booked, then it is refused and the refusal does not offer it", () => {
    const { state } = foldVisit("V1", cancelledAfterPaying());
    const r = decide(state, ev("FOLLOWUP_SCHEDULED", { dueDate: "2026-12-01" }));
    expect(r?.code).toBe("VISIT_CLOSED");
    const offered = r?.message.split("What can still be recorded:")[1] ?? "";
    expect(offered).toMatch(/paid in full.*refunded/);
    expect(offered).not.toMatch(/follow-up booked/i);
  });

  it("given a completed visit, then the refusal offers the follow-up the rule allows", () => {
    const { state } = foldVisit("V1", completedOwing());
    const r = decide(state, ev("QUEUE_CALLED"));
    expect(r?.message).toMatch(/follow-up booked/);
    expect(decide(state, ev("FOLLOWUP_SCHEDULED", { dueDate: "2026-12-01" }))).toBeNull();
  });
});

describe("money events, version 2", () => {
  it("given a version-1 payment without its currency, when it is read, then it is lifted with currency null", () => {
    expect(currentVersion("PAYMENT_RECEIVED")).toBe(2);
    expect(currentVersion("QUEUE_CALLED")).toBe(1);
    expect(upcast("PAYMENT_RECEIVED", 1, { billId: "b", amount: 5 })).toEqual({
      billId: "b",
      amount: 5,
      currency: null,
    });
    expect(upcast("CONSULTATION_BILLED", 1, { billId: "b", amount: 5, currency: "KES" })).toMatchObject({
      currency: "KES",
    });
  });

  it("given a version-2 payment, then it is read as written", () => {
    const m = { billId: "b", amount: 5, currency: "UGX" };
    expect(upcast("PAYMENT_PARTIAL", 2, m)).toBe(m);
  });
});

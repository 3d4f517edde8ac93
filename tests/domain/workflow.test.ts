import { describe, expect, it } from "vitest";
import type { VisitEvent } from "../../domain/event.js";
import { foldVisit } from "../../domain/fold.js";
import { billBalanceCents } from "../../domain/visit-state.js";
import { ev, inRoom, registeredAndWaiting, withTwoTests } from "../support/journey.js";

// Given / when / then over the pure rules: no database. `then` folds the given events, then the new one, and
// either returns the new state or the refusal.

function given(events: VisitEvent[]) {
  const before = foldVisit("V1", events);
  expect(before.conflicts).toEqual([]);
  return {
    when(e: VisitEvent) {
      const after = foldVisit("V1", [e], before.state);
      return {
        accepted: () => {
          expect(after.conflicts).toEqual([]);
          return after.state;
        },
        refused: (code: string) => {
          expect(after.conflicts).toHaveLength(1);
          expect(after.conflicts[0]?.refusal.code).toBe(code);
          return after.conflicts[0]?.refusal.message ?? "";
        },
      };
    },
  };
}

describe("registration and queue", () => {
  it("registers a visit, queues it with its token and bills the consultation", () => {
    const s = foldVisit("V1", registeredAndWaiting()).state;
    expect(s.status).toBe("waiting");
    expect(s.tokenNumber).toBe("A-001");
    expect(billBalanceCents(s.bills.bill_1!)).toBe(15000);
  });

  it("refuses any step on a visit that was never registered", () => {
    given([]).when(ev("QUEUE_JOINED")).refused("VISIT_NOT_FOUND");
  });

  it("refuses registering the same visit twice", () => {
    given(registeredAndWaiting())
      .when(ev("VISIT_REGISTERED", { patientId: "pat_1" }))
      .refused("VISIT_ALREADY_REGISTERED");
  });

  it("lets a skipped patient be called again, and re-queued", () => {
    const skipped = [
      ...registeredAndWaiting(),
      ev("QUEUE_CALLED"),
      ev("QUEUE_SKIPPED", { reason: "not present" }),
    ];
    expect(given(skipped).when(ev("QUEUE_CALLED")).accepted().status).toBe("called");
    const s = given(skipped).when(ev("QUEUE_JOINED")).accepted();
    expect(s.status).toBe("waiting");
    expect(s.skippedCount).toBe(1);
  });

  it("refuses a second call of a patient already called (two desks calling the same patient)", () => {
    given([...registeredAndWaiting(), ev("QUEUE_CALLED")])
      .when(ev("QUEUE_CALLED"))
      .refused("ILLEGAL_TRANSITION");
  });
});

describe("consultation", () => {
  it("refuses leaving a room never entered, with words a person understands", () => {
    const message = given(registeredAndWaiting()).when(ev("EXITED_ROOM")).refused("ILLEGAL_TRANSITION");
    expect(message).toContain("has not entered the room");
  });

  it("refuses entering the room before being called", () => {
    expect(given(registeredAndWaiting()).when(ev("ENTERED_ROOM")).refused("ILLEGAL_TRANSITION")).toContain(
      "call the patient first",
    );
  });

  it("allows prescriptions, tests and referrals only once the patient is with the doctor", () => {
    given(registeredAndWaiting())
      .when(
        ev("PRESCRIPTION_GIVEN", {
          items: [{ drug: "Paracetamol", dose: "500 mg", frequency: "tds", duration: "5 days" }],
        }),
      )
      .refused("ILLEGAL_TRANSITION");
    given(inRoom())
      .when(ev("REFERRAL_GIVEN", { referredTo: "Cardiology" }))
      .accepted();
  });

  it("records entry and exit times", () => {
    const s = foldVisit("V1", [
      ...inRoom(),
      ev("EXITED_ROOM", { durationMinutes: 15, roomNumber: "5" }),
    ]).state;
    expect(s.status).toBe("consulted");
    expect(s.enteredRoomAt).not.toBeNull();
    expect(Date.parse(s.exitedRoomAt!)).toBeGreaterThan(Date.parse(s.enteredRoomAt!));
  });
});

describe("billing", () => {
  it("takes a partial payment then the rest", () => {
    const s = given([...registeredAndWaiting(), ev("PAYMENT_PARTIAL", { billId: "bill_1", amount: 50 })])
      .when(ev("PAYMENT_RECEIVED", { billId: "bill_1", amount: 100, paymentMethod: "CASH" }))
      .accepted();
    expect(billBalanceCents(s.bills.bill_1!)).toBe(0);
  });

  it("refuses a payment larger than the balance, and names the balance", () => {
    const message = given(registeredAndWaiting())
      .when(ev("PAYMENT_RECEIVED", { billId: "bill_1", amount: 200 }))
      .refused("PAYMENT_EXCEEDS_BALANCE");
    expect(message).toContain("150.00");
  });

  it("refuses a payment for an unknown bill", () => {
    given(registeredAndWaiting())
      .when(ev("PAYMENT_PARTIAL", { billId: "nope", amount: 10 }))
      .refused("BILL_NOT_FOUND");
  });

  it("refuses a 'full' payment that does not settle, and a 'part' payment that does", () => {
    given(registeredAndWaiting())
      .when(ev("PAYMENT_RECEIVED", { billId: "bill_1", amount: 100 }))
      .refused("PAYMENT_DOES_NOT_SETTLE");
    given(registeredAndWaiting())
      .when(ev("PAYMENT_PARTIAL", { billId: "bill_1", amount: 150 }))
      .refused("PAYMENT_SETTLES_BALANCE");
  });

  it("handles cents exactly: 0.10 + 0.20 settles a 0.30 bill", () => {
    const events = [
      ev("VISIT_REGISTERED", { patientId: "p" }),
      ev("CONSULTATION_BILLED", { billId: "b", amount: 0.3 }),
      ev("PAYMENT_PARTIAL", { billId: "b", amount: 0.1 }),
    ];
    given(events)
      .when(ev("PAYMENT_RECEIVED", { billId: "b", amount: 0.2 }))
      .accepted();
  });

  it("applies the discount to what is due", () => {
    const s = foldVisit("V1", [
      ev("VISIT_REGISTERED", { patientId: "p" }),
      ev("CONSULTATION_BILLED", {
        billId: "bill_123",
        amount: 1500,
        billItems: ["consultation", "ecg"],
        discount: 100,
      }),
    ]).state;
    expect(billBalanceCents(s.bills.bill_123!)).toBe(140000);
  });

  it("refuses a refund larger than what was paid, allows one within it", () => {
    const paid = [...registeredAndWaiting(), ev("PAYMENT_PARTIAL", { billId: "bill_1", amount: 60 })];
    given(paid)
      .when(ev("PAYMENT_REFUNDED", { billId: "bill_1", amount: 61, reason: "overcharged" }))
      .refused("REFUND_EXCEEDS_PAID");
    const s = given(paid)
      .when(ev("PAYMENT_REFUNDED", { billId: "bill_1", amount: 60, reason: "overcharged" }))
      .accepted();
    expect(billBalanceCents(s.bills.bill_1!)).toBe(15000);
  });

  it("refuses billing tests when none were ordered", () => {
    given(inRoom())
      .when(ev("TESTS_BILLED", { billId: "bill_2", amount: 80 }))
      .refused("ILLEGAL_TRANSITION");
  });
});

describe("lab, for each ordered test", () => {
  const approvedT1 = () => [
    ...withTwoTests(),
    ev("TEST_SAMPLE_COLLECTED", { testOrderId: "t1" }),
    ev("TEST_IN_PROGRESS", { testOrderId: "t1" }),
    ev("TEST_COMPLETED", { testOrderId: "t1", results: [{ analyte: "Hb", value: 13.2, unit: "g/dL" }] }),
    ev("TEST_REVIEWED", { testOrderId: "t1" }),
    ev("TEST_APPROVED", { testOrderId: "t1" }),
  ];

  it("refuses approving an unreviewed result", () => {
    const completed = [
      ...withTwoTests(),
      ev("TEST_SAMPLE_COLLECTED", { testOrderId: "t1" }),
      ev("TEST_IN_PROGRESS", { testOrderId: "t1" }),
      ev("TEST_COMPLETED", { testOrderId: "t1" }),
    ];
    const message = given(completed)
      .when(ev("TEST_APPROVED", { testOrderId: "t1" }))
      .refused("TEST_WRONG_STATUS");
    expect(message).toContain("reviewed before it is approved");
  });

  it("lets a rejected sample be collected again", () => {
    const rejected = [
      ...withTwoTests(),
      ev("TEST_SAMPLE_COLLECTED", { testOrderId: "t2" }),
      ev("TEST_SAMPLE_REJECTED", { testOrderId: "t2", reason: "haemolysed" }),
    ];
    const s = given(rejected)
      .when(ev("TEST_SAMPLE_COLLECTED", { testOrderId: "t2" }))
      .accepted();
    expect(s.tests.t2?.status).toBe("collected");
    expect(s.tests.t2?.rejectedCount).toBe(1);
  });

  it("accepts the seed's testId spelling for the same test", () => {
    given(approvedT1())
      .when(ev("REPORT_GENERATED", { testId: "t1", reportUrl: "/documents/r.pdf" }))
      .accepted();
  });

  it("refuses lab steps for a test that was not ordered", () => {
    given(withTwoTests())
      .when(ev("TEST_SAMPLE_COLLECTED", { testOrderId: "t9" }))
      .refused("TEST_NOT_FOUND");
  });

  it("sends an amended result back for a new report", () => {
    const reported = [...approvedT1(), ev("REPORT_GENERATED", { testOrderId: "t1" })];
    const s = given(reported)
      .when(ev("REPORT_AMENDED", { testOrderId: "t1", reason: "unit typo" }))
      .accepted();
    expect(s.tests.t1?.status).toBe("approved");
    expect(s.tests.t1?.amendedCount).toBe(1);
  });

  it("refuses completing the visit while tests are still in the lab, naming them", () => {
    const message = given([...approvedT1(), ev("EXITED_ROOM")])
      .when(ev("VISIT_COMPLETED"))
      .refused("TESTS_PENDING");
    expect(message).toContain("Lipid Profile (ordered)");
  });
});

describe("closure", () => {
  const completed = () => [
    ...inRoom(),
    ev("EXITED_ROOM"),
    ev("PAYMENT_RECEIVED", { billId: "bill_1", amount: 150, paymentMethod: "CASH" }),
    ev("VISIT_COMPLETED"),
  ];

  it("refuses most events after completion", () => {
    given(completed()).when(ev("QUEUE_JOINED")).refused("VISIT_CLOSED");
    given(completed())
      .when(ev("VITALS_RECORDED", { pulse: 80 }))
      .refused("VISIT_CLOSED");
  });

  it("still allows follow-ups, reminders and refunds after completion", () => {
    const s = given(completed())
      .when(ev("FOLLOWUP_SCHEDULED", { dueDate: "2026-12-01" }))
      .accepted();
    expect(Object.values(s.followUps)).toHaveLength(1);
    given(completed())
      .when(ev("PAYMENT_REFUNDED", { billId: "bill_1", amount: 20, reason: "goodwill" }))
      .accepted();
  });

  it("refuses everything but refunds and follow-ups after cancellation", () => {
    const cancelled = [...registeredAndWaiting(), ev("VISIT_CANCELLED", { reason: "patient left" })];
    given(cancelled).when(ev("QUEUE_CALLED")).refused("VISIT_CLOSED");
  });

  it("refuses cancelling a patient who is in the room", () => {
    given(inRoom())
      .when(ev("VISIT_CANCELLED", { reason: "x" }))
      .refused("ILLEGAL_TRANSITION");
  });
});

describe("voiding an event entered in error", () => {
  it("takes the voided event out of the state", () => {
    const events = [...registeredAndWaiting(), ev("PAYMENT_PARTIAL", { billId: "bill_1", amount: 50 })];
    const payment = events.at(-1)!;
    const s = given(events)
      .when(ev("EVENT_VOIDED", { voidedEventId: payment.id, reason: "typed twice" }))
      .accepted();
    expect(billBalanceCents(s.bills.bill_1!)).toBe(15000);
    expect(s.voided).toEqual([payment.id]);
  });

  it("refuses voiding an event later ones depend on", () => {
    const events = [...inRoom(), ev("EXITED_ROOM")];
    const entered = events.find((e) => e.eventType === "ENTERED_ROOM")!;
    const message = given(events)
      .when(ev("EVENT_VOIDED", { voidedEventId: entered.id, reason: "wrong patient" }))
      .refused("VOID_NOT_ALLOWED");
    expect(message).toContain("Left the room");
  });

  it("refuses voiding the registration, or an event twice", () => {
    const events = registeredAndWaiting();
    given(events)
      .when(ev("EVENT_VOIDED", { voidedEventId: events[0]!.id, reason: "x" }))
      .refused("VOID_NOT_ALLOWED");
    const voidIt = ev("EVENT_VOIDED", { voidedEventId: events[2]!.id, reason: "x" });
    given([...events, voidIt])
      .when(ev("EVENT_VOIDED", { voidedEventId: events[2]!.id, reason: "again" }))
      .refused("VOID_NOT_ALLOWED");
  });
});

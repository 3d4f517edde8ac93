import { describe, expect, it } from "vitest";
import type { VisitEvent } from "../../domain/event.js";
import { foldVisit } from "../../domain/fold.js";
import { conflictResolvers, mayResolveConflict } from "../../domain/mending-rules.js";
import { billBalanceCents } from "../../domain/visit-state.js";
import { ev, inRoom, registeredAndWaiting } from "../support/journey.js";

// Mending mistakes, given / when / then over the pure rules: a sync conflict resolved with a compensating event
// (which side stands, who may say so), and a visit handed to another doctor.

/** Two desks each took the consultation fee in full while offline; sync put the second after the first. */
function paidTwice() {
  const first = ev("PAYMENT_RECEIVED", { billId: "bill_1", amount: 150, paymentMethod: "CASH" });
  const second = ev("PAYMENT_RECEIVED", { billId: "bill_1", amount: 150, paymentMethod: "MOBILE_MONEY" });
  const vitals = ev("VITALS_RECORDED", { temperatureC: 37 });
  return { first, second, vitals, events: [...registeredAndWaiting(), first, second, vitals] };
}

const resolve = (conflictEventId: string, kept: "in_force" | "conflicting", replacedEventId?: string) =>
  ev("CONFLICT_RESOLVED", {
    conflictEventId,
    kept,
    reason: "Checked the cash box",
    ...(replacedEventId ? { replacedEventId } : {}),
  });

const refusalOf = (before: VisitEvent[], e: VisitEvent) => foldVisit("V1", [...before, e]).conflicts.at(-1);

describe("a sync conflict resolved with a compensating event", () => {
  it("given a second full payment from another desk, then it is held as a conflict and not counted", () => {
    const { second, events } = paidTwice();
    const { state, conflicts } = foldVisit("V1", events);
    expect(conflicts.map((c) => [c.event.id, c.refusal.code])).toEqual([
      [second.id, "PAYMENT_EXCEEDS_BALANCE"],
    ]);
    expect(state.bills.bill_1?.paidCents).toBe(15000);
  });

  it("when a person keeps the entry in force, then the conflict is set aside for good and the bill unchanged", () => {
    const { second, events } = paidTwice();
    const { state, conflicts } = foldVisit("V1", [...events, resolve(second.id, "in_force")]);
    expect(conflicts).toEqual([]);
    expect(state.setAside.map((c) => c.event.id)).toEqual([second.id]);
    expect(state.bills.bill_1?.paidCents).toBe(15000);
    expect(state.resolutions).toHaveLength(1);
  });

  it("when the other desk's entry is kept in place of the one in force, then it takes effect at its place", () => {
    const { first, second, vitals, events } = paidTwice();
    const { state, conflicts } = foldVisit("V1", [
      ...events,
      ev("EVENT_VOIDED", { voidedEventId: first.id, reason: "Conflict resolved: mobile money was taken" }),
      resolve(second.id, "conflicting", first.id),
    ]);
    expect(conflicts).toEqual([]);
    const ids = state.applied.toArray().map((e) => e.id);
    expect(ids).not.toContain(first.id);
    // The kept payment sits where it happened, before the vitals taken after it.
    expect(ids.indexOf(second.id)).toBeLessThan(ids.indexOf(vitals.id));
    expect(state.voided).toEqual([first.id]);
    expect(state.bills.bill_1 && billBalanceCents(state.bills.bill_1)).toBe(0);
  });

  it("when the other desk's entry is kept without voiding the one in force, then it is refused as still in conflict", () => {
    const { second, events } = paidTwice();
    expect(refusalOf(events, resolve(second.id, "conflicting"))?.refusal.code).toBe("CONFLICT_STILL_REFUSED");
  });

  it("when the entry it replaces was not voided first, then the resolution is refused", () => {
    const { first, second, events } = paidTwice();
    expect(refusalOf(events, resolve(second.id, "conflicting", first.id))?.refusal.code).toBe(
      "EVENT_NOT_FOUND",
    );
  });

  it("when a conflict is resolved twice, or an entry that is not in conflict is named, then it is refused", () => {
    const { first, second, events } = paidTwice();
    const once = [...events, resolve(second.id, "in_force")];
    expect(refusalOf(once, resolve(second.id, "in_force"))?.refusal.code).toBe("CONFLICT_NOT_FOUND");
    expect(refusalOf(events, resolve(first.id, "in_force"))?.refusal.code).toBe("CONFLICT_NOT_FOUND");
  });

  it("when the kept entry is the other desk's void, then its target is struck out too", () => {
    const order = ev("TESTS_ORDERED", { testOrderIds: ["t1"], tests: ["CBC"], testCount: 1 });
    const sample = ev("TEST_SAMPLE_COLLECTED", { testOrderId: "t1" });
    const voidOrder = ev("EVENT_VOIDED", { voidedEventId: order.id, reason: "Wrong patient" });
    const events = [
      ...inRoom(),
      order,
      sample,
      voidOrder,
      ev("EVENT_VOIDED", { voidedEventId: sample.id, reason: "Sample of the wrong patient" }),
    ];
    expect(foldVisit("V1", events).conflicts.map((c) => c.event.id)).toEqual([voidOrder.id]);
    const { state, conflicts } = foldVisit("V1", [...events, resolve(voidOrder.id, "conflicting")]);
    expect(conflicts).toEqual([]);
    expect([...state.voided].sort()).toEqual([order.id, sample.id].sort());
    expect(state.tests).toEqual({});
  });

  it("given another entry voided meanwhile, then the conflict still waits with its place", () => {
    const { second, vitals, events } = paidTwice();
    const { state } = foldVisit("V1", [
      ...events,
      ev("EVENT_VOIDED", { voidedEventId: vitals.id, reason: "x" }),
    ]);
    expect(state.unresolved.map((c) => c.event.id)).toEqual([second.id]);
  });
});

describe("who may resolve a conflict", () => {
  it("is the people who own that part of the visit, and an administrator for any", () => {
    expect(mayResolveConflict("reception", "PAYMENT_RECEIVED")).toBe(true);
    expect(mayResolveConflict("lab", "PAYMENT_RECEIVED")).toBe(false);
    expect(mayResolveConflict("lab", "TEST_APPROVED")).toBe(true);
    expect(mayResolveConflict("reception", "TEST_APPROVED")).toBe(false);
    expect(mayResolveConflict("doctor", "PRESCRIPTION_GIVEN")).toBe(true);
    expect(mayResolveConflict("admin", "PRESCRIPTION_GIVEN")).toBe(true);
    expect(conflictResolvers("SOMETHING_NEWER")).toEqual(["admin"]);
  });
});

describe("another doctor for the visit", () => {
  const assign = (reason?: string) =>
    ev("VISIT_ASSIGNED", { doctorId: "doc_2", ...(reason ? { reason } : {}) });

  it("given a patient still waiting, then the visit moves without a reason", () => {
    expect(foldVisit("V1", [...registeredAndWaiting(), assign()]).state.doctorId).toBe("doc_2");
  });

  it("given a patient in the room, then a reason is needed, and with one the visit moves", () => {
    expect(refusalOf(inRoom(), assign())?.refusal.code).toBe("REASON_REQUIRED");
    const { state, conflicts } = foldVisit("V1", [...inRoom(), assign("Needs the paediatrician")]);
    expect(conflicts).toEqual([]);
    expect(state.doctorId).toBe("doc_2");
  });

  it("given a consultation marked completed, then the visit keeps its doctor", () => {
    const completed = [...inRoom(), ev("CONSULTATION_COMPLETED")];
    expect(refusalOf(completed, assign("Second opinion"))?.refusal.code).toBe("ILLEGAL_TRANSITION");
  });
});

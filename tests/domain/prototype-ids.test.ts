import { describe, expect, it } from "vitest";
import { foldVisit } from "../../domain/fold.js";
import { ev, inRoom, withTwoTests } from "../support/journey.js";

// Ids come from input. Names of Object.prototype's members ("toString", "constructor", "__proto__") are ids like any
// other: a test, bill, document or follow-up with such an id is found only when it was really recorded, and
// recording one adds an entry instead of changing the visit's maps themselves.

const prototypeNames = ["toString", "constructor", "hasOwnProperty", "__proto__"];

describe("ids that name object prototype members", () => {
  it.each(prototypeNames)(
    "refuses steps on a test, bill, document or follow-up %s that was never recorded",
    (id) => {
      const { state } = foldVisit("V1", withTwoTests());
      const steps = [
        ev("TEST_SAMPLE_COLLECTED", { testOrderId: id }),
        ev("PAYMENT_RECEIVED", { billId: id, amount: 10, method: "cash" }),
        ev("DOCUMENT_SHARED", { documentId: id, sharedWith: "patient" }),
        ev("FOLLOWUP_REMINDER_SENT", { followUpId: id }),
      ];
      for (const step of steps) {
        const after = foldVisit("V1", [step], state);
        expect(after.conflicts, step.eventType).toHaveLength(1);
      }
    },
  );

  it.each(prototypeNames)("orders a test with the id %s as an ordinary entry", (id) => {
    const { state, conflicts } = foldVisit("V1", [
      ...inRoom(),
      ev("TESTS_ORDERED", { testOrderIds: [id, "t2"], tests: ["CBC", "Lipid Profile"], testCount: 2 }),
      ev("TEST_SAMPLE_COLLECTED", { testOrderId: id }),
    ]);
    expect(conflicts).toEqual([]);
    expect(Object.getPrototypeOf(state.tests)).toBe(Object.prototype);
    expect(Object.keys(state.tests).sort()).toEqual([id, "t2"].sort());
    expect(Object.getOwnPropertyDescriptor(state.tests, id)?.value).toMatchObject({ status: "collected" });
  });
});

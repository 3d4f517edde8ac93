import { describe, expect, it } from "vitest";
import { eventCatalog, eventTypes, phases } from "../../domain/catalog.js";
import { transitions } from "../../domain/workflow.js";

// The seed names 30 event types; the workflow needs four more, reaching the seed's "34 total"; resolving a sync
// conflict with a compensating event adds a fifth.
const seedTypes =
  `VISIT_REGISTERED VISIT_ASSIGNED QUEUE_JOINED QUEUE_CALLED QUEUE_SKIPPED ENTERED_ROOM EXITED_ROOM
CONSULTATION_COMPLETED PRESCRIPTION_GIVEN TESTS_ORDERED REFERRAL_GIVEN CONSULTATION_BILLED TESTS_BILLED
PAYMENT_RECEIVED PAYMENT_PARTIAL PAYMENT_REFUNDED TEST_SAMPLE_COLLECTED TEST_IN_PROGRESS TEST_COMPLETED TEST_REVIEWED
TEST_APPROVED REPORT_GENERATED REPORT_DELIVERED DOCUMENT_UPLOADED DOCUMENT_SHARED VISIT_COMPLETED VISIT_CANCELLED
VISIT_RESCHEDULED FOLLOWUP_SCHEDULED FOLLOWUP_REMINDER_SENT`.split(/\s+/);
const addedTypes = [
  "VITALS_RECORDED",
  "TEST_SAMPLE_REJECTED",
  "REPORT_AMENDED",
  "EVENT_VOIDED",
  "CONFLICT_RESOLVED",
];

describe("the event catalog", () => {
  it("has the seed's 30 types plus the five the workflow needs, 35 in all", () => {
    expect(seedTypes).toHaveLength(30);
    expect([...eventTypes].sort()).toEqual([...seedTypes, ...addedTypes].sort());
  });

  it("gives every type a label, icon, colour, phase, schema and a workflow rule", () => {
    for (const type of eventTypes) {
      const def = eventCatalog[type];
      expect(def.label.length, type).toBeGreaterThan(3);
      expect(def.icon, type).toMatch(/^[a-z0-9-]+$/);
      expect(def.colour, type).toMatch(/^#[0-9a-f]{6}$/);
      expect(phases, type).toContain(def.phase);
      expect(transitions[type], type).toBeDefined();
    }
  });
});

describe("the seed's metadata examples validate as written", () => {
  const valid = (type: keyof typeof eventCatalog, metadata: unknown) =>
    eventCatalog[type].schema.safeParse(metadata).success;

  it("billing", () => {
    const billing = { billId: "bill_123", amount: 1500, billItems: ["consultation", "ecg"], discount: 100 };
    expect(valid("CONSULTATION_BILLED", billing)).toBe(true);
    expect(valid("TESTS_BILLED", billing)).toBe(true);
  });

  it("ordering tests (both of the seed's forms)", () => {
    expect(
      valid("TESTS_ORDERED", {
        testOrderIds: ["test_456", "test_789"],
        tests: ["CBC", "Lipid Profile"],
        testCount: 2,
        priority: "normal",
      }),
    ).toBe(true);
    expect(valid("TESTS_ORDERED", { testOrderIds: ["test_1", "test_2"], testCount: 2 })).toBe(true);
  });

  it("delivering a report", () => {
    expect(
      valid("REPORT_DELIVERED", {
        testId: "test_456",
        reportUrl: "/documents/report_123.pdf",
        fileSize: 524288,
        deliveredTo: "patient",
        signature: "John Doe",
      }),
    ).toBe(true);
  });

  it("consultation duration", () => {
    const duration = { durationMinutes: 15, roomNumber: "5", notes: "Regular checkup" };
    expect(valid("EXITED_ROOM", duration)).toBe(true);
    expect(valid("CONSULTATION_COMPLETED", duration)).toBe(true);
  });

  it("payment and lab progress from the integration points", () => {
    expect(valid("PAYMENT_RECEIVED", { billId: "bill_456", amount: 150, paymentMethod: "CASH" })).toBe(true);
    expect(valid("TEST_IN_PROGRESS", { testOrderId: "t1" })).toBe(true);
  });
});

describe("bad metadata is refused, naming the field", () => {
  it("a misspelt key, a negative amount, a count that disagrees", () => {
    const typo = eventCatalog.PAYMENT_RECEIVED.schema.safeParse({ billId: "b", ammount: 5 });
    expect(typo.success).toBe(false);
    const negative = eventCatalog.PAYMENT_PARTIAL.schema.safeParse({ billId: "b", amount: -5 });
    expect(negative.success).toBe(false);
    const count = eventCatalog.TESTS_ORDERED.schema.safeParse({ testOrderIds: ["a"], testCount: 2 });
    expect(count.success).toBe(false);
    expect(JSON.stringify(count.error?.issues)).toContain("testCount");
  });
});

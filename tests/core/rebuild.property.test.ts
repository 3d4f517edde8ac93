import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rebuildReadModels } from "../../db/rebuild.js";
import { logVisitEvent } from "../../db/visit-events.js";
import { eventTypes } from "../../domain/catalog.js";
import type { NewVisitEvent } from "../../domain/event.js";
import { type Clinic, makeClinic } from "../support/temp-db.js";

// Random command sequences against a real file: whatever the mix of accepted and refused commands, (1) a refused
// command changes nothing at all, and (2) rebuilding the read models from the log gives exactly the tables the
// inline updates produced.

const readModels = ["visits", "bills", "test_orders", "follow_ups", "visit_conflicts"];

/** What a refused command could have touched: the visit's rows and every table's row count. */
function visitSnapshot(c: Clinic, visitId: string): string {
  return JSON.stringify([
    ...readModels.map((t) =>
      c.db.sqlite.prepare(`SELECT * FROM ${t} WHERE ${t === "visits" ? "id" : "visitId"} = ?`).all(visitId),
    ),
    ...[...readModels, "visit_events"].map((t) =>
      c.db.sqlite.prepare(`SELECT COUNT(*) FROM ${t}`).pluck().get(),
    ),
  ]);
}

function snapshot(c: Clinic): string {
  return JSON.stringify(readModels.map((t) => c.db.sqlite.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all()));
}

interface Step {
  forward: boolean;
  visit: number;
  type: (typeof eventTypes)[number];
  amount: number;
  bill: number;
  test: number;
  pickEvent: number;
}

// The usual path of a visit; a "forward" step takes the visit's next step on it, the others are random.
const path = [
  "VISIT_REGISTERED",
  "QUEUE_JOINED",
  "CONSULTATION_BILLED",
  "QUEUE_CALLED",
  "ENTERED_ROOM",
  "TESTS_ORDERED",
  "EXITED_ROOM",
  "PAYMENT_PARTIAL",
  "TEST_SAMPLE_COLLECTED",
  "TEST_IN_PROGRESS",
  "TEST_COMPLETED",
  "TEST_REVIEWED",
  "TEST_APPROVED",
  "REPORT_GENERATED",
  "TESTS_BILLED",
  "VISIT_COMPLETED",
  "REPORT_DELIVERED",
  "FOLLOWUP_SCHEDULED",
  "FOLLOWUP_REMINDER_SENT",
] as const;

const step = fc.record({
  forward: fc.boolean(),
  visit: fc.integer({ min: 0, max: 1 }),
  type: fc.constantFrom(...eventTypes),
  amount: fc.constantFrom(10, 50, 100, 150, 0.3),
  bill: fc.integer({ min: 0, max: 1 }),
  test: fc.integer({ min: 0, max: 1 }),
  pickEvent: fc.nat(),
}) as fc.Arbitrary<Step>;

function toEvent(c: Clinic, s: Step, n: number): NewVisitEvent {
  const visitId = `V${s.visit}`;
  const billId = `bill_${s.visit}_${s.bill}`;
  const testOrderId = `t_${s.visit}_${s.test}`;
  const recorded = c.db.events.readVisit(visitId);
  const target = recorded.length ? recorded[s.pickEvent % recorded.length]!.id : "none";
  const metadata: Partial<Record<string, unknown>> = {
    VISIT_REGISTERED: { patientId: c.patientId, doctorId: c.doctor.id },
    VISIT_ASSIGNED: { doctorId: c.doctor.id },
    QUEUE_JOINED: { tokenNumber: `A-${String(n).padStart(3, "0")}` },
    VITALS_RECORDED: { pulse: 72 },
    PRESCRIPTION_GIVEN: {
      items: [{ drug: "Amoxicillin", dose: "500 mg", frequency: "tds", duration: "7 days" }],
    },
    TESTS_ORDERED: { testOrderIds: [testOrderId], tests: ["CBC"] },
    REFERRAL_GIVEN: { referredTo: "Cardiology" },
    CONSULTATION_BILLED: { billId, amount: 150 },
    TESTS_BILLED: { billId, amount: 80, discount: 5 },
    PAYMENT_RECEIVED: { billId, amount: s.amount, paymentMethod: "CASH" },
    PAYMENT_PARTIAL: { billId, amount: s.forward ? 50 : s.amount, paymentMethod: "CARD" },
    PAYMENT_REFUNDED: { billId, amount: s.amount, reason: "overpaid" },
    TEST_SAMPLE_REJECTED: { testOrderId, reason: "clotted" },
    REPORT_AMENDED: { testOrderId, reason: "transcription error" },
    DOCUMENT_UPLOADED: { documentId: `doc_${s.visit}_${s.bill}`, fileName: "referral.pdf" },
    DOCUMENT_SHARED: { documentId: `doc_${s.visit}_${s.bill}`, sharedWith: "patient" },
    VISIT_CANCELLED: { reason: "left before being seen" },
    VISIT_RESCHEDULED: { newDate: "2026-12-01" },
    FOLLOWUP_SCHEDULED: { dueDate: "2026-12-15" },
    FOLLOWUP_REMINDER_SENT: { channel: "SMS" },
    EVENT_VOIDED: { voidedEventId: target, reason: "entered in error" },
  };
  const labTypes = [
    "TEST_SAMPLE_COLLECTED",
    "TEST_IN_PROGRESS",
    "TEST_COMPLETED",
    "TEST_REVIEWED",
    "TEST_APPROVED",
  ];
  const reportTypes = ["REPORT_GENERATED", "REPORT_DELIVERED"];
  return {
    visitId,
    eventType: s.type,
    performedBy: c.doctor.id,
    metadata:
      metadata[s.type] ??
      (labTypes.includes(s.type) || reportTypes.includes(s.type) ? { testOrderId } : undefined),
  };
}

describe("read models under random command sequences", () => {
  let c: Clinic;
  beforeAll(() => {
    c = makeClinic();
  });
  afterAll(() => c.close());

  it("refused commands write nothing, and a rebuild equals the inline tables", () => {
    let run = 0;
    let accepted = 0;
    fc.assert(
      fc.property(fc.array(step, { minLength: 40, maxLength: 120 }), (steps) => {
        run += 1;
        // Each run uses its own visits so runs do not see each other's history.
        const progress = new Map<number, number>();
        steps.forEach((raw, n) => {
          const visit = raw.visit + run * 2;
          const at = progress.get(visit) ?? 0;
          const s = raw.forward
            ? { ...raw, visit, bill: 0, test: 0, type: path[Math.min(at, path.length - 1)]! }
            : { ...raw, visit };
          const before = visitSnapshot(c, `V${visit}`);
          const r = logVisitEvent(c.db, toEvent(c, s, n));
          if (r.ok) {
            accepted += 1;
            if (raw.forward) progress.set(visit, at + 1);
          } else {
            expect(visitSnapshot(c, `V${visit}`)).toBe(before);
          }
        });
        const inline = snapshot(c);
        rebuildReadModels(c.db);
        expect(snapshot(c)).toBe(inline);
        // Rebuilding twice is the same as once: the projection is idempotent.
        rebuildReadModels(c.db);
        expect(snapshot(c)).toBe(inline);
      }),
      { numRuns: 40 },
    );
    // The property is only worth something if commands got through; make sure the generator reaches deep.
    expect(accepted).toBeGreaterThan(300);
    const reached = c.db.sqlite.prepare("SELECT DISTINCT eventType FROM visit_events").pluck().all();
    expect(reached.length).toBeGreaterThanOrEqual(25);
  });
});

import type { EventType, MetadataOf } from "./catalog.js";
import type { VisitEvent } from "./event.js";
import { type InForce, inForce } from "./in-force.js";
import { own } from "./own.js";
import type { Refusal } from "./refusal.js";

// The state of one visit, folded from its events. Money is held in cents so that 0.1 + 0.2 never owes anybody a
// fraction of a cent; the read models turn it back into amounts.

export const visitStatuses = [
  "registered",
  "waiting",
  "called",
  "skipped",
  "in_room",
  "consulted",
  "completed",
  "cancelled",
  "rescheduled",
] as const;
export type VisitStatus = (typeof visitStatuses)[number];

export const closedStatuses: readonly VisitStatus[] = ["completed", "cancelled", "rescheduled"];

export const labStatuses = [
  "ordered",
  "rejected",
  "collected",
  "in_progress",
  "completed",
  "reviewed",
  "approved",
  "reported",
  "delivered",
] as const;
export type LabStatus = (typeof labStatuses)[number];

export interface Bill {
  billId: string;
  kind: "consultation" | "tests";
  amountCents: number;
  discountCents: number;
  paidCents: number;
  refundedCents: number;
  items: string[];
  billedAt: string;
  billedBy: string | null;
}

export interface TestOrder {
  testOrderId: string;
  name: string | null;
  priority: string;
  status: LabStatus;
  orderedAt: string;
  orderedBy: string | null;
  collectedAt: string | null;
  rejectedCount: number;
  lastRejectionReason: string | null;
  startedAt: string | null;
  completedAt: string | null;
  reviewedAt: string | null;
  reviewedBy: string | null;
  approvedAt: string | null;
  approvedBy: string | null;
  reportedAt: string | null;
  reportUrl: string | null;
  reportSha256: string | null;
  deliveredAt: string | null;
  amendedCount: number;
  /** Latest results as JSON-ready values (from TEST_COMPLETED or REPORT_AMENDED). */
  results: unknown[] | null;
}

export interface FollowUp {
  followUpId: string;
  dueDate: string;
  reason: string | null;
  remindersSent: number;
  lastReminderAt: string | null;
}

/**
 * An entry the rules refused at its place when sync brought two desks' histories together. `before` holds the ids
 * of the entries in force that came before it in the canonical order, so that keeping it later puts it back at its
 * place even after other entries were voided.
 */
export interface HeldConflict {
  event: VisitEvent;
  refusal: Refusal;
  before: readonly string[];
}

export interface VisitState {
  visitId: string;
  registered: boolean;
  status: VisitStatus;
  patientId: string | null;
  doctorId: string | null;
  department: string | null;
  tokenNumber: string | null;
  registeredAt: string | null;
  queueJoinedAt: string | null;
  calledAt: string | null;
  skippedCount: number;
  enteredRoomAt: string | null;
  exitedRoomAt: string | null;
  consultationCompletedAt: string | null;
  closedAt: string | null;
  closeReason: string | null;
  rescheduledTo: string | null;
  lastEventAt: string | null;
  bills: Readonly<Record<string, Bill>>;
  tests: Readonly<Record<string, TestOrder>>;
  documents: Readonly<Record<string, { fileName: string; sharedWith: string[] }>>;
  followUps: Readonly<Record<string, FollowUp>>;
  /** The events in force, in canonical order (not voids, not voided ones); voiding re-folds from these. */
  applied: InForce<VisitState>;
  /** Ids of events marked as entered in error, and the EVENT_VOIDED events that did so. */
  voided: readonly string[];
  voids: readonly VisitEvent[];
  /** Conflicts waiting for a person, and those a person resolved by keeping the entry in force instead. */
  unresolved: readonly HeldConflict[];
  setAside: readonly HeldConflict[];
  /** The CONFLICT_RESOLVED events, final like voids (never in `applied`). */
  resolutions: readonly VisitEvent[];
}

export const initialVisitState = (visitId: string): VisitState => ({
  visitId,
  registered: false,
  status: "registered",
  patientId: null,
  doctorId: null,
  department: null,
  tokenNumber: null,
  registeredAt: null,
  queueJoinedAt: null,
  calledAt: null,
  skippedCount: 0,
  enteredRoomAt: null,
  exitedRoomAt: null,
  consultationCompletedAt: null,
  closedAt: null,
  closeReason: null,
  rescheduledTo: null,
  lastEventAt: null,
  bills: {},
  tests: {},
  documents: {},
  followUps: {},
  applied: inForce(),
  voided: [],
  voids: [],
  unresolved: [],
  setAside: [],
  resolutions: [],
});

export const cents = (amount: number): number => Math.round(amount * 100);

export const billDueCents = (b: Bill): number => b.amountCents - b.discountCents;
export const billBalanceCents = (b: Bill): number => billDueCents(b) - b.paidCents + b.refundedCents;

export const testRefOf = (m: { testOrderId?: string; testId?: string }): string =>
  m.testOrderId ?? m.testId ?? "";

/** A follow-up without an id of its own is known by the event that booked it. */
export const followUpIdOf = (m: { followUpId?: string }, eventId: string): string => m.followUpId ?? eventId;

type Meta<T extends EventType> = MetadataOf<T>;
const meta = <T extends EventType>(e: VisitEvent, _t: T): Meta<T> => e.metadata as Meta<T>;

function withTest(s: VisitState, ref: string, patch: Partial<TestOrder>): VisitState {
  const current = own(s.tests, ref);
  if (!current) return s;
  return { ...s, tests: { ...s.tests, [ref]: { ...current, ...patch } } };
}

function withBill(s: VisitState, billId: string, patch: (b: Bill) => Partial<Bill>): VisitState {
  const current = own(s.bills, billId);
  if (!current) return s;
  return { ...s, bills: { ...s.bills, [billId]: { ...current, ...patch(current) } } };
}

/**
 * Applies an accepted event to the state. Total and pure: it assumes the workflow rules already accepted the event
 * (see workflow.ts), so it never refuses. EVENT_VOIDED is handled by the fold, which re-folds without the voided one.
 */
export function evolve(state: VisitState, e: VisitEvent): VisitState {
  const at = e.performedAt;
  const s: VisitState = { ...state, lastEventAt: at, applied: state.applied.with(e, () => state) };
  switch (e.eventType) {
    case "VISIT_REGISTERED": {
      const m = meta(e, "VISIT_REGISTERED");
      return {
        ...s,
        registered: true,
        status: "registered",
        patientId: m.patientId,
        doctorId: m.doctorId ?? null,
        department: m.department ?? null,
        registeredAt: at,
      };
    }
    case "VISIT_ASSIGNED": {
      const m = meta(e, "VISIT_ASSIGNED");
      return { ...s, doctorId: m.doctorId, department: m.department ?? s.department };
    }
    case "QUEUE_JOINED": {
      const m = meta(e, "QUEUE_JOINED");
      return {
        ...s,
        status: "waiting",
        queueJoinedAt: at,
        calledAt: null,
        tokenNumber: m?.tokenNumber ?? s.tokenNumber,
      };
    }
    case "QUEUE_CALLED":
      return { ...s, status: "called", calledAt: at };
    case "QUEUE_SKIPPED":
      return { ...s, status: "skipped", skippedCount: s.skippedCount + 1 };
    case "ENTERED_ROOM":
      return { ...s, status: "in_room", enteredRoomAt: s.enteredRoomAt ?? at };
    case "EXITED_ROOM":
      return { ...s, status: "consulted", exitedRoomAt: at };
    case "CONSULTATION_COMPLETED":
      return { ...s, consultationCompletedAt: at };
    case "TESTS_ORDERED": {
      const m = meta(e, "TESTS_ORDERED");
      const tests = { ...s.tests };
      m.testOrderIds.forEach((testOrderId, i) => {
        // Defined, not assigned: an id "__proto__" must become an entry, not the map's prototype.
        Object.defineProperty(tests, testOrderId, {
          enumerable: true,
          writable: true,
          configurable: true,
          value: {
            testOrderId,
            name: m.tests?.[i] ?? null,
            priority: m.priority ?? "normal",
            status: "ordered",
            orderedAt: at,
            orderedBy: e.performedBy,
            collectedAt: null,
            rejectedCount: 0,
            lastRejectionReason: null,
            startedAt: null,
            completedAt: null,
            reviewedAt: null,
            reviewedBy: null,
            approvedAt: null,
            approvedBy: null,
            reportedAt: null,
            reportUrl: null,
            reportSha256: null,
            deliveredAt: null,
            amendedCount: 0,
            results: null,
          },
        });
      });
      return { ...s, tests };
    }
    case "CONSULTATION_BILLED":
    case "TESTS_BILLED": {
      const m = meta(e, "CONSULTATION_BILLED");
      const bill: Bill = {
        billId: m.billId,
        kind: e.eventType === "CONSULTATION_BILLED" ? "consultation" : "tests",
        amountCents: cents(m.amount),
        discountCents: cents(m.discount ?? 0),
        paidCents: 0,
        refundedCents: 0,
        items: (m.billItems ?? []).map((item) => (typeof item === "string" ? item : item.name)),
        billedAt: at,
        billedBy: e.performedBy,
      };
      return { ...s, bills: { ...s.bills, [m.billId]: bill } };
    }
    case "PAYMENT_RECEIVED":
    case "PAYMENT_PARTIAL": {
      const m = meta(e, "PAYMENT_RECEIVED");
      return withBill(s, m.billId, (b) => ({ paidCents: b.paidCents + cents(m.amount) }));
    }
    case "PAYMENT_REFUNDED": {
      const m = meta(e, "PAYMENT_REFUNDED");
      return withBill(s, m.billId, (b) => ({ refundedCents: b.refundedCents + cents(m.amount) }));
    }
    case "TEST_SAMPLE_COLLECTED":
      return withTest(s, testRefOf(meta(e, "TEST_SAMPLE_COLLECTED")), {
        status: "collected",
        collectedAt: at,
      });
    case "TEST_SAMPLE_REJECTED": {
      const m = meta(e, "TEST_SAMPLE_REJECTED");
      const t = own(s.tests, testRefOf(m));
      return withTest(s, testRefOf(m), {
        status: "rejected",
        rejectedCount: (t?.rejectedCount ?? 0) + 1,
        lastRejectionReason: m.reason,
      });
    }
    case "TEST_IN_PROGRESS":
      return withTest(s, testRefOf(meta(e, "TEST_IN_PROGRESS")), { status: "in_progress", startedAt: at });
    case "TEST_COMPLETED": {
      const m = meta(e, "TEST_COMPLETED");
      return withTest(s, testRefOf(m), { status: "completed", completedAt: at, results: m.results ?? null });
    }
    case "TEST_REVIEWED":
      return withTest(s, testRefOf(meta(e, "TEST_REVIEWED")), {
        status: "reviewed",
        reviewedAt: at,
        reviewedBy: e.performedBy,
      });
    case "TEST_APPROVED":
      return withTest(s, testRefOf(meta(e, "TEST_APPROVED")), {
        status: "approved",
        approvedAt: at,
        approvedBy: e.performedBy,
      });
    case "REPORT_GENERATED": {
      const m = meta(e, "REPORT_GENERATED");
      return withTest(s, testRefOf(m), {
        status: "reported",
        reportedAt: at,
        reportUrl: m.reportUrl ?? null,
        reportSha256: m.sha256 ?? null,
      });
    }
    case "REPORT_DELIVERED":
      return withTest(s, testRefOf(meta(e, "REPORT_DELIVERED")), { status: "delivered", deliveredAt: at });
    case "REPORT_AMENDED": {
      const m = meta(e, "REPORT_AMENDED");
      const t = own(s.tests, testRefOf(m));
      // An amended result needs a fresh report: the status returns to approved until it is regenerated.
      return withTest(s, testRefOf(m), {
        status: "approved",
        amendedCount: (t?.amendedCount ?? 0) + 1,
        results: m.results ?? t?.results ?? null,
        reportUrl: null,
        reportSha256: null,
        deliveredAt: null,
      });
    }
    case "DOCUMENT_UPLOADED": {
      const m = meta(e, "DOCUMENT_UPLOADED");
      return {
        ...s,
        documents: { ...s.documents, [m.documentId]: { fileName: m.fileName, sharedWith: [] } },
      };
    }
    case "DOCUMENT_SHARED": {
      const m = meta(e, "DOCUMENT_SHARED");
      const doc = own(s.documents, m.documentId);
      if (!doc) return s;
      return {
        ...s,
        documents: {
          ...s.documents,
          [m.documentId]: { ...doc, sharedWith: [...doc.sharedWith, m.sharedWith] },
        },
      };
    }
    case "VISIT_COMPLETED":
      return { ...s, status: "completed", closedAt: at, closeReason: null };
    case "VISIT_CANCELLED":
      return { ...s, status: "cancelled", closedAt: at, closeReason: meta(e, "VISIT_CANCELLED").reason };
    case "VISIT_RESCHEDULED": {
      const m = meta(e, "VISIT_RESCHEDULED");
      return {
        ...s,
        status: "rescheduled",
        closedAt: at,
        closeReason: m.reason ?? null,
        rescheduledTo: m.newDate,
      };
    }
    case "FOLLOWUP_SCHEDULED": {
      const m = meta(e, "FOLLOWUP_SCHEDULED");
      const followUpId = followUpIdOf(m, e.id);
      const followUp: FollowUp = {
        followUpId,
        dueDate: m.dueDate,
        reason: m.reason ?? null,
        remindersSent: 0,
        lastReminderAt: null,
      };
      return { ...s, followUps: { ...s.followUps, [followUpId]: followUp } };
    }
    case "FOLLOWUP_REMINDER_SENT": {
      const m = meta(e, "FOLLOWUP_REMINDER_SENT");
      const target = m.followUpId ?? Object.keys(s.followUps).at(-1);
      const f = target ? own(s.followUps, target) : undefined;
      if (!f || !target) return s;
      return {
        ...s,
        followUps: {
          ...s.followUps,
          [target]: { ...f, remindersSent: f.remindersSent + 1, lastReminderAt: at },
        },
      };
    }
    default:
      // VITALS_RECORDED, PRESCRIPTION_GIVEN and REFERRAL_GIVEN change no derived field; EVENT_VOIDED is folded in
      // fold.ts, which replays the visit without the voided event.
      return s;
  }
}

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

/**
 * A copy of `s` after an event at `at`, every field named: an object literal of one fixed shape is made several
 * times faster than a spread, and every state then shares that shape, so the rules and the projection reading it
 * stay on V8's fast path. A field added to VisitState and not named here is a compile error.
 */
const nextState = (s: VisitState, at: string, applied: VisitState["applied"]): VisitState => ({
  visitId: s.visitId,
  registered: s.registered,
  status: s.status,
  patientId: s.patientId,
  doctorId: s.doctorId,
  department: s.department,
  tokenNumber: s.tokenNumber,
  registeredAt: s.registeredAt,
  queueJoinedAt: s.queueJoinedAt,
  calledAt: s.calledAt,
  skippedCount: s.skippedCount,
  enteredRoomAt: s.enteredRoomAt,
  exitedRoomAt: s.exitedRoomAt,
  consultationCompletedAt: s.consultationCompletedAt,
  closedAt: s.closedAt,
  closeReason: s.closeReason,
  rescheduledTo: s.rescheduledTo,
  lastEventAt: at,
  bills: s.bills,
  tests: s.tests,
  documents: s.documents,
  followUps: s.followUps,
  applied,
  voided: s.voided,
  voids: s.voids,
  unresolved: s.unresolved,
  setAside: s.setAside,
  resolutions: s.resolutions,
});

// A changed test or bill is a new object (the projection writes only entries that are not the same object as
// before): a copy with every field named, as nextState is, that the event's changes are then written into. Merging
// a patch object into a spread copy made every entry a shape of its own, and the lab steps the fold's costliest.

/** A copy of test `ref` put into the fresh state `s` (evolve's own), for the event's changes; undefined if unknown. */
function changedTest(s: VisitState, ref: string): TestOrder | undefined {
  const current = own(s.tests, ref);
  if (!current) return undefined;
  const t: TestOrder = {
    testOrderId: current.testOrderId,
    name: current.name,
    priority: current.priority,
    status: current.status,
    orderedAt: current.orderedAt,
    orderedBy: current.orderedBy,
    collectedAt: current.collectedAt,
    rejectedCount: current.rejectedCount,
    lastRejectionReason: current.lastRejectionReason,
    startedAt: current.startedAt,
    completedAt: current.completedAt,
    reviewedAt: current.reviewedAt,
    reviewedBy: current.reviewedBy,
    approvedAt: current.approvedAt,
    approvedBy: current.approvedBy,
    reportedAt: current.reportedAt,
    reportUrl: current.reportUrl,
    reportSha256: current.reportSha256,
    deliveredAt: current.deliveredAt,
    amendedCount: current.amendedCount,
    results: current.results,
  };
  s.tests = { ...s.tests, [ref]: t };
  return t;
}

function changedBill(s: VisitState, billId: string): Bill | undefined {
  const current = own(s.bills, billId);
  if (!current) return undefined;
  const b: Bill = {
    billId: current.billId,
    kind: current.kind,
    amountCents: current.amountCents,
    discountCents: current.discountCents,
    paidCents: current.paidCents,
    refundedCents: current.refundedCents,
    items: current.items,
    billedAt: current.billedAt,
    billedBy: current.billedBy,
  };
  s.bills = { ...s.bills, [billId]: b };
  return b;
}

/**
 * Applies an accepted event to the state. Total and pure: it assumes the workflow rules already accepted the event
 * (see workflow.ts), so it never refuses. EVENT_VOIDED is handled by the fold, which re-folds without the voided one.
 * The state given is never changed: it is copied once, and the copy (nobody else holds it yet) gets the event's
 * changes. Copying it again for every field set made a fold spend most of its time copying and collecting states.
 */
export function evolve(state: VisitState, e: VisitEvent): VisitState {
  const at = e.performedAt;
  const s = nextState(state, at, state.applied.with(e, state));
  switch (e.eventType) {
    case "VISIT_REGISTERED": {
      const m = meta(e, "VISIT_REGISTERED");
      s.registered = true;
      s.status = "registered";
      s.patientId = m.patientId;
      s.doctorId = m.doctorId ?? null;
      s.department = m.department ?? null;
      s.registeredAt = at;
      return s;
    }
    case "VISIT_ASSIGNED": {
      const m = meta(e, "VISIT_ASSIGNED");
      s.doctorId = m.doctorId;
      s.department = m.department ?? s.department;
      return s;
    }
    case "QUEUE_JOINED": {
      const m = meta(e, "QUEUE_JOINED");
      s.status = "waiting";
      s.queueJoinedAt = at;
      s.calledAt = null;
      s.tokenNumber = m?.tokenNumber ?? s.tokenNumber;
      return s;
    }
    case "QUEUE_CALLED":
      s.status = "called";
      s.calledAt = at;
      return s;
    case "QUEUE_SKIPPED":
      s.status = "skipped";
      s.skippedCount += 1;
      return s;
    case "ENTERED_ROOM":
      s.status = "in_room";
      s.enteredRoomAt ??= at;
      return s;
    case "EXITED_ROOM":
      s.status = "consulted";
      s.exitedRoomAt = at;
      return s;
    case "CONSULTATION_COMPLETED":
      s.consultationCompletedAt = at;
      return s;
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
      s.tests = tests;
      return s;
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
      s.bills = { ...s.bills, [m.billId]: bill };
      return s;
    }
    case "PAYMENT_RECEIVED":
    case "PAYMENT_PARTIAL": {
      const m = meta(e, "PAYMENT_RECEIVED");
      const b = changedBill(s, m.billId);
      if (b) b.paidCents += cents(m.amount);
      return s;
    }
    case "PAYMENT_REFUNDED": {
      const m = meta(e, "PAYMENT_REFUNDED");
      const b = changedBill(s, m.billId);
      if (b) b.refundedCents += cents(m.amount);
      return s;
    }
    case "TEST_SAMPLE_COLLECTED": {
      const t = changedTest(s, testRefOf(meta(e, "TEST_SAMPLE_COLLECTED")));
      if (t) {
        t.status = "collected";
        t.collectedAt = at;
      }
      return s;
    }
    case "TEST_SAMPLE_REJECTED": {
      const m = meta(e, "TEST_SAMPLE_REJECTED");
      const t = changedTest(s, testRefOf(m));
      if (t) {
        t.status = "rejected";
        t.rejectedCount += 1;
        t.lastRejectionReason = m.reason;
      }
      return s;
    }
    case "TEST_IN_PROGRESS": {
      const t = changedTest(s, testRefOf(meta(e, "TEST_IN_PROGRESS")));
      if (t) {
        t.status = "in_progress";
        t.startedAt = at;
      }
      return s;
    }
    case "TEST_COMPLETED": {
      const m = meta(e, "TEST_COMPLETED");
      const t = changedTest(s, testRefOf(m));
      if (t) {
        t.status = "completed";
        t.completedAt = at;
        t.results = m.results ?? null;
      }
      return s;
    }
    case "TEST_REVIEWED": {
      const t = changedTest(s, testRefOf(meta(e, "TEST_REVIEWED")));
      if (t) {
        t.status = "reviewed";
        t.reviewedAt = at;
        t.reviewedBy = e.performedBy;
      }
      return s;
    }
    case "TEST_APPROVED": {
      const t = changedTest(s, testRefOf(meta(e, "TEST_APPROVED")));
      if (t) {
        t.status = "approved";
        t.approvedAt = at;
        t.approvedBy = e.performedBy;
      }
      return s;
    }
    case "REPORT_GENERATED": {
      const m = meta(e, "REPORT_GENERATED");
      const t = changedTest(s, testRefOf(m));
      if (t) {
        t.status = "reported";
        t.reportedAt = at;
        t.reportUrl = m.reportUrl ?? null;
        t.reportSha256 = m.sha256 ?? null;
      }
      return s;
    }
    case "REPORT_DELIVERED": {
      const t = changedTest(s, testRefOf(meta(e, "REPORT_DELIVERED")));
      if (t) {
        t.status = "delivered";
        t.deliveredAt = at;
      }
      return s;
    }
    case "REPORT_AMENDED": {
      const m = meta(e, "REPORT_AMENDED");
      const t = changedTest(s, testRefOf(m));
      // An amended result needs a fresh report: the status returns to approved until it is regenerated.
      if (t) {
        t.status = "approved";
        t.amendedCount += 1;
        t.results = m.results ?? t.results;
        t.reportUrl = null;
        t.reportSha256 = null;
        t.deliveredAt = null;
      }
      return s;
    }
    case "DOCUMENT_UPLOADED": {
      const m = meta(e, "DOCUMENT_UPLOADED");
      s.documents = { ...s.documents, [m.documentId]: { fileName: m.fileName, sharedWith: [] } };
      return s;
    }
    case "DOCUMENT_SHARED": {
      const m = meta(e, "DOCUMENT_SHARED");
      const doc = own(s.documents, m.documentId);
      if (doc)
        s.documents = {
          ...s.documents,
          [m.documentId]: { ...doc, sharedWith: [...doc.sharedWith, m.sharedWith] },
        };
      return s;
    }
    case "VISIT_COMPLETED":
      s.status = "completed";
      s.closedAt = at;
      s.closeReason = null;
      return s;
    case "VISIT_CANCELLED":
      s.status = "cancelled";
      s.closedAt = at;
      s.closeReason = meta(e, "VISIT_CANCELLED").reason;
      return s;
    case "VISIT_RESCHEDULED": {
      const m = meta(e, "VISIT_RESCHEDULED");
      s.status = "rescheduled";
      s.closedAt = at;
      s.closeReason = m.reason ?? null;
      s.rescheduledTo = m.newDate;
      return s;
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
      s.followUps = { ...s.followUps, [followUpId]: followUp };
      return s;
    }
    case "FOLLOWUP_REMINDER_SENT": {
      const m = meta(e, "FOLLOWUP_REMINDER_SENT");
      const target = m.followUpId ?? Object.keys(s.followUps).at(-1);
      const f = target ? own(s.followUps, target) : undefined;
      if (f && target)
        s.followUps = {
          ...s.followUps,
          [target]: { ...f, remindersSent: f.remindersSent + 1, lastReminderAt: at },
        };
      return s;
    }
    default:
      // VITALS_RECORDED, PRESCRIPTION_GIVEN and REFERRAL_GIVEN change no derived field; EVENT_VOIDED is folded in
      // fold.ts, which replays the visit without the voided event.
      return s;
  }
}

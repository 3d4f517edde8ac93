import { type EventType, eventCatalog, type MetadataOf } from "./catalog.js";
import type { VisitEvent } from "./event.js";
import { hasOwn, own } from "./own.js";
import { type Refusal, refuse } from "./refusal.js";
import {
  billBalanceCents,
  cents,
  closedStatuses,
  type LabStatus,
  testRefOf,
  type VisitState,
  type VisitStatus,
} from "./visit-state.js";

// The workflow as a table: for each event type, the visit statuses it may follow, the status it leads to and the
// extra rule it must satisfy. docs/workflow.md is generated from this table (tests/domain/workflow-doc.test.ts keeps
// the two equal), so the document cannot drift from what the app enforces.

const open: readonly VisitStatus[] = ["registered", "waiting", "called", "skipped", "in_room", "consulted"];
const beforeRoom: readonly VisitStatus[] = ["registered", "waiting", "called", "skipped"];
const withDoctor: readonly VisitStatus[] = ["in_room", "consulted"];
const any: readonly VisitStatus[] = [...open, ...closedStatuses];

export interface Transition {
  /** Visit statuses in which the event is accepted. */
  from: readonly VisitStatus[];
  /** The visit status afterwards; null when the event leaves it unchanged. */
  to: VisitStatus | null;
  /** For lab events: the statuses the named test must be in, and the status it moves to. */
  lab?: { from: readonly LabStatus[]; to: LabStatus | null };
  /** The extra rule in words, for the docs and for people reading refusals. */
  rule?: string;
  guard?: (s: VisitState, e: VisitEvent) => Refusal | null;
}

const money = (c: number) => (c / 100).toFixed(2);
const m = <T extends EventType>(e: VisitEvent, _t: T) => e.metadata as MetadataOf<T>;

const pendingLab: readonly LabStatus[] = [
  "ordered",
  "rejected",
  "collected",
  "in_progress",
  "completed",
  "reviewed",
];

function billGuard(s: VisitState, e: VisitEvent): Refusal | null {
  const meta = m(e, "TESTS_BILLED");
  if (own(s.bills, meta.billId))
    return refuse("BILL_ALREADY_EXISTS", `Bill ${meta.billId} already exists on this visit.`);
  if (cents(meta.discount ?? 0) > cents(meta.amount))
    return refuse(
      "INVALID_METADATA",
      `The discount (${meta.discount}) is larger than the bill (${meta.amount}).`,
    );
  if (e.eventType === "TESTS_BILLED") {
    if (Object.keys(s.tests).length === 0)
      return refuse(
        "ILLEGAL_TRANSITION",
        "No tests have been ordered on this visit, so there is nothing to bill.",
      );
    const unknown = (meta.testOrderIds ?? []).filter((t) => !hasOwn(s.tests, t));
    if (unknown.length)
      return refuse("TEST_NOT_FOUND", `Test ${unknown.join(", ")} was not ordered on this visit.`);
  }
  return null;
}

function paymentGuard(s: VisitState, e: VisitEvent): Refusal | null {
  const meta = m(e, "PAYMENT_RECEIVED");
  const bill = own(s.bills, meta.billId);
  if (!bill) return refuse("BILL_NOT_FOUND", `There is no bill ${meta.billId} on this visit.`);
  const balance = billBalanceCents(bill);
  const amount = cents(meta.amount);
  if (balance <= 0) return refuse("PAYMENT_EXCEEDS_BALANCE", `Bill ${meta.billId} is already paid in full.`);
  if (amount > balance)
    return refuse(
      "PAYMENT_EXCEEDS_BALANCE",
      `A payment of ${money(amount)} is more than the ${money(balance)} still owed on bill ${meta.billId}.`,
      { balance: balance / 100 },
    );
  if (e.eventType === "PAYMENT_RECEIVED" && amount < balance)
    return refuse(
      "PAYMENT_DOES_NOT_SETTLE",
      `${money(amount)} does not settle the ${money(balance)} owed on bill ${meta.billId}; record it as a part payment.`,
      { balance: balance / 100 },
    );
  if (e.eventType === "PAYMENT_PARTIAL" && amount === balance)
    return refuse(
      "PAYMENT_SETTLES_BALANCE",
      `${money(amount)} settles bill ${meta.billId} in full; record it as a full payment.`,
      { balance: balance / 100 },
    );
  return null;
}

function refundGuard(s: VisitState, e: VisitEvent): Refusal | null {
  const meta = m(e, "PAYMENT_REFUNDED");
  const bill = own(s.bills, meta.billId);
  if (!bill) return refuse("BILL_NOT_FOUND", `There is no bill ${meta.billId} on this visit.`);
  const refundable = bill.paidCents - bill.refundedCents;
  if (cents(meta.amount) > refundable)
    return refuse(
      "REFUND_EXCEEDS_PAID",
      `A refund of ${money(cents(meta.amount))} is more than the ${money(refundable)} paid on bill ${meta.billId}.`,
      { refundable: refundable / 100 },
    );
  return null;
}

const lab = (from: readonly LabStatus[], to: LabStatus | null, rule?: string): Transition => ({
  from: open,
  to: null,
  lab: { from, to },
  ...(rule ? { rule } : {}),
});

export const transitions: Readonly<Record<EventType, Transition>> = {
  VISIT_REGISTERED: { from: [], to: "registered", rule: "The visit id must be new and the patient known." },
  VISIT_ASSIGNED: {
    from: open,
    to: null,
    rule: "Until the consultation is marked completed; once the patient has been in the room, with a reason.",
    guard: (s, e) => {
      if (s.consultationCompletedAt)
        return refuse(
          "ILLEGAL_TRANSITION",
          "The consultation is already completed, so the visit keeps its doctor; book a follow-up with the other doctor instead.",
        );
      if (withDoctor.includes(s.status) && !m(e, "VISIT_ASSIGNED").reason)
        return refuse(
          "REASON_REQUIRED",
          "The patient has already seen this doctor; say why the visit goes to another doctor.",
          undefined,
          "reason",
        );
      return null;
    },
  },
  QUEUE_JOINED: { from: ["registered", "skipped", "consulted"], to: "waiting" },
  QUEUE_CALLED: { from: ["waiting", "skipped"], to: "called" },
  QUEUE_SKIPPED: { from: ["waiting", "called"], to: "skipped" },
  ENTERED_ROOM: { from: ["called"], to: "in_room" },
  EXITED_ROOM: { from: ["in_room"], to: "consulted" },
  CONSULTATION_COMPLETED: {
    from: withDoctor,
    to: null,
    rule: "Only once per visit.",
    guard: (s) =>
      s.consultationCompletedAt
        ? refuse("ILLEGAL_TRANSITION", "The consultation was already marked completed.")
        : null,
  },
  VITALS_RECORDED: { from: open, to: null },
  PRESCRIPTION_GIVEN: { from: withDoctor, to: null },
  TESTS_ORDERED: {
    from: withDoctor,
    to: null,
    rule: "Each test order id is new on this visit.",
    guard: (s, e) => {
      const again = m(e, "TESTS_ORDERED").testOrderIds.filter((t) => hasOwn(s.tests, t));
      return again.length
        ? refuse("TEST_ALREADY_ORDERED", `Test ${again.join(", ")} is already ordered.`)
        : null;
    },
  },
  REFERRAL_GIVEN: { from: withDoctor, to: null },
  CONSULTATION_BILLED: {
    from: open,
    to: null,
    rule: "The bill id is new; the discount is not more than the amount.",
    guard: billGuard,
  },
  TESTS_BILLED: {
    from: open,
    to: null,
    rule: "Tests were ordered; the bill id is new; the discount is not more than the amount.",
    guard: billGuard,
  },
  PAYMENT_RECEIVED: {
    from: any,
    to: null,
    rule: "The bill exists and the amount equals its balance; also after the visit is closed (money still owed).",
    guard: paymentGuard,
  },
  PAYMENT_PARTIAL: {
    from: any,
    to: null,
    rule: "The bill exists and the amount is less than its balance; also after the visit is closed.",
    guard: paymentGuard,
  },
  PAYMENT_REFUNDED: {
    from: any,
    to: null,
    rule: "The bill exists; the amount is not more than paid less already refunded.",
    guard: refundGuard,
  },
  TEST_SAMPLE_COLLECTED: lab(["ordered", "rejected"], "collected"),
  TEST_SAMPLE_REJECTED: lab(["collected", "in_progress"], "rejected", "A new sample can then be collected."),
  TEST_IN_PROGRESS: lab(["collected"], "in_progress"),
  TEST_COMPLETED: lab(["in_progress"], "completed"),
  TEST_REVIEWED: lab(["completed"], "reviewed"),
  TEST_APPROVED: lab(["reviewed"], "approved", "Only a reviewed result can be approved."),
  REPORT_GENERATED: { ...lab(["approved"], "reported"), from: any },
  REPORT_DELIVERED: { ...lab(["reported", "delivered"], "delivered"), from: any },
  REPORT_AMENDED: {
    ...lab(["approved", "reported", "delivered"], "approved", "The report must then be generated again."),
    from: any,
  },
  DOCUMENT_UPLOADED: {
    from: open,
    to: null,
    rule: "The document id is new on this visit.",
    guard: (s, e) => {
      const id = m(e, "DOCUMENT_UPLOADED").documentId;
      return hasOwn(s.documents, id)
        ? refuse("ILLEGAL_TRANSITION", `Document ${id} is already on this visit.`)
        : null;
    },
  },
  DOCUMENT_SHARED: {
    from: any,
    to: null,
    rule: "The document was uploaded to this visit.",
    guard: (s, e) => {
      const id = m(e, "DOCUMENT_SHARED").documentId;
      return hasOwn(s.documents, id)
        ? null
        : refuse("DOCUMENT_NOT_FOUND", `There is no document ${id} on this visit.`);
    },
  },
  VISIT_COMPLETED: {
    from: ["consulted"],
    to: "completed",
    rule: "Every ordered test is approved (or further along).",
    guard: (s) => {
      const pending = Object.values(s.tests).filter((t) => pendingLab.includes(t.status));
      if (!pending.length) return null;
      const names = pending
        .map((t) => `${t.name ?? t.testOrderId} (${t.status.replace("_", " ")})`)
        .join(", ");
      return refuse(
        "TESTS_PENDING",
        `The visit cannot be completed while tests are still in the lab: ${names}.`,
        {
          pending: pending.map((t) => t.testOrderId),
        },
      );
    },
  },
  VISIT_CANCELLED: { from: beforeRoom, to: "cancelled" },
  VISIT_RESCHEDULED: { from: beforeRoom, to: "rescheduled" },
  FOLLOWUP_SCHEDULED: {
    from: [...withDoctor, "completed"],
    to: null,
    rule: "The follow-up id, when given, is new.",
    guard: (s, e) => {
      const id = m(e, "FOLLOWUP_SCHEDULED").followUpId;
      return id && hasOwn(s.followUps, id)
        ? refuse("ILLEGAL_TRANSITION", `Follow-up ${id} is already booked on this visit.`)
        : null;
    },
  },
  FOLLOWUP_REMINDER_SENT: {
    from: any,
    to: null,
    rule: "A follow-up was booked (the one named, or the latest).",
    guard: (s, e) => {
      const id = m(e, "FOLLOWUP_REMINDER_SENT").followUpId;
      const found = id ? hasOwn(s.followUps, id) : Object.keys(s.followUps).length > 0;
      return found ? null : refuse("FOLLOWUP_NOT_FOUND", "No follow-up has been booked on this visit.");
    },
  },
  EVENT_VOIDED: {
    from: any,
    to: null,
    rule: "Names an event in force on this visit, not its registration; no later event may depend on it.",
  },
  CONFLICT_RESOLVED: {
    from: any,
    to: null,
    rule: "Names a conflict still waiting on this visit; keeping the conflicting entry needs it (and all after it) valid at its place, the entry it replaces voided first.",
  },
};

const statusWords: Record<VisitStatus, string> = {
  registered: "registered but not yet in the queue",
  waiting: "waiting in the queue",
  called: "called but not yet in the room",
  skipped: "skipped in the queue",
  in_room: "in the consultation room",
  consulted: "seen by the doctor",
  completed: "completed",
  cancelled: "cancelled",
  rescheduled: "rescheduled",
};

export const describeStatus = (s: VisitStatus) => statusWords[s];

const visitName = (s: VisitState) => `Visit ${s.tokenNumber ?? s.visitId}`;

/**
 * Decides whether an event may follow the visit's state. Pure. Returns null when the event is accepted, or the
 * refusal a person can act on. Metadata must already have passed the type's schema.
 */
export function decide(s: VisitState, e: VisitEvent): Refusal | null {
  const type = e.eventType as EventType;
  const t = transitions[type];
  const label = eventCatalog[type].label;
  if (type === "VISIT_REGISTERED")
    return s.registered
      ? refuse("VISIT_ALREADY_REGISTERED", `Visit ${e.visitId} is already registered.`)
      : null;
  if (!s.registered) return refuse("VISIT_NOT_FOUND", `There is no registered visit ${e.visitId}.`);
  if (!t.from.includes(s.status)) {
    if (closedStatuses.includes(s.status))
      return refuse(
        "VISIT_CLOSED",
        `${visitName(s)} is already ${s.status}; "${label}" is no longer possible. ${stillPossible(s.status)}`,
        { status: s.status, stillPossible: stillPossibleTypes(s.status) },
      );
    return refuse(
      "ILLEGAL_TRANSITION",
      `"${label}" is not possible while the patient is ${statusWords[s.status]}${hint(type)}.`,
      { status: s.status, allowedFrom: t.from },
    );
  }
  if (t.lab) {
    const ref = testRefOf(e.metadata as { testOrderId?: string; testId?: string });
    const test = own(s.tests, ref);
    if (!test) return refuse("TEST_NOT_FOUND", `Test ${ref} was not ordered on this visit.`);
    if (!t.lab.from.includes(test.status))
      return refuse(
        "TEST_WRONG_STATUS",
        `"${label}" is not possible: ${test.name ?? ref} is ${test.status.replace("_", " ")}${labHint(type)}.`,
        { testOrderId: ref, status: test.status, allowedFrom: t.lab.from },
      );
  }
  if (type === "EVENT_VOIDED") return decideVoid(s, e);
  if (type === "CONFLICT_RESOLVED") return decideResolution(s, e);
  return t.guard ? t.guard(s, e) : null;
}

/** The steps a closed visit still takes, read from the table above so the words cannot drift from the rule. */
const stillPossibleTypes = (status: VisitStatus): EventType[] =>
  (Object.keys(transitions) as EventType[]).filter((t) => transitions[t].from.includes(status));

function stillPossible(status: VisitStatus): string {
  const labels = stillPossibleTypes(status).map((t) => eventCatalog[t].label.toLowerCase());
  if (!labels.length) return "";
  return `What can still be recorded: ${labels.join(", ")}.`;
}

/**
 * Completing a visit whose bills are not paid needs the desk to say so: the money stays owed, and the visit stays
 * on the owing list until it is paid. Null when nothing is owed or the desk confirmed it.
 */
export function balanceOwedRefusal(s: VisitState, confirmBalanceOwed: boolean): Refusal | null {
  const owed = owedCents(s);
  if (owed <= 0 || confirmBalanceOwed) return null;
  return refuse(
    "BALANCE_OWED",
    `${money(owed)} is still owed on ${visitName(s)}. Take the payment first, or confirm that the visit is completed with the money owed.`,
    { balance: owed / 100 },
    "confirmBalanceOwed",
  );
}

/** What is still owed on the visit, in cents. */
export const owedCents = (s: VisitState): number =>
  Object.values(s.bills).reduce((sum, b) => sum + Math.max(0, billBalanceCents(b)), 0);

function hint(type: EventType): string {
  switch (type) {
    case "EXITED_ROOM":
      return " (the patient has not entered the room)";
    case "ENTERED_ROOM":
      return " (call the patient first)";
    case "VISIT_COMPLETED":
      return " (the patient must have seen the doctor and left the room)";
    case "PRESCRIPTION_GIVEN":
    case "TESTS_ORDERED":
    case "REFERRAL_GIVEN":
      return " (the patient must have entered the consultation room)";
    default:
      return "";
  }
}

function labHint(type: EventType): string {
  switch (type) {
    case "TEST_APPROVED":
      return "; a result must be reviewed before it is approved";
    case "TEST_REVIEWED":
      return "; only a completed test can be reviewed";
    case "REPORT_GENERATED":
      return "; only an approved result can be reported";
    default:
      return "";
  }
}

function decideVoid(s: VisitState, e: VisitEvent): Refusal | null {
  const { voidedEventId } = m(e, "EVENT_VOIDED");
  const target = s.applied.find((x) => x.id === voidedEventId);
  if (!target) {
    const already = s.voided.includes(voidedEventId);
    return refuse(
      already ? "VOID_NOT_ALLOWED" : "EVENT_NOT_FOUND",
      already
        ? `Event ${voidedEventId} is already voided.`
        : `There is no event ${voidedEventId} on this visit.`,
    );
  }
  if (target.eventType === "VISIT_REGISTERED")
    return refuse("VOID_NOT_ALLOWED", "A visit's registration cannot be voided; cancel the visit instead.");
  // Whether later entries depend on the target needs a replay; fold.ts checks that.
  return null;
}

function decideResolution(s: VisitState, e: VisitEvent): Refusal | null {
  const { conflictEventId, kept, replacedEventId } = m(e, "CONFLICT_RESOLVED");
  if (!s.unresolved.some((c) => c.event.id === conflictEventId))
    return refuse(
      "CONFLICT_NOT_FOUND",
      `There is no conflict waiting on entry ${conflictEventId} of this visit; it may already be resolved.`,
      { conflictEventId },
    );
  if (replacedEventId && kept !== "conflicting")
    return refuse(
      "INVALID_METADATA",
      "Only a kept conflicting entry replaces an entry in force.",
      undefined,
      "replacedEventId",
    );
  if (replacedEventId && !s.voided.includes(replacedEventId))
    return refuse(
      "EVENT_NOT_FOUND",
      `Entry ${replacedEventId} must be voided before the conflicting entry takes its place.`,
      { replacedEventId },
    );
  return null;
}

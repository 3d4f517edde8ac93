import type { z } from "zod";
import { metadataSchemas } from "./metadata-schemas.js";

// The event catalog: every event type is defined here once. The router, the screens, the docs and the exports read
// labels, icons, colours and phases from this table; nothing else spells them out.

export const phases = [
  "registration",
  "queue",
  "consultation",
  "clinical",
  "billing",
  "lab",
  "documents",
  "closure",
  "followup",
  "correction",
] as const;
export type Phase = (typeof phases)[number];

export type EventType = keyof typeof metadataSchemas;

export interface EventTypeDefinition {
  type: EventType;
  label: string;
  /** A Lucide icon name; the renderer draws it, exports carry the name. */
  icon: string;
  /** A CSS colour readable on white, used for the icon and the timeline dot. */
  colour: string;
  phase: Phase;
  /** What the seed says the event means. */
  meaning: string;
  schema: z.ZodType;
}

const phaseColour: Record<Phase, string> = {
  registration: "#2563eb",
  queue: "#7c3aed",
  consultation: "#0d9488",
  clinical: "#059669",
  billing: "#b45309",
  lab: "#db2777",
  documents: "#475569",
  closure: "#15803d",
  followup: "#0891b2",
  correction: "#dc2626",
};

type Row = [EventType, Phase, string, string, string];

const rows: Row[] = [
  [
    "VISIT_REGISTERED",
    "registration",
    "Visit registered",
    "clipboard-plus",
    "Patient registered at reception",
  ],
  ["VISIT_ASSIGNED", "registration", "Assigned to doctor", "user-round-check", "Assigned to doctor"],
  ["QUEUE_JOINED", "queue", "Joined the queue", "list-plus", "Added to waiting queue"],
  ["QUEUE_CALLED", "queue", "Called", "megaphone", "Called from waiting area"],
  ["QUEUE_SKIPPED", "queue", "Skipped", "skip-forward", "Missed their turn"],
  ["ENTERED_ROOM", "consultation", "Entered the room", "door-open", "Patient entered consultation"],
  ["EXITED_ROOM", "consultation", "Left the room", "door-closed", "Patient left consultation"],
  [
    "CONSULTATION_COMPLETED",
    "consultation",
    "Consultation completed",
    "stethoscope",
    "Consultation finished",
  ],
  ["VITALS_RECORDED", "clinical", "Vitals recorded", "heart-pulse", "Triage vital signs recorded"],
  ["PRESCRIPTION_GIVEN", "clinical", "Prescription given", "pill", "Doctor prescribed medications"],
  ["TESTS_ORDERED", "clinical", "Tests ordered", "flask-conical", "Lab tests ordered"],
  ["REFERRAL_GIVEN", "clinical", "Referral given", "forward", "Referred to specialist"],
  ["CONSULTATION_BILLED", "billing", "Consultation billed", "receipt", "Consultation fee billed"],
  ["TESTS_BILLED", "billing", "Tests billed", "receipt-text", "Lab tests billed"],
  ["PAYMENT_RECEIVED", "billing", "Paid in full", "banknote", "Full payment completed"],
  ["PAYMENT_PARTIAL", "billing", "Part payment", "coins", "Partial payment"],
  ["PAYMENT_REFUNDED", "billing", "Refunded", "undo-2", "Refund processed"],
  ["TEST_SAMPLE_COLLECTED", "lab", "Sample collected", "test-tube", "Sample collected"],
  [
    "TEST_SAMPLE_REJECTED",
    "lab",
    "Sample rejected",
    "test-tube-diagonal",
    "Sample rejected; a new one is needed",
  ],
  ["TEST_IN_PROGRESS", "lab", "Test in progress", "loader", "Lab processing"],
  ["TEST_COMPLETED", "lab", "Test completed", "flask-conical-off", "Test finished"],
  ["TEST_REVIEWED", "lab", "Result reviewed", "eye", "Results reviewed"],
  ["TEST_APPROVED", "lab", "Result approved", "badge-check", "Results approved"],
  ["REPORT_GENERATED", "lab", "Report generated", "file-text", "Report created"],
  ["REPORT_DELIVERED", "lab", "Report delivered", "file-check", "Report given to patient"],
  ["REPORT_AMENDED", "lab", "Report amended", "file-pen", "Approved result corrected; report to be reissued"],
  ["DOCUMENT_UPLOADED", "documents", "Document uploaded", "upload", "File uploaded"],
  ["DOCUMENT_SHARED", "documents", "Document shared", "share-2", "Document shared"],
  ["VISIT_COMPLETED", "closure", "Visit completed", "circle-check-big", "Visit fully closed"],
  ["VISIT_CANCELLED", "closure", "Visit cancelled", "circle-x", "Visit cancelled"],
  ["VISIT_RESCHEDULED", "closure", "Visit rescheduled", "calendar-clock", "Visit rescheduled"],
  ["FOLLOWUP_SCHEDULED", "followup", "Follow-up booked", "calendar-plus", "Follow-up appointment booked"],
  ["FOLLOWUP_REMINDER_SENT", "followup", "Reminder sent", "bell-ring", "Reminder notification sent"],
  ["EVENT_VOIDED", "correction", "Entry voided", "eraser", "An earlier entry marked as entered in error"],
  [
    "CONFLICT_RESOLVED",
    "correction",
    "Conflict resolved",
    "git-merge",
    "A person chose which of two desks' conflicting entries stands",
  ],
];

export const eventCatalog: Readonly<Record<EventType, EventTypeDefinition>> = Object.freeze(
  Object.fromEntries(
    rows.map(([type, phase, label, icon, meaning]) => [
      type,
      { type, phase, label, icon, meaning, colour: phaseColour[phase], schema: metadataSchemas[type] },
    ]),
  ) as unknown as Record<EventType, EventTypeDefinition>,
);

export const eventTypes = rows.map(([type]) => type) as readonly EventType[];

/**
 * The types one desk's own work records. A conflict's resolution arises only when sync brings two desks' histories
 * together, so a single desk (or the seed) never has one.
 */
export const singleDeskEventTypes: readonly EventType[] = eventTypes.filter((t) => t !== "CONFLICT_RESOLVED");

export function isEventType(value: string): value is EventType {
  return Object.hasOwn(eventCatalog, value);
}

/** Metadata as the type's schema reads it. */
export type MetadataOf<T extends EventType> = z.output<(typeof metadataSchemas)[T]>;

import type { Role } from "../../api/roles.js";
import type { EventType } from "../../domain/catalog.js";
import type { ResultFlag } from "../../reports/result-flag.js";
import { msg } from "./index.js";

// Words the screens show that come from the contract and the event catalog (roles, the names of a visit's steps).
// The catalog's English label stays the record's own word (exports and docs use it); the screens show these. Typed
// by the contract's lists, so a new role or event type cannot reach a screen without its words here.

export const roleWords: Record<Role, string> = {
  reception: msg("Reception"),
  doctor: msg("Doctor"),
  lab: msg("Laboratory"),
  admin: msg("Administrator"),
};

export const eventWords: Record<EventType, string> = {
  VISIT_REGISTERED: msg("Visit registered"),
  VISIT_ASSIGNED: msg("Assigned to doctor"),
  QUEUE_JOINED: msg("Joined the queue"),
  QUEUE_CALLED: msg("Called"),
  QUEUE_SKIPPED: msg("Skipped"),
  ENTERED_ROOM: msg("Entered the room"),
  EXITED_ROOM: msg("Left the room"),
  CONSULTATION_COMPLETED: msg("Consultation completed"),
  VITALS_RECORDED: msg("Vitals recorded"),
  PRESCRIPTION_GIVEN: msg("Prescription given"),
  TESTS_ORDERED: msg("Tests ordered"),
  REFERRAL_GIVEN: msg("Referral given"),
  CONSULTATION_BILLED: msg("Consultation billed"),
  TESTS_BILLED: msg("Tests billed"),
  PAYMENT_RECEIVED: msg("Paid in full"),
  PAYMENT_PARTIAL: msg("Part payment"),
  PAYMENT_REFUNDED: msg("Refunded"),
  TEST_SAMPLE_COLLECTED: msg("Sample collected"),
  TEST_SAMPLE_REJECTED: msg("Sample rejected"),
  TEST_IN_PROGRESS: msg("Test in progress"),
  TEST_COMPLETED: msg("Test completed"),
  TEST_REVIEWED: msg("Result reviewed"),
  TEST_APPROVED: msg("Result approved"),
  REPORT_GENERATED: msg("Report generated"),
  REPORT_DELIVERED: msg("Report delivered"),
  REPORT_AMENDED: msg("Report amended"),
  DOCUMENT_UPLOADED: msg("Document uploaded"),
  DOCUMENT_SHARED: msg("Document shared"),
  VISIT_COMPLETED: msg("Visit completed"),
  VISIT_CANCELLED: msg("Visit cancelled"),
  VISIT_RESCHEDULED: msg("Visit rescheduled"),
  FOLLOWUP_SCHEDULED: msg("Follow-up booked"),
  FOLLOWUP_REMINDER_SENT: msg("Reminder sent"),
  EVENT_VOIDED: msg("Entry voided"),
  CONFLICT_RESOLVED: msg("Conflict resolved"),
};

/** The screens' word for a step of a visit; an unknown type (from a newer desk) keeps the label it came with. */
export const eventWord = (type: string, label: string): string =>
  (eventWords as Record<string, string>)[type] ?? label;

/** The words of a role read from a record (an event's author, an audit entry), or the record's own text if unknown. */
export const roleWord = (role: string): string => (roleWords as Record<string, string>)[role] ?? role;

/** How a bill was paid, by the contract's payment method codes. */
export const paymentMethodWords: Record<string, string> = {
  CASH: msg("Cash"),
  CARD: msg("Card"),
  MOBILE_MONEY: msg("Mobile money"),
  INSURANCE: msg("Insurance"),
  BANK_TRANSFER: msg("Bank transfer"),
};

/** How a patient was reminded of a follow-up. */
export const reminderWords: Record<string, string> = {
  PHONE: msg("Phone"),
  SMS: msg("SMS"),
  IN_PERSON: msg("In person"),
};

/** A result's flag beside its value (the printed report keeps reports/result-flag.ts's English words). */
export const flagTexts: Record<ResultFlag, string> = {
  normal: msg("Normal"),
  low: msg("Low"),
  high: msg("High"),
  abnormal: msg("Abnormal"),
  critical: msg("Critical"),
};

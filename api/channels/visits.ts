import { z } from "zod";
import { reminderChannels } from "../../domain/metadata-schemas.js";
import { defineChannels } from "../channel.js";
import { anyRole } from "../roles.js";
import { id, isoDate, money, positiveMoney, recorded, visitId } from "./common.js";
import { vitalFlag } from "./consultation.js";

// A visit from registration to closure. Registering writes VISIT_REGISTERED, QUEUE_JOINED (with the day's token for
// the doctor, like "A-014") and CONSULTATION_BILLED in one append, as the seed does.

/** A visit as the read model holds it, with the patient's and doctor's names for the screen. */
export const visitSummary = z.object({
  visitId: z.string(),
  patientId: z.string().nullable(),
  patientName: z.string().nullable(),
  patientNumber: z.string().nullable(),
  doctorId: z.string().nullable(),
  doctorName: z.string().nullable(),
  department: z.string().nullable(),
  status: z.string(),
  phase: z.string(),
  tokenNumber: z.string().nullable(),
  registeredAt: z.string().nullable(),
  queueJoinedAt: z.string().nullable(),
  calledAt: z.string().nullable(),
  enteredRoomAt: z.string().nullable(),
  exitedRoomAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  due: z.number(),
  paid: z.number(),
  balance: z.number(),
  conflictCount: z.number().int(),
});

export const journeyStep = z.object({
  id: z.string(),
  eventType: z.string(),
  label: z.string(),
  icon: z.string(),
  colour: z.string(),
  phase: z.string(),
  text: z.string(),
  metadata: z.unknown(),
  performedAt: z.string(),
  performedBy: z.object({ id: z.string(), name: z.string(), role: z.string() }).nullable(),
  deviceId: z.string(),
  voidedBy: z.string().nullable(),
  /** in_force, voided, parked (recorded by a newer version, not applied) or conflict (to be resolved). */
  standing: z.enum(["in_force", "voided", "parked", "conflict"]),
  schemaVersion: z.number().int(),
  minutesSincePrevious: z.number().nullable(),
  /** Vital signs out of range on a VITALS_RECORDED step. */
  flags: z.array(vitalFlag),
  /** The test a lab step is about, by name. */
  testName: z.string().nullable(),
  /** The bill a money step is about: consultation or tests, and its items. */
  bill: z.object({ kind: z.string(), items: z.array(z.string()) }).nullable(),
});

export const visitChannels = defineChannels({
  registerVisit: {
    kind: "command",
    roles: ["reception", "admin"],
    summary:
      "Register a visit for a patient: joins the doctor's queue with a token and bills the consultation",
    input: z.strictObject({
      patientId: id,
      doctorId: id.optional(),
      department: z.string().trim().max(100).optional(),
      reason: z.string().trim().max(2000).optional(),
      priority: z.enum(["normal", "urgent"]).default("normal"),
      /** Defaults to the clinic's consultation fee (settings). */
      consultationFee: positiveMoney.optional(),
      discount: money.optional(),
      /** A patient with a visit still open gets a second one only when the desk says so, with the reason. */
      allowSecondVisit: z.boolean().default(false),
      secondVisitReason: z.string().trim().min(1, "must not be empty").max(500).optional(),
    }),
    output: recorded.extend({ tokenNumber: z.string(), billId: z.string() }),
  },
  assignDoctor: {
    kind: "command",
    roles: ["reception", "admin"],
    summary:
      "Assign the visit to another doctor until the consultation is completed; once the patient was in the room, with a reason",
    input: z.strictObject({ visitId, doctorId: id, reason: z.string().trim().max(2000).optional() }),
    output: recorded,
  },
  cancelVisit: {
    kind: "command",
    roles: ["reception", "admin"],
    summary: "Cancel a visit before the consultation, with the reason",
    input: z.strictObject({ visitId, reason: z.string().trim().min(1, "must not be empty").max(2000) }),
    output: recorded,
  },
  rescheduleVisit: {
    kind: "command",
    roles: ["reception", "admin"],
    summary: "Move a visit to another day before the consultation",
    input: z.strictObject({ visitId, newDate: isoDate, reason: z.string().trim().max(2000).optional() }),
    output: recorded,
  },
  completeVisit: {
    kind: "command",
    roles: ["doctor", "reception", "admin"],
    summary:
      "Close the visit once the patient has seen the doctor and every test is approved; money still owed needs confirmBalanceOwed",
    input: z.strictObject({
      visitId,
      notes: z.string().trim().max(4000).optional(),
      /** The desk knows money is still owed and completes the visit anyway; it then stays on the owing list. */
      confirmBalanceOwed: z.boolean().default(false),
    }),
    output: recorded,
  },
  scheduleFollowUp: {
    kind: "command",
    roles: ["doctor", "reception"],
    summary: "Book a follow-up appointment",
    input: z.strictObject({ visitId, dueDate: isoDate, reason: z.string().trim().max(2000).optional() }),
    output: recorded.extend({ followUpId: z.string() }),
  },
  sendFollowUpReminder: {
    kind: "command",
    roles: ["reception"],
    summary: "Record that the patient was reminded of their follow-up",
    input: z.strictObject({ visitId, followUpId: id.optional(), channel: z.enum(reminderChannels) }),
    output: recorded,
  },
  voidEntry: {
    kind: "command",
    roles: ["admin"],
    summary: "Mark an entry on a visit as entered in error (it stays in the record, struck through)",
    input: z.strictObject({
      visitId,
      eventId: id,
      reason: z.string().trim().min(1, "must not be empty").max(2000),
    }),
    output: recorded,
  },
  visit: {
    kind: "query",
    roles: anyRole,
    summary: "One visit's current state",
    input: z.strictObject({ visitId }),
    output: z.object({ visit: visitSummary }),
  },
  visitJourney: {
    kind: "query",
    roles: anyRole,
    summary: "A visit's journey: every step with who did it, when, and the minutes since the previous step",
    input: z.strictObject({ visitId }),
    output: z.object({ visit: visitSummary, steps: z.array(journeyStep) }),
  },
  parkedEvents: {
    kind: "query",
    roles: anyRole,
    summary:
      "A visit's events recorded by a newer version of the app: kept, not applied here until this app is updated",
    input: z.strictObject({ visitId }),
    output: z.object({
      events: z.array(
        z.object({
          eventId: z.string(),
          eventType: z.string(),
          schemaVersion: z.number().int(),
          reason: z.string(),
          performedAt: z.string(),
          performedBy: z.string().nullable(),
          deviceId: z.string(),
        }),
      ),
    }),
  },
  visitsOfDay: {
    kind: "query",
    roles: anyRole,
    summary: "The visits registered on one day (today by default), in the order they came",
    input: z.strictObject({ date: isoDate.optional(), status: z.string().trim().max(40).optional() }),
    output: z.object({ date: z.string(), visits: z.array(visitSummary) }),
  },
});

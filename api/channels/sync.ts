import { z } from "zod";
import { defineChannels } from "../channel.js";
import { anyRole } from "../roles.js";
import { id, noInput, recorded } from "./common.js";

// This desk's sync with the central server, at a glance, and the conflicts that sync brought to light for a person
// to resolve with a compensating event.

export const syncStatusOutput = z.object({
  /** False where this host runs no sync job (not enrolled, or sync turned off). */
  available: z.boolean(),
  state: z.string(),
  enrolled: z.boolean(),
  online: z.boolean(),
  clinicName: z.string().nullable(),
  serverUrl: z.string().nullable(),
  pending: z.number().int(),
  rejected: z.number().int(),
  conflicts: z.number().int(),
  parked: z.number().int(),
  lastSuccessAt: z.string().nullable(),
  lastError: z.object({ code: z.string(), message: z.string(), at: z.string() }).nullable(),
  nextAttemptAt: z.string().nullable(),
  clockOffsetMs: z.number().nullable(),
  clockFlagged: z.boolean(),
});

const entryFacts = {
  eventId: z.string(),
  performedAt: z.string(),
  performedBy: z.string().nullable(),
  deviceId: z.string(),
};

export const conflictRow = z.object({
  ...entryFacts,
  visitId: z.string(),
  eventType: z.string(),
  kind: z.enum(["conflict", "parked"]),
  code: z.string(),
  message: z.string(),
  tokenNumber: z.string().nullable(),
  patientName: z.string().nullable(),
  /** The roles that may resolve this conflict (domain/mending-rules.ts); empty for a parked event. */
  resolvers: z.array(z.string()),
  /** The entries in force of the same kind on the visit, which keeping this one may replace. */
  rivals: z.array(z.object(entryFacts)),
});

/** An entry of this desk that the central server refused: kept here, never sent again, shown to a person. */
export const refusedRow = z.object({
  eventId: z.string(),
  visitId: z.string(),
  eventType: z.string(),
  performedAt: z.string(),
  performedBy: z.string().nullable(),
  tokenNumber: z.string().nullable(),
  patientName: z.string().nullable(),
  /** The server's code and sentence (HASH_MISMATCH, CHAIN_BROKEN, ...). */
  code: z.string(),
  message: z.string(),
  rejectedAt: z.string(),
});

export const syncChannels = defineChannels({
  syncStatus: {
    kind: "query",
    roles: anyRole,
    summary: "This desk's sync: online or not, pending events, last success, errors, clock offset",
    input: noInput,
    output: syncStatusOutput,
  },
  syncNow: {
    kind: "command",
    roles: anyRole,
    summary: "Run a sync round now instead of waiting for the timer",
    input: noInput,
    output: syncStatusOutput,
  },
  conflicts: {
    kind: "query",
    roles: ["reception", "doctor", "lab", "admin"],
    summary:
      "Events that sync brought together and the rules refused at their place, events parked as unknown, and this desk's events the central server refused",
    input: noInput,
    output: z.object({ conflicts: z.array(conflictRow), refused: z.array(refusedRow) }),
  },
  resolveConflict: {
    kind: "command",
    roles: ["reception", "doctor", "lab", "admin"],
    summary:
      "Resolve a sync conflict with a compensating event: keep the entry in force, or keep the conflicting one (voiding the entry it replaces), with the reason",
    input: z.strictObject({
      conflictEventId: id,
      kept: z.enum(["in_force", "conflicting"]),
      reason: z.string().trim().min(1, "must not be empty").max(2000),
      /** With kept = conflicting: the entry in force that the conflicting one replaces. */
      replacedEventId: id.optional(),
    }),
    output: recorded,
  },
});

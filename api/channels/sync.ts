import { z } from "zod";
import { defineChannels } from "../channel.js";
import { anyRole } from "../roles.js";
import { noInput } from "./common.js";

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

export const conflictRow = z.object({
  eventId: z.string(),
  visitId: z.string(),
  eventType: z.string(),
  kind: z.enum(["conflict", "parked"]),
  code: z.string(),
  message: z.string(),
  tokenNumber: z.string().nullable(),
  patientName: z.string().nullable(),
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
      "Events that sync brought together and the rules refused at their place, and events parked as unknown",
    input: noInput,
    output: z.object({ conflicts: z.array(conflictRow) }),
  },
});

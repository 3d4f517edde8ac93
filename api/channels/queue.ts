import { z } from "zod";
import { defineChannels } from "../channel.js";
import { id, recorded, visitId } from "./common.js";
import { visitSummary } from "./visits.js";

// The waiting room: who waits for which doctor, in the order they joined.

const room = z.string().trim().max(40).optional();

export const queueChannels = defineChannels({
  queue: {
    kind: "query",
    roles: ["reception", "doctor", "admin"],
    summary: "Patients waiting, called or skipped, oldest first; a doctor sees their own queue by default",
    input: z.strictObject({ doctorId: id.optional(), allDoctors: z.boolean().default(false) }),
    output: z.object({ entries: z.array(visitSummary.extend({ waitedMinutes: z.number().int() })) }),
  },
  callNextPatient: {
    kind: "command",
    roles: ["doctor", "reception"],
    summary: "Call the next waiting patient of a doctor's queue (a doctor calls their own)",
    input: z.strictObject({ doctorId: id.optional(), roomNumber: room }),
    output: recorded.extend({ tokenNumber: z.string().nullable() }),
  },
  callPatient: {
    kind: "command",
    roles: ["doctor", "reception"],
    summary: "Call one particular waiting or skipped patient",
    input: z.strictObject({ visitId, roomNumber: room }),
    output: recorded,
  },
  skipPatient: {
    kind: "command",
    roles: ["doctor", "reception"],
    summary: "Mark a called patient who did not come as skipped",
    input: z.strictObject({ visitId, reason: z.string().trim().max(500).optional() }),
    output: recorded,
  },
  requeuePatient: {
    kind: "command",
    roles: ["doctor", "reception"],
    summary: "Put a skipped patient, or one back from the lab, in the queue again",
    input: z.strictObject({ visitId }),
    output: recorded,
  },
});

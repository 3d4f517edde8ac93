import { z } from "zod";
import { metadataSchemas, testPriorities } from "../../domain/metadata-schemas.js";
import { defineChannels } from "../channel.js";
import { recorded, visitId } from "./common.js";

// The doctor's room. Metadata shapes come from the event catalog's schemas, so a form validated here is valid there.

const roomNotes = {
  notes: z.string().trim().max(4000).optional(),
  diagnosis: z.string().trim().max(2000).optional(),
};

/** A vital sign out of range (domain/vital-signs.ts): FEVER, TACHYCARDIA, HYPERTENSION, LOW_SPO2, ... */
export const vitalFlag = z.object({
  code: z.string(),
  field: z.string(),
  level: z.enum(["high", "low", "critical"]),
  message: z.string(),
});

export const consultationChannels = defineChannels({
  enterRoom: {
    kind: "command",
    roles: ["doctor", "reception"],
    summary: "The called patient entered the consultation room",
    input: z.strictObject({ visitId, roomNumber: z.string().trim().max(40).optional() }),
    output: recorded,
  },
  exitRoom: {
    kind: "command",
    roles: ["doctor"],
    summary: "The patient left the room; notes and diagnosis are kept, the minutes in the room counted",
    input: z.strictObject({ visitId, ...roomNotes }),
    output: recorded,
  },
  recordVitals: {
    kind: "command",
    roles: ["doctor", "reception"],
    summary:
      "Record vital signs (temperature, pulse, blood pressure, ...); answers with the signs out of range",
    input: z.strictObject({ visitId, vitals: metadataSchemas.VITALS_RECORDED }),
    output: recorded.extend({ flags: z.array(vitalFlag) }),
  },
  prescribe: {
    kind: "command",
    roles: ["doctor"],
    summary: "Prescribe medicines",
    input: z.strictObject({ visitId, items: metadataSchemas.PRESCRIPTION_GIVEN.shape.items }),
    output: recorded.extend({ prescriptionId: z.string() }),
  },
  orderTests: {
    kind: "command",
    roles: ["doctor"],
    summary: "Order lab tests; each gets a test order id the lab works by",
    input: z.strictObject({
      visitId,
      tests: z
        .array(
          z.strictObject({
            name: z.string().trim().min(1, "must not be empty").max(200),
            specimen: z.string().trim().max(100).optional(),
          }),
        )
        .min(1, "must order at least one test")
        .max(50),
      priority: z.enum(testPriorities).default("normal"),
    }),
    output: recorded.extend({ testOrderIds: z.array(z.string()) }),
  },
  refer: {
    kind: "command",
    roles: ["doctor"],
    summary: "Refer the patient to a specialist",
    input: z.strictObject({ visitId, ...metadataSchemas.REFERRAL_GIVEN.shape }),
    output: recorded,
  },
  completeConsultation: {
    kind: "command",
    roles: ["doctor"],
    summary: "Mark the consultation as finished (once per visit)",
    input: z.strictObject({ visitId, ...roomNotes }),
    output: recorded,
  },
});

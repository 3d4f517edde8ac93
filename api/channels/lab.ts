import { z } from "zod";
import { labResult } from "../../domain/metadata-schemas.js";
import { labStatuses } from "../../domain/visit-state.js";
import { defineChannels } from "../channel.js";
import { id, recorded, visitId } from "./common.js";

// The laboratory: a test moves ordered -> collected -> in progress -> completed -> reviewed -> approved ->
// reported -> delivered; a rejected sample goes back to collection.

const test = { visitId, testOrderId: id };
const notes = z.string().trim().max(4000).optional();

export const worklistRow = z.object({
  visitId: z.string(),
  testOrderId: z.string(),
  name: z.string().nullable(),
  priority: z.string(),
  status: z.enum(labStatuses),
  orderedAt: z.string(),
  orderedBy: z.string().nullable(),
  collectedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  /** Who marked the result reviewed: with second-person approval on, someone else approves it. */
  reviewedBy: z.string().nullable(),
  approvedAt: z.string().nullable(),
  rejectedCount: z.number().int(),
  results: z.array(z.unknown()).nullable(),
  patientName: z.string().nullable(),
  patientNumber: z.string().nullable(),
  tokenNumber: z.string().nullable(),
});

export const labChannels = defineChannels({
  labWorklist: {
    kind: "query",
    roles: ["lab", "doctor", "admin"],
    summary: "Tests to work on (not yet reported by default), urgent first then oldest first",
    input: z.strictObject({
      status: z.enum(labStatuses).optional(),
      includeDone: z.boolean().default(false),
      visitId: id.optional(),
    }),
    output: z.object({ tests: z.array(worklistRow) }),
  },
  collectSample: {
    kind: "command",
    roles: ["lab"],
    summary: "A sample was collected for a test",
    input: z.strictObject({
      ...test,
      sampleId: id.optional(),
      specimen: z.string().trim().max(100).optional(),
    }),
    output: recorded,
  },
  rejectSample: {
    kind: "command",
    roles: ["lab"],
    summary: "The sample cannot be used; a new one must be collected",
    input: z.strictObject({ ...test, reason: z.string().trim().min(1, "must not be empty").max(2000) }),
    output: recorded,
  },
  startTest: {
    kind: "command",
    roles: ["lab"],
    summary: "The lab started processing the sample",
    input: z.strictObject(test),
    output: recorded,
  },
  recordResult: {
    kind: "command",
    roles: ["lab"],
    summary: "Enter the test's results; it is then completed and waits for review",
    input: z.strictObject({
      ...test,
      results: z.array(labResult).min(1, "must give at least one result"),
      notes,
    }),
    output: recorded,
  },
  reviewResult: {
    kind: "command",
    roles: ["lab", "doctor"],
    summary: "A second person reviewed the results",
    input: z.strictObject({ ...test, notes }),
    output: recorded,
  },
  approveResult: {
    kind: "command",
    roles: ["lab", "doctor"],
    summary: "Approve reviewed results; the report can then be made",
    input: z.strictObject({ ...test, notes }),
    output: recorded,
  },
  generateReport: {
    kind: "command",
    roles: ["lab"],
    summary:
      "Make the PDF report of approved results, stored with the visit's documents (path, size, SHA-256)",
    input: z.strictObject(test),
    output: recorded,
  },
  deliverReport: {
    kind: "command",
    roles: ["lab", "reception"],
    summary: "The report was given to the patient (or someone else, named)",
    input: z.strictObject({ ...test, deliveredTo: z.string().trim().max(200).optional() }),
    output: recorded,
  },
  amendReport: {
    kind: "command",
    roles: ["lab", "doctor"],
    summary: "Correct approved results, with the reason; the report is then made again",
    input: z.strictObject({
      ...test,
      reason: z.string().trim().min(1, "must not be empty").max(2000),
      results: z.array(labResult).optional(),
    }),
    output: recorded,
  },
});

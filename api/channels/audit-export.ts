import { z } from "zod";
import { defineChannels } from "../channel.js";
import { id, isoDate } from "./common.js";

// The administrator's audit export: the visit log (and, when asked, the security log) written to a file in the
// data folder's exports/ with its signed manifest, by audit/export.ts. The file's place is chosen here, not by the
// caller, so a browser can never make the host write elsewhere.

export const auditExportFormats = ["ndjson", "csv", "fhir"] as const;

export const auditExportChannels = defineChannels({
  exportAuditLog: {
    kind: "command",
    roles: ["admin"],
    refusedAs: "audit_export_refused",
    summary:
      "Export the audit log (NDJSON, CSV or FHIR) with a signed manifest into the data folder's exports/",
    input: z.strictObject({
      format: z.enum(auditExportFormats),
      from: isoDate.optional(),
      to: isoDate.optional(),
      visitId: id.optional(),
      includeSecurity: z.boolean().default(false),
    }),
    output: z.object({
      file: z.string(),
      manifestFile: z.string(),
      records: z.number().int(),
      bytes: z.number().int(),
      sha256: z.string(),
      fingerprint: z.string(),
      chainGaps: z.number().int(),
      durationMs: z.number(),
    }),
  },
});

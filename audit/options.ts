import { z } from "zod";
import { eventTypes } from "../domain/catalog.js";
import { exportFormats } from "./formats/format.js";

// What an export may be asked for. The same schema serves the CLI, the admin screen and the manifest, which records
// the request as given (after normalising dates), so an auditor can see what was left out and why.

const day = /^\d{4}-\d{2}-\d{2}$/;
const moment = z.union([
  z.iso.date({ message: "must be a date like 2026-03-31" }),
  z.iso.datetime({
    offset: true,
    message: "must be a date like 2026-03-31 or a date and time like 2026-03-31T14:00:00Z",
  }),
]);
const id = z.string().trim().min(1, "must not be empty").max(100);

export const exportFilterSchema = z.strictObject({
  /** First day (or moment) included, by when the step happened (performedAt, UTC). */
  from: moment.optional(),
  /** Last day included (a whole UTC day), or the moment the export stops before. */
  to: moment.optional(),
  visitId: id.optional(),
  /** Via the visits read model: every event of every visit of this patient. */
  patientId: id.optional(),
  /** The member of staff who performed the step (or, for security events, the actor). */
  performedBy: id.optional(),
  eventTypes: z.array(z.string().trim().min(1)).min(1, "must name at least one type").optional(),
  /** Adds the security log (sign-ins, exports, staff changes); date and performer filters apply to it too. */
  includeSecurity: z.boolean().optional(),
});

export const exportOptionsSchema = exportFilterSchema.extend({
  file: z.string().trim().min(1, "must name the file to write"),
  format: z.enum(exportFormats),
  /** The member of staff doing the export: named in the manifest and in the security log. */
  exportedBy: id,
  /** Replace an existing file of that name. */
  force: z.boolean().optional(),
});

export type ExportFilter = z.infer<typeof exportFilterSchema>;
export type ExportOptions = z.input<typeof exportOptionsSchema>;

/** The filter as SQL bounds: performedAt >= from and < to, both ISO-8601 UTC instants (the stored form). */
export interface TimeBounds {
  from: string | null;
  to: string | null;
}

export function timeBounds(f: ExportFilter): TimeBounds {
  const at = (s: string) => new Date(s).toISOString();
  const nextDay = (d: string) => new Date(Date.parse(`${d}T00:00:00.000Z`) + 86_400_000).toISOString();
  return {
    from: f.from ? (day.test(f.from) ? `${f.from}T00:00:00.000Z` : at(f.from)) : null,
    to: f.to ? (day.test(f.to) ? nextDay(f.to) : at(f.to)) : null,
  };
}

/** A filter problem a person can fix, or null. `extraTypes` are the security log's action names. */
export function filterProblem(f: ExportFilter, extraTypes: readonly string[]): string | null {
  const b = timeBounds(f);
  if (b.from && b.to && b.from >= b.to) return `--from (${f.from}) must come before --to (${f.to}).`;
  const known = new Set<string>([...eventTypes, ...extraTypes]);
  const unknown = (f.eventTypes ?? []).filter((t) => !known.has(t));
  if (unknown.length) return `Unknown event type ${unknown.join(", ")}.`;
  return null;
}

/** True when the export holds only part of the log; then chain gaps are expected and counted, not errors. */
export const isFiltered = (f: ExportFilter): boolean =>
  Boolean(f.from || f.to || f.visitId || f.patientId || f.performedBy || f.eventTypes);

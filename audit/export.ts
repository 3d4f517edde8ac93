import { existsSync, statSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { getDeviceKey } from "../db/device-keys.js";
import type { ClinicDb } from "../db/open.js";
import { securityActionsPresent } from "../db/security-actions.js";
import { getStaff } from "../db/staff.js";
import { describeIssues } from "../domain/field-errors.js";
import type { ExportJob, ExportProgress } from "./export-file.js";
import { dropUndefined } from "./export-file.js";
import type { ExportFormatName } from "./formats/format.js";
import { exportOffThread } from "./off-thread.js";
import { type ExportFilter, type ExportOptions, exportOptionsSchema, filterProblem } from "./options.js";
import { AUDIT_ACTIONS, appendSecurityEntry } from "./security-log.js";

export type { ExportProgress } from "./export-file.js";

// Exports the audit log to a file and its signed manifest (docs/audit-format.md). The CLI and the admin screen both
// call exportAudit. It checks the request here, on the desk's connection; the file is read and written by
// audit/export-file.ts on a worker thread. The export is itself recorded in the security log (action
// audit_exported, outcome ok or failed; a refused request as audit_export_refused).

export interface ExportSummary {
  exportId: string;
  file: string;
  manifestFile: string;
  format: ExportFormatName;
  records: number;
  byKind: Record<string, number>;
  chainGaps: number;
  bytes: number;
  sha256: string;
  fingerprint: string;
  durationMs: number;
}

export type ExportErrorCode =
  | "INVALID_OPTIONS"
  | "UNKNOWN_STAFF"
  | "FILE_EXISTS"
  | "NO_FOLDER"
  | "WRITE_FAILED";
export type ExportResult =
  | { ok: true; value: ExportSummary }
  | { ok: false; error: { code: ExportErrorCode; message: string } };

export const manifestPathFor = (file: string): string => `${file}.manifest.json`;

const fail = (code: ExportErrorCode, message: string): ExportResult => ({
  ok: false,
  error: { code, message },
});

export async function exportAudit(
  db: ClinicDb,
  options: ExportOptions,
  onProgress?: (p: ExportProgress) => void,
): Promise<ExportResult> {
  const started = Date.now();
  const who = activeStaff(db, options.exportedBy);
  // Every refusal is itself audited (audit_export_refused): who asked, for what, and why it was not done.
  const refuse = (code: ExportErrorCode, message: string): ExportResult => {
    appendSecurityEntry(db.sqlite, db.deviceId, db.newId, {
      action: "audit_export_refused",
      outcome: "refused",
      staffId: who?.id ?? null,
      username: who?.username ?? null,
      detail: { code, reason: message, request: requestOf(options) },
    });
    return fail(code, message);
  };
  const parsed = exportOptionsSchema.safeParse(options);
  if (!parsed.success) return refuse("INVALID_OPTIONS", describeIssues(parsed.error, options));
  const o = parsed.data;
  const filter: ExportFilter = {
    from: o.from,
    to: o.to,
    visitId: o.visitId,
    patientId: o.patientId,
    performedBy: o.performedBy,
    eventTypes: o.eventTypes,
    includeSecurity: o.includeSecurity ?? false,
  };
  const problem = filterProblem(filter, o.includeSecurity ? securityActionNames(db) : []);
  if (problem) return refuse("INVALID_OPTIONS", problem);
  if (!who) return refuse("UNKNOWN_STAFF", `exportedBy "${o.exportedBy}" is not an active member of staff.`);

  const file = resolve(o.file);
  const manifestFile = manifestPathFor(file);
  if (!existsSync(dirname(file)) || !statSync(dirname(file)).isDirectory())
    return refuse("NO_FOLDER", `There is no folder ${dirname(file)} to write the export into.`);
  for (const target of [file, manifestFile])
    if (existsSync(target) && !o.force)
      return refuse(
        "FILE_EXISTS",
        `${target} already exists; choose another name or ask to replace it (--force).`,
      );

  const exportId = `exp_${db.newId()}`;
  const key = getDeviceKey(db);
  const job: ExportJob = {
    file,
    manifestFile,
    format: o.format,
    filter,
    exportId,
    exportedAt: new Date().toISOString(),
    exportedBy: { staffId: who.id, name: who.name, role: who.role },
    device: { deviceId: db.deviceId, publicKey: key.publicKeyPem, fingerprint: key.fingerprint },
    privateKey: key.privateKey,
  };
  const detail = { exportId, file: basename(file), format: o.format, request: filter };
  try {
    // Reading and writing happen on a worker thread with its own read-only connection, so the desk keeps
    // answering; only the security log's entries below are written here, on the desk's connection.
    const written = await exportOffThread(db, job, onProgress);
    appendSecurityEntry(db.sqlite, db.deviceId, db.newId, {
      action: "audit_exported",
      outcome: "ok",
      staffId: who.id,
      username: who.username,
      detail: {
        ...detail,
        records: written.records,
        sha256: written.sha256,
        manifestSignature: written.manifestSignature,
      },
    });
    return {
      ok: true,
      value: {
        exportId,
        file,
        manifestFile,
        format: o.format,
        records: written.records,
        byKind: written.byKind,
        chainGaps: written.chainGaps,
        bytes: written.bytes,
        sha256: written.sha256,
        fingerprint: key.fingerprint,
        durationMs: Date.now() - started,
      },
    };
  } catch (err) {
    const message = `The export could not be written: ${(err as Error).message}. No file was left under ${basename(file)}.`;
    try {
      appendSecurityEntry(db.sqlite, db.deviceId, db.newId, {
        action: "audit_exported",
        outcome: "failed",
        staffId: who.id,
        username: who.username,
        detail: { ...detail, error: (err as Error).message },
      });
    } catch {
      // Recording the failure must not hide it.
    }
    return fail("WRITE_FAILED", message);
  }
}

type Staff = { id: string; name: string; role: string; username: string | null };

/** The member of staff named, when they are active; null otherwise (also for input that is not an id). */
function activeStaff(db: ClinicDb, id: unknown): Staff | null {
  if (typeof id !== "string" || id.length > 100) return null;
  const row = getStaff(db, id.trim());
  return row?.active ? { id: row.id, name: row.name, role: row.role, username: row.username } : null;
}

/** What a refused export asked for, as far as it can be told: short texts only, never the whole input. */
function requestOf(options: ExportOptions): Record<string, unknown> {
  const short = (v: unknown) => (typeof v === "string" ? v.slice(0, 200) : undefined);
  const types = Array.isArray(options.eventTypes) ? options.eventTypes.slice(0, 20).map(short) : undefined;
  return dropUndefined({
    file: typeof options.file === "string" ? basename(options.file).slice(0, 200) : undefined,
    format: short(options.format),
    exportedBy: short(options.exportedBy),
    from: short(options.from),
    to: short(options.to),
    visitId: short(options.visitId),
    patientId: short(options.patientId),
    performedBy: short(options.performedBy),
    eventTypes: types,
    includeSecurity: typeof options.includeSecurity === "boolean" ? options.includeSecurity : undefined,
  });
}

/** Security action names a filter may ask for: ours, and whatever the security log already holds. */
function securityActionNames(db: ClinicDb): string[] {
  return [...AUDIT_ACTIONS, ...securityActionsPresent(db)];
}

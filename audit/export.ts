import { existsSync, statSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { getDeviceKey } from "../db/device-keys.js";
import { type ClinicDb, readMeta } from "../db/open.js";
import { describeIssues } from "../domain/field-errors.js";
import { checkpointKeys } from "../sync/desk-store.js";
import { appVersion } from "./app-version.js";
import { type AtomicFile, createAtomicFile, publish } from "./atomic-file.js";
import { checkpointInterval, entryDigest } from "./entry-digest.js";
import { csvWriter } from "./formats/csv.js";
import { fhirWriter } from "./formats/fhir.js";
import type { ExportFormatName, FormatWriter } from "./formats/format.js";
import { ndjsonWriter } from "./formats/ndjson.js";
import {
  MANIFEST_VERSION,
  type Manifest,
  type ServerCheckpoint,
  signManifest,
  type UnsignedManifest,
} from "./manifest.js";
import {
  type ExportFilter,
  type ExportOptions,
  exportOptionsSchema,
  filterProblem,
  isFiltered,
} from "./options.js";
import { type AuditRecord, chainKey, type KindSpec, kindSpec } from "./record.js";
import { AUDIT_ACTIONS, appendSecurityEntry } from "./security-log.js";
import { type ChainHead, sourcesFor } from "./sources.js";

// Exports the audit log to a file and its signed manifest (docs/audit-format.md). The CLI and the admin screen both
// call exportAudit. Memory stays flat: rows are read a page at a time up to the snapshot's bound and written
// through a stream that waits for the disk. The file appears under its name complete or not at all, and the export
// is itself recorded in the security log (action audit_exported, outcome ok or failed).

export interface ExportProgress {
  /** Records written so far, of `total`. */
  done: number;
  total: number;
  bytes: number;
}

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

const PAGE = 2000;
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
  const exportedAt = new Date().toISOString();
  const key = getDeviceKey(db);
  const sources = sourcesFor(filter);

  // One consistent snapshot: the bound of each log, its chain heads and the newest checkpoint the desk verified
  // (it covers events this desk already holds, so never more than the snapshot), read together.
  let checkpoint: ServerCheckpoint | null = null;
  const snapshot = db.sqlite.transaction(() => {
    checkpoint = keptCheckpoint(db);
    return sources.map((source) => {
      const upTo = source.last(db.sqlite);
      const heads = source.heads(db.sqlite, upTo);
      // Unfiltered, the export holds every chain whole: the heads' lengths add up to the count, and counting again
      // would read the whole table a second time.
      const total = isFiltered(filter)
        ? source.count(db.sqlite, filter, upTo)
        : heads.reduce((n, h) => n + h.length, 0);
      return { source, upTo, total, heads };
    });
  })();
  const total = snapshot.reduce((n, s) => n + s.total, 0);
  const every = checkpointInterval(total);

  const kinds: KindSpec[] = sources.map((s) => s.spec);
  const specOf = (kind: string) => kindSpec(kind) as KindSpec;
  const writer: FormatWriter =
    o.format === "csv"
      ? csvWriter({ exportId, exportedAt, kinds })
      : o.format === "fhir"
        ? fhirWriter({ exportId, exportedAt, kinds }, specOf)
        : ndjsonWriter(specOf);

  let data: AtomicFile | undefined;
  let manifestTemp: AtomicFile | undefined;
  const detail = { exportId, file: basename(file), format: o.format, request: filter };
  try {
    data = await createAtomicFile(file);
    await data.write(writer.begin());
    const digest = entryDigest();
    const checkpoints: string[] = [];
    const byKind: Record<string, number> = {};
    const byChain: Record<string, number> = {};
    const lastInChain = new Map<string, string>();
    let gaps = 0;
    let first: AuditRecord | null = null;
    let last: AuditRecord | null = null;
    let seq = 0;
    for (const { source, upTo } of snapshot) {
      // A source holds one kind of record: its chain keys ("kind:device") are made once a device, not a record.
      const chainKeys = new Map<unknown, string>();
      let after = 0;
      for (;;) {
        // A page is read and turned into text synchronously, then written while nothing holds the connection.
        const rows = source.page(db.sqlite, filter, after, upTo, PAGE, o.format !== "ndjson");
        for (const row of rows) {
          after = row.at;
          const r = row.record;
          seq += 1;
          const entry = writer.entry(r, seq, row.context);
          data.add(writer.frame(entry, seq === 1));
          digest.add(entry);
          if (seq % every === 0) checkpoints.push(digest.value);
          byKind[r.kind] = (byKind[r.kind] ?? 0) + 1;
          let chain = chainKeys.get(r.fields.deviceId);
          if (chain === undefined) {
            chain = chainKey(r);
            chainKeys.set(r.fields.deviceId, chain);
          }
          byChain[chain] = (byChain[chain] ?? 0) + 1;
          const prev = lastInChain.get(chain);
          if (prev !== undefined && r.fields.prevHash !== prev) gaps += 1;
          lastInChain.set(chain, r.hash);
          first ??= r;
          last = r;
        }
        if (rows.length === 0) break;
        await data.ready();
        onProgress?.({ done: seq, total, bytes: data.bytes });
        if (rows.length < PAGE) break;
      }
    }
    await data.write(writer.end(seq));
    const written = await data.close();
    onProgress?.({ done: seq, total, bytes: written.bytes });

    const heads: ChainHead[] = snapshot.flatMap((s) => s.heads);
    const ref = (r: AuditRecord | null) =>
      r && {
        kind: r.kind,
        id: String(r.fields.id),
        at: String(r.fields.performedAt ?? r.fields.occurredAt),
        hash: r.hash,
      };
    const unsigned: UnsignedManifest = {
      manifest: MANIFEST_VERSION,
      exportId,
      file: { name: basename(file), format: o.format, bytes: written.bytes, sha256: written.sha256 },
      request: { ...dropUndefined(filter), format: o.format, filtered: isFiltered(filter) },
      counts: { records: seq, byKind, byChain, chainGaps: gaps },
      firstRecord: ref(first),
      lastRecord: ref(last),
      chainHeads: heads,
      entries: { digest: digest.value, every, checkpoints },
      app: appVersion(),
      exportedBy: { staffId: who.id, name: who.name, role: who.role },
      exportedAt,
      device: { deviceId: db.deviceId, publicKey: key.publicKeyPem, fingerprint: key.fingerprint },
      checkpoint,
    };
    const manifest: Manifest = signManifest(unsigned, key.privateKey);
    manifestTemp = await createAtomicFile(manifestFile);
    await manifestTemp.write(`${JSON.stringify(manifest, null, 2)}\n`);
    await manifestTemp.close();
    // The data file first: a crash between the two renames leaves a file the verifier reports as unsigned, never
    // a manifest that vouches for a file that is not there.
    await publish([
      { from: data.tempPath, to: file },
      { from: manifestTemp.tempPath, to: manifestFile },
    ]);
    appendSecurityEntry(db.sqlite, db.deviceId, db.newId, {
      action: "audit_exported",
      outcome: "ok",
      staffId: who.id,
      username: who.username,
      detail: {
        ...detail,
        records: seq,
        sha256: written.sha256,
        manifestSignature: manifest.signature.value,
      },
    });
    return {
      ok: true,
      value: {
        exportId,
        file,
        manifestFile,
        format: o.format,
        records: seq,
        byKind,
        chainGaps: gaps,
        bytes: written.bytes,
        sha256: written.sha256,
        fingerprint: key.fingerprint,
        durationMs: Date.now() - started,
      },
    };
  } catch (err) {
    await data?.discard();
    await manifestTemp?.discard();
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

/** The newest server checkpoint this desk verified and kept, with the server key it was checked against. */
function keptCheckpoint(db: ClinicDb): ServerCheckpoint | null {
  const note = readMeta(db.sqlite, checkpointKeys.checkpoint);
  const serverKey = readMeta(db.sqlite, checkpointKeys.serverKey);
  return note && serverKey ? { note, serverKey } : null;
}

type Staff = { id: string; name: string; role: string; username: string | null };

/** The member of staff named, when they are active; null otherwise (also for input that is not an id). */
function activeStaff(db: ClinicDb, id: unknown): Staff | null {
  if (typeof id !== "string" || id.length > 100) return null;
  const row = db.sqlite
    .prepare("SELECT id, name, role, username, active FROM staff WHERE id = ?")
    .get(id.trim()) as (Staff & { active: number }) | undefined;
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

function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** Security action names a filter may ask for: ours, and whatever the security log already holds. */
function securityActionNames(db: ClinicDb): string[] {
  const present = db.sqlite.prepare("SELECT DISTINCT action FROM security_audit").pluck().all() as string[];
  return [...AUDIT_ACTIONS, ...present];
}

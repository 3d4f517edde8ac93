import type { KeyObject } from "node:crypto";
import { basename } from "node:path";
import type Database from "better-sqlite3";
import { readMeta } from "../db/open.js";
import type { Orm } from "../db/prepared.js";
import { checkpointKeys } from "../sync/desk-store.js";
import { appVersion } from "./app-version.js";
import { type AtomicFile, createAtomicFile, publish } from "./atomic-file.js";
import { checkpointInterval, entryDigest } from "./entry-digest.js";
import { csvWriter } from "./formats/csv.js";
import { fhirWriter } from "./formats/fhir.js";
import type { ExportFormatName, FormatWriter } from "./formats/format.js";
import { ndjsonWriter } from "./formats/ndjson.js";
import { MANIFEST_VERSION, type ServerCheckpoint, signManifest, type UnsignedManifest } from "./manifest.js";
import { type ExportFilter, isFiltered } from "./options.js";
import { type AuditRecord, chainKey, type KindSpec, kindSpec } from "./record.js";
import { snapshotOf } from "./sources.js";

// Writes one export that audit/export.ts has already checked and allowed: reads the snapshot, streams the records
// into the file, signs the manifest and moves both into place. It only reads the clinic file, so it runs on a
// worker thread with its own read-only connection (audit/off-thread.ts) and the desk keeps answering meanwhile.
// Memory stays flat: rows are read a page at a time up to the snapshot's bound and written through a stream that
// waits for the disk. The file appears under its name complete or not at all.

/** Everything the export needs that the desk's connection knew: plain data, so it can cross to a thread. */
export interface ExportJob {
  file: string;
  manifestFile: string;
  format: ExportFormatName;
  filter: ExportFilter;
  exportId: string;
  exportedAt: string;
  exportedBy: { staffId: string; name: string; role: string };
  device: { deviceId: string; publicKey: string; fingerprint: string };
  privateKey: KeyObject;
}

export interface ExportProgress {
  /** Records written so far, of `total`. */
  done: number;
  total: number;
  bytes: number;
}

export interface WrittenExport {
  records: number;
  byKind: Record<string, number>;
  chainGaps: number;
  bytes: number;
  sha256: string;
  manifestSignature: string;
}

/** A read connection to the clinic file: the desk's own, or a worker's read-only one. */
export interface ExportSource {
  sqlite: Database.Database;
  orm: Orm;
}

const PAGE = 2000;

export async function writeExportFile(
  db: ExportSource,
  job: ExportJob,
  onProgress?: (p: ExportProgress) => void | Promise<void>,
): Promise<WrittenExport> {
  const { filter, format } = job;
  // One consistent snapshot: the bound of each log, its chain heads and the newest checkpoint the desk verified
  // (it covers events this desk already holds, so never more than the snapshot), read together.
  const { snapshot, checkpoint } = db.sqlite.transaction(() => ({
    checkpoint: keptCheckpoint(db.sqlite),
    snapshot: snapshotOf(db, filter, format !== "ndjson"),
  }))();
  const { total } = snapshot;
  const every = checkpointInterval(total);
  const kinds: KindSpec[] = [...new Set(snapshot.sources.map((s) => s.spec))];
  const specOf = (kind: string) => kindSpec(kind) as KindSpec;
  const start = { exportId: job.exportId, exportedAt: job.exportedAt, kinds };
  const writer: FormatWriter =
    format === "csv"
      ? csvWriter(start)
      : format === "fhir"
        ? fhirWriter(start, specOf)
        : ndjsonWriter(specOf);

  let data: AtomicFile | undefined;
  let manifestTemp: AtomicFile | undefined;
  try {
    data = await createAtomicFile(job.file);
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
    for (const source of snapshot.sources) {
      // A source holds one kind of record: its chain keys ("kind:device") are made once a device, not a record.
      const chainKeys = new Map<unknown, string>();
      let after = 0;
      for (;;) {
        // A page is read and turned into text synchronously, then written while nothing holds the connection.
        const rows = source.page(after, PAGE);
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
        await onProgress?.({ done: seq, total, bytes: data.bytes });
        if (rows.length < PAGE) break;
      }
    }
    await data.write(writer.end(seq));
    const written = await data.close();
    await onProgress?.({ done: seq, total, bytes: written.bytes });

    const ref = (r: AuditRecord | null) =>
      r && {
        kind: r.kind,
        id: String(r.fields.id),
        at: String(r.fields.performedAt ?? r.fields.occurredAt),
        hash: r.hash,
      };
    const unsigned: UnsignedManifest = {
      manifest: MANIFEST_VERSION,
      exportId: job.exportId,
      file: { name: basename(job.file), format, bytes: written.bytes, sha256: written.sha256 },
      request: { ...dropUndefined(filter), format, filtered: isFiltered(filter) },
      counts: { records: seq, byKind, byChain, chainGaps: gaps },
      firstRecord: ref(first),
      lastRecord: ref(last),
      chainHeads: snapshot.heads,
      entries: { digest: digest.value, every, checkpoints },
      app: appVersion(),
      exportedBy: job.exportedBy,
      exportedAt: job.exportedAt,
      device: job.device,
      checkpoint,
    };
    const manifest = signManifest(unsigned, job.privateKey);
    manifestTemp = await createAtomicFile(job.manifestFile);
    await manifestTemp.write(`${JSON.stringify(manifest, null, 2)}\n`);
    await manifestTemp.close();
    // The data file first: a crash between the two renames leaves a file the verifier reports as unsigned, never
    // a manifest that vouches for a file that is not there.
    await publish([
      { from: data.tempPath, to: job.file },
      { from: manifestTemp.tempPath, to: job.manifestFile },
    ]);
    return {
      records: seq,
      byKind,
      chainGaps: gaps,
      bytes: written.bytes,
      sha256: written.sha256,
      manifestSignature: manifest.signature.value,
    };
  } catch (err) {
    await data?.discard();
    await manifestTemp?.discard();
    throw err;
  }
}

/** The newest server checkpoint this desk verified and kept, with the server key it was checked against. */
function keptCheckpoint(sqlite: Database.Database): ServerCheckpoint | null {
  const note = readMeta(sqlite, checkpointKeys.checkpoint);
  const serverKey = readMeta(sqlite, checkpointKeys.serverKey);
  return note && serverKey ? { note, serverKey } : null;
}

export function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

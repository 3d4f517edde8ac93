import type { AuditReadFilter } from "../db/audit-filter.js";
import { securityPages } from "../db/audit-security-pages.js";
import {
  securityBound,
  securityChainHeads,
  visitEventBound,
  visitEventChainHeads,
} from "../db/audit-snapshot.js";
import { visitEventPages } from "../db/audit-visit-event-pages.js";
import type { Orm } from "../db/prepared.js";
import type { RecordContext } from "./formats/format.js";
import { type ExportFilter, isFiltered, timeBounds } from "./options.js";
import {
  type AuditRecord,
  type FieldValue,
  type KindSpec,
  securityEventKind,
  visitEventKind,
} from "./record.js";

// Where the records of each chained log come from, in chain order, and each device's chain head. Visit events come
// in the clinic's canonical order: those the sync server has sequenced by their server sequence (so the first N of
// a complete export are the server's events 1..N, which its signed checkpoint covers), then the rest (not yet
// synced, or refused) by position. Both orders keep each device's chain in order: the server sequences a device's
// events only in chain order, and position is this file's append order.

export interface ChainHead {
  kind: string;
  deviceId: string;
  /** The hash of the device's latest record in this file. */
  head: string;
  /** How many records the device's chain has in this file. */
  length: number;
}

export interface SourceRow {
  /** The row's place in its table (server sequence, position, seq): the paging cursor. */
  at: number;
  record: AuditRecord;
  context: RecordContext;
}

/**
 * One part of a log within the export's snapshot. The log is append-only, so the rows up to the bound read when
 * the export starts never change: an export reads up to it in pages, holding no statement open while it waits for
 * the disk, and is still one consistent snapshot.
 */
export interface RecordSource {
  spec: KindSpec;
  /** How many records this part holds (a count that reads the rows: asked only of a filtered export). */
  count(): number;
  /** Up to `limit` rows after the cursor `after`. */
  page(after: number, limit: number): SourceRow[];
}

export interface Snapshot {
  /** The parts in the order they appear in the file. */
  sources: RecordSource[];
  total: number;
  /** Every chain of the logs exported. */
  heads: ChainHead[];
}

type Row = readonly (FieldValue | undefined)[];

/**
 * Rows come back as arrays, a page in one call: the cursor, the hashed fields in canonical order, the hash, then
 * the two reading aids. `fieldsOf` builds the hashed fields as one object literal: a fixed shape is several times
 * quicker to make than an object filled key by key, which counted at a million records.
 */
function rowsOf(
  spec: KindSpec,
  fieldsOf: (row: Row) => Record<string, FieldValue>,
  rows: Row[],
): SourceRow[] {
  const n = spec.fields.length;
  return rows.map((row) => ({
    at: row[0] as number,
    record: { kind: spec.kind, fields: fieldsOf(row), hash: row[n + 1] as string },
    context: {
      patientId: (row[n + 2] as string | null) ?? null,
      performerName: (row[n + 3] as string | null) ?? null,
    },
  }));
}

const visitEventFields = (r: Row) => ({
  id: r[1] ?? null,
  visitId: r[2] ?? null,
  eventType: r[3] ?? null,
  description: r[4] ?? null,
  metadata: r[5] ?? null,
  performedBy: r[6] ?? null,
  performedAt: r[7] ?? null,
  deviceId: r[8] ?? null,
  schemaVersion: r[9] ?? null,
  recordedAt: r[10] ?? null,
  prevHash: r[11] ?? null,
});

const securityEventFields = (r: Row) => ({
  id: r[1] ?? null,
  action: r[2] ?? null,
  outcome: r[3] ?? null,
  staffId: r[4] ?? null,
  username: r[5] ?? null,
  detail: r[6] ?? null,
  deviceId: r[7] ?? null,
  occurredAt: r[8] ?? null,
  prevHash: r[9] ?? null,
});

// The literals above must name the kind's hashed fields in its canonical order; a drift fails on load, not in a file.
for (const [spec, fieldsOf] of [
  [visitEventKind, visitEventFields],
  [securityEventKind, securityEventFields],
] as const)
  if (Object.keys(fieldsOf([])).join() !== spec.fields.join())
    throw new Error(`audit/sources.ts: the ${spec.kind} row fields are out of step with its hashed fields`);

const readFilter = (f: ExportFilter, b = timeBounds(f)): AuditReadFilter => ({
  ...(b.from ? { from: b.from } : {}),
  ...(b.to ? { to: b.to } : {}),
  ...(f.visitId ? { visitId: f.visitId } : {}),
  ...(f.patientId ? { patientId: f.patientId } : {}),
  ...(f.performedBy ? { performedBy: f.performedBy } : {}),
  ...(f.eventTypes ? { eventTypes: f.eventTypes } : {}),
});

const headsOf = (kind: string, heads: { deviceId: string; length: number; head: string }[]): ChainHead[] =>
  heads.map((h) => ({ kind, deviceId: h.deviceId, head: h.head, length: h.length }));

/**
 * The export's snapshot: each log's bound, its chain heads and its counts. Call it inside one read transaction so
 * they are read together. The reading aids (patient, staff name) are read only when the format shows them.
 */
export function snapshotOf(db: { orm: Orm }, f: ExportFilter, withContext: boolean): Snapshot {
  const filter = readFilter(f);
  const visitUpTo = visitEventBound(db);
  const heads = headsOf(visitEventKind.kind, visitEventChainHeads(db, visitUpTo.last));
  const sources: RecordSource[] = (["sequenced", "unsequenced"] as const).map((part) => {
    const pages = visitEventPages(db.orm, part, filter, withContext);
    return {
      spec: visitEventKind,
      count: () => pages.count(visitUpTo),
      page: (after, limit) => rowsOf(visitEventKind, visitEventFields, pages.page(after, visitUpTo, limit)),
    };
  });
  if (f.includeSecurity) {
    const upTo = securityBound(db);
    heads.push(...headsOf(securityEventKind.kind, securityChainHeads(db, upTo)));
    const pages = securityPages(db.orm, filter, withContext);
    sources.push({
      spec: securityEventKind,
      count: () => pages.count(upTo),
      page: (after, limit) => rowsOf(securityEventKind, securityEventFields, pages.page(after, upTo, limit)),
    });
  }
  // Unfiltered, the export holds every chain whole: the heads' lengths add up to the count, and counting again
  // would read the whole table a second time.
  const total = isFiltered(f)
    ? sources.reduce((n, s) => n + s.count(), 0)
    : heads.reduce((n, h) => n + h.length, 0);
  return { sources, total, heads };
}

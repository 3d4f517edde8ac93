import type Database from "better-sqlite3";
import { statement } from "../db/statements.js";
import type { RecordContext } from "./formats/format.js";
import { type ExportFilter, timeBounds } from "./options.js";
import {
  type AuditRecord,
  type FieldValue,
  type KindSpec,
  securityEventKind,
  visitEventKind,
} from "./record.js";

// Where the records of each chained log come from: the filter as SQL, the rows in chain order, and each device's
// chain head. Visit events come in the clinic's canonical order: those the sync server has sequenced by their
// server sequence (so the first N of a complete export are the server's events 1..N, which its signed checkpoint
// covers), then the rest (not yet synced, or refused) by position. Both orders keep each device's chain in order:
// the server sequences a device's events only in chain order, and position is this file's append order.

export interface ChainHead {
  kind: string;
  deviceId: string;
  /** The hash of the device's latest record in this file. */
  head: string;
  /** How many records the device's chain has in this file. */
  length: number;
}

/** Where a snapshot ends: the last row of the log, and (visit events) the highest server sequence then held. */
export interface Bound {
  last: number;
  lastSeq: number;
}

export interface SourceRow {
  /** The row's place in its table (position, seq): the paging cursor. */
  at: number;
  record: AuditRecord;
  context: RecordContext;
}

/**
 * The log is append-only, so the rows up to the last one present when the export starts never change: an export
 * reads up to that bound (`upTo`) in pages, holding no statement open while it waits for the disk, and so it never
 * blocks the app's writes on the same connection and is still one consistent snapshot.
 */
export interface RecordSource {
  spec: KindSpec;
  /** The snapshot's bound, read now. */
  last(sqlite: Database.Database): Bound;
  count(sqlite: Database.Database, f: ExportFilter, upTo: Bound): number;
  /**
   * Up to `limit` rows after the cursor `after` (0 to start; then the last row's `at`), in this source's order;
   * `withContext` adds the reading aids (patient, staff name).
   */
  page(
    sqlite: Database.Database,
    f: ExportFilter,
    after: number,
    upTo: Bound,
    limit: number,
    withContext: boolean,
  ): SourceRow[];
  /** Every chain of the log this source reads from (empty for the second part of a log read in two parts). */
  heads(sqlite: Database.Database, upTo: Bound): ChainHead[];
}

function visitWhere(f: ExportFilter): { sql: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const b = timeBounds(f);
  if (b.from) where.push("e.performedAt >= ?") && params.push(b.from);
  if (b.to) where.push("e.performedAt < ?") && params.push(b.to);
  if (f.visitId) where.push("e.visitId = ?") && params.push(f.visitId);
  if (f.patientId) where.push("v.patientId = ?") && params.push(f.patientId);
  if (f.performedBy) where.push("e.performedBy = ?") && params.push(f.performedBy);
  if (f.eventTypes) {
    // Unary + keeps SQLite walking by position (no sort per page) rather than by the (eventType, time) index.
    where.push(`+e.eventType IN (${f.eventTypes.map(() => "?").join(",")})`);
    params.push(...f.eventTypes);
  }
  return { sql: where.length ? `AND ${where.join(" AND ")}` : "", params };
}

const patientJoin = (f: ExportFilter) => (f.patientId ? "JOIN visits v ON v.id = e.visitId" : "");

type Row = FieldValue[];

/**
 * Rows come back as arrays (better-sqlite3's raw mode, cheaper than an object a row), a page in one call (quicker
 * than stepping an iterator a row): the position or seq, the hashed fields in canonical order, the hash, then the
 * two reading aids. Every page query selects in that order. `fieldsOf` builds the hashed fields as one object
 * literal: a fixed shape is several times quicker to make than an object filled key by key, which counted at a
 * million records.
 */
function rowsOf(
  spec: KindSpec,
  fieldsOf: (row: Row) => Record<string, FieldValue>,
  stmt: Database.Statement,
  params: unknown[],
): SourceRow[] {
  const n = spec.fields.length;
  return (stmt.raw(true).all(...params) as Row[]).map((row) => ({
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

const visitBound = (sqlite: Database.Database): Bound =>
  sqlite
    .prepare(
      "SELECT COALESCE(MAX(position), 0) AS last, COALESCE(MAX(serverSeq), 0) AS lastSeq FROM visit_events",
    )
    .get() as Bound;

/** The reading aids (patient, staff name) cost two lookups a row; NDJSON does not show them. */
const visitColumns = (f: ExportFilter, withContext: boolean) =>
  `e.id, e.visitId, e.eventType, e.description, e.metadata, e.performedBy, e.performedAt, e.deviceId,
    e.schemaVersion, e.recordedAt, e.prevHash, e.hash, ${
      withContext
        ? `v.patientId AS patientId, s.name AS performerName FROM visit_events e
          LEFT JOIN visits v ON v.id = e.visitId LEFT JOIN staff s ON s.id = e.performedBy`
        : `NULL AS patientId, NULL AS performerName FROM visit_events e ${patientJoin(f)}`
    }`;

/** Visit events the server had sequenced when the export began, by server sequence. */
export const sequencedVisitEventSource: RecordSource = {
  spec: visitEventKind,
  last: visitBound,
  count(sqlite, f, upTo) {
    const w = visitWhere(f);
    return sqlite
      .prepare(
        `SELECT COUNT(*) FROM visit_events e ${patientJoin(f)} WHERE e.serverSeq <= ? AND e.position <= ? ${w.sql}`,
      )
      .pluck()
      .get(upTo.lastSeq, upTo.last, ...w.params) as number;
  },
  page(sqlite, f, after, upTo, limit, withContext) {
    const w = visitWhere(f);
    const stmt = statement(
      sqlite,
      `SELECT e.serverSeq AS at, ${visitColumns(f, withContext)}
      WHERE e.serverSeq > ? AND e.serverSeq <= ? AND e.position <= ? ${w.sql} ORDER BY e.serverSeq LIMIT ?`,
    );
    return rowsOf(visitEventKind, visitEventFields, stmt, [
      after,
      upTo.lastSeq,
      upTo.last,
      ...w.params,
      limit,
    ]);
  },
  heads: (sqlite, upTo) => chainHeads(sqlite, "visit_events", "position", visitEventKind.kind, upTo.last),
};

/** The other visit events (not yet synced, refused, or sequenced after the export began), by position. */
export const unsequencedVisitEventSource: RecordSource = {
  spec: visitEventKind,
  last: visitBound,
  count(sqlite, f, upTo) {
    const w = visitWhere(f);
    return sqlite
      .prepare(
        `SELECT COUNT(*) FROM visit_events e ${patientJoin(f)} WHERE e.position <= ?
          AND (e.serverSeq IS NULL OR e.serverSeq > ?) ${w.sql}`,
      )
      .pluck()
      .get(upTo.last, upTo.lastSeq, ...w.params) as number;
  },
  page(sqlite, f, after, upTo, limit, withContext) {
    const w = visitWhere(f);
    const stmt = statement(
      sqlite,
      `SELECT e.position AS at, ${visitColumns(f, withContext)}
      WHERE e.position > ? AND e.position <= ? AND (e.serverSeq IS NULL OR e.serverSeq > ?) ${w.sql}
      ORDER BY e.position LIMIT ?`,
    );
    return rowsOf(visitEventKind, visitEventFields, stmt, [
      after,
      upTo.last,
      upTo.lastSeq,
      ...w.params,
      limit,
    ]);
  },
  heads: () => [],
};

/** Security entries have no visit: an export narrowed to a visit or a patient holds none of them. */
function securityWhere(f: ExportFilter): { sql: string; params: unknown[] } | null {
  if (!f.includeSecurity || f.visitId || f.patientId) return null;
  const where: string[] = [];
  const params: unknown[] = [];
  const b = timeBounds(f);
  if (b.from) where.push("a.occurredAt >= ?") && params.push(b.from);
  if (b.to) where.push("a.occurredAt < ?") && params.push(b.to);
  if (f.performedBy) where.push("a.staffId = ?") && params.push(f.performedBy);
  if (f.eventTypes) {
    where.push(`a.action IN (${f.eventTypes.map(() => "?").join(",")})`);
    params.push(...f.eventTypes);
  }
  return { sql: where.length ? `AND ${where.join(" AND ")}` : "", params };
}

export const securityEventSource: RecordSource = {
  spec: securityEventKind,
  last: (sqlite) => ({
    last: (sqlite.prepare("SELECT MAX(seq) FROM security_audit").pluck().get() as number | null) ?? 0,
    lastSeq: 0,
  }),
  count(sqlite, f, upTo) {
    const w = securityWhere(f);
    if (!w) return 0;
    return sqlite
      .prepare(`SELECT COUNT(*) FROM security_audit a WHERE a.seq <= ? ${w.sql}`)
      .pluck()
      .get(upTo.last, ...w.params) as number;
  },
  page(sqlite, f, after, upTo, limit, withContext) {
    const w = securityWhere(f);
    if (!w) return [];
    const stmt = statement(
      sqlite,
      `SELECT a.seq AS at, a.id, a.action, a.outcome, a.staffId, a.username, a.detail, a.deviceId, a.occurredAt,
        a.prevHash, a.hash, NULL AS patientId, ${withContext ? "s.name" : "NULL"} AS performerName
      FROM security_audit a LEFT JOIN staff s ON s.id = a.staffId
      WHERE a.seq > ? AND a.seq <= ? ${w.sql} ORDER BY a.seq LIMIT ?`,
    );
    return rowsOf(securityEventKind, securityEventFields, stmt, [after, upTo.last, ...w.params, limit]);
  },
  heads: (sqlite, upTo) => chainHeads(sqlite, "security_audit", "seq", securityEventKind.kind, upTo.last),
};

/** Each device's chain in a log up to `upTo`: its length and the hash of its last entry. */
function chainHeads(sqlite: Database.Database, table: string, order: string, kind: string, upTo: number) {
  return (
    sqlite
      .prepare(
        `SELECT d.deviceId, d.length, t.hash AS head FROM
          (SELECT deviceId, COUNT(*) AS length, MAX(${order}) AS last FROM ${table} WHERE ${order} <= ?
            GROUP BY deviceId) d
        JOIN ${table} t ON t.${order} = d.last ORDER BY d.deviceId`,
      )
      .all(upTo) as { deviceId: string; length: number; head: string }[]
  ).map((h) => ({ kind, ...h }));
}

/** The logs an export reads, in the order they appear in the file. */
export const sourcesFor = (f: ExportFilter): RecordSource[] => [
  sequencedVisitEventSource,
  unsequencedVisitEventSource,
  ...(f.includeSecurity ? [securityEventSource] : []),
];

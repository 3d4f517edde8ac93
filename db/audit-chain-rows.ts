import type Database from "better-sqlite3";
import { and, count, desc, eq, sql } from "drizzle-orm";
import { securityChainColumns, visitEventChainColumns } from "./audit-columns.js";
import { readMeta } from "./open.js";
import { ormOf } from "./orm-of.js";
import { securityAudit, visitEvents } from "./schema.js";

// What `hms verify --db FILE` reads to recompute the hash chains of a clinic file: every row of both chained logs in
// chain order (by device, then append order), and the device key the security log recorded. Reads only; takes a
// plain connection, so it works on a read-only one opened by a worker thread.

type Visit = typeof visitEvents.$inferSelect;
type Security = typeof securityAudit.$inferSelect;

/** A visit event as an array: its position, the hashed fields in canonical order, its hash. */
export type VisitChainRow = [
  at: Visit["position"],
  id: Visit["id"],
  visitId: Visit["visitId"],
  eventType: Visit["eventType"],
  description: Visit["description"],
  metadata: Visit["metadata"],
  performedBy: Visit["performedBy"],
  performedAt: Visit["performedAt"],
  deviceId: Visit["deviceId"],
  schemaVersion: Visit["schemaVersion"],
  recordedAt: Visit["recordedAt"],
  prevHash: Visit["prevHash"],
  hash: Visit["hash"],
];

/** A security entry as an array: its sequence, the hashed fields in canonical order, its hash. */
export type SecurityChainRow = [
  at: Security["seq"],
  id: Security["id"],
  action: Security["action"],
  outcome: Security["outcome"],
  staffId: Security["staffId"],
  username: Security["username"],
  detail: Security["detail"],
  deviceId: Security["deviceId"],
  occurredAt: Security["occurredAt"],
  prevHash: Security["prevHash"],
  hash: Security["hash"],
];

/** Rows are stepped one at a time in raw mode (arrays): a file of ten million events never sits in memory. */
function iterate<T>(sqlite: Database.Database, query: { toSQL(): { sql: string; params: unknown[] } }) {
  const q = query.toSQL();
  return sqlite
    .prepare(q.sql)
    .raw(true)
    .iterate(...q.params) as IterableIterator<T>;
}

/** How many rows the two chained logs hold. */
export function chainedRowCount(sqlite: Database.Database): number {
  const orm = ormOf(sqlite);
  const visits = orm.select({ n: count() }).from(visitEvents).get()?.n ?? 0;
  const security = orm.select({ n: count() }).from(securityAudit).get()?.n ?? 0;
  return visits + security;
}

/** Every visit event, device by device, each device's in append order (the (deviceId, position) index's order). */
export const visitEventsInChainOrder = (sqlite: Database.Database): IterableIterator<VisitChainRow> =>
  iterate(
    sqlite,
    ormOf(sqlite)
      .select({
        at: visitEvents.position,
        ...visitEventChainColumns,
      })
      .from(visitEvents)
      .orderBy(visitEvents.deviceId, visitEvents.position),
  );

/** Every security entry, device by device, each device's in sequence (the (deviceId, seq) index's order). */
export const securityEntriesInChainOrder = (sqlite: Database.Database): IterableIterator<SecurityChainRow> =>
  iterate(
    sqlite,
    ormOf(sqlite)
      .select({
        at: securityAudit.seq,
        ...securityChainColumns,
      })
      .from(securityAudit)
      .orderBy(securityAudit.deviceId, securityAudit.seq),
  );

/** This file's device and its public key (app_meta), and the fingerprint its security log last recorded for it. */
export function deviceKeyRecord(sqlite: Database.Database): {
  deviceId: string | undefined;
  publicKey: string | undefined;
  recordedFingerprint: string | undefined;
} {
  const deviceId = readMeta(sqlite, "deviceId");
  const publicKey = readMeta(sqlite, "deviceKey.publicKey");
  const recorded = deviceId
    ? ormOf(sqlite)
        .select({ fingerprint: sql<string | null>`json_extract(${securityAudit.detail}, '$.fingerprint')` })
        .from(securityAudit)
        .where(and(eq(securityAudit.deviceId, deviceId), eq(securityAudit.action, "device_key_created")))
        .orderBy(desc(securityAudit.seq))
        .limit(1)
        .get()
    : undefined;
  return { deviceId, publicKey, recordedFingerprint: recorded?.fingerprint ?? undefined };
}

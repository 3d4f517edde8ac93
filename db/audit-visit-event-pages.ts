import { and, asc, count, eq, gt, isNull, lte, or, sql } from "drizzle-orm";
import { visitEventChainColumns } from "./audit-columns.js";
import { type AuditReadFilter, allOf, visitEventConditions } from "./audit-filter.js";
import type { Orm } from "./prepared.js";
import { staff, visitEvents, visits } from "./schema.js";

// The audit export's reads of visit events, a page at a time, in the clinic's canonical order: first those the sync
// server had sequenced when the export began (by server sequence), then the rest (not yet synced, refused, or
// sequenced since) by position. One builder serves both parts; they differ only in their cursor and condition.

type Stored = typeof visitEvents.$inferSelect;

/**
 * One row as an array (better-sqlite3's raw mode, cheaper than an object a row): the paging cursor, the hashed
 * fields in canonical order, the hash, then the two reading aids (patient, staff name) when asked for.
 */
export type VisitEventPageRow = [
  at: number,
  id: Stored["id"],
  visitId: Stored["visitId"],
  eventType: Stored["eventType"],
  description: Stored["description"],
  metadata: Stored["metadata"],
  performedBy: Stored["performedBy"],
  performedAt: Stored["performedAt"],
  deviceId: Stored["deviceId"],
  schemaVersion: Stored["schemaVersion"],
  recordedAt: Stored["recordedAt"],
  prevHash: Stored["prevHash"],
  hash: Stored["hash"],
  patientId: string | null,
  performerName: string | null,
];

/** Where the export's snapshot of visit events ends: the last position and the highest server sequence then. */
export interface VisitEventBound {
  last: number;
  lastSeq: number;
}

export type VisitEventPart = "sequenced" | "unsequenced";

export interface VisitEventPages {
  /** Up to `limit` rows after the cursor `after`, within the snapshot. */
  page(after: number, upTo: VisitEventBound, limit: number): VisitEventPageRow[];
  count(upTo: VisitEventBound): number;
}

const p = {
  after: sql.placeholder("after"),
  last: sql.placeholder("last"),
  lastSeq: sql.placeholder("lastSeq"),
  limit: sql.placeholder("limit"),
};

/** Prepares one part's page and count statements for one filter; an export prepares them once and pages with them. */
export function visitEventPages(
  orm: Orm,
  part: VisitEventPart,
  filter: AuditReadFilter,
  withContext: boolean,
): VisitEventPages {
  const cursor = part === "sequenced" ? visitEvents.serverSeq : visitEvents.position;
  const inSnapshot =
    part === "sequenced"
      ? and(lte(visitEvents.serverSeq, p.lastSeq), lte(visitEvents.position, p.last))
      : and(
          lte(visitEvents.position, p.last),
          or(isNull(visitEvents.serverSeq), gt(visitEvents.serverSeq, p.lastSeq)),
        );
  const where = allOf(visitEventConditions(filter));
  const byPatient = filter.patientId !== undefined;
  const columns = {
    at: sql<number>`${cursor}`,
    ...visitEventChainColumns,
    // The reading aids cost two lookups a row; NDJSON does not show them.
    patientId: withContext ? visits.patientId : sql<null>`NULL`,
    performerName: withContext ? staff.name : sql<null>`NULL`,
  };
  const base = orm.select(columns).from(visitEvents).$dynamic();
  const joined = withContext
    ? base
        .leftJoin(visits, eq(visits.id, visitEvents.visitId))
        .leftJoin(staff, eq(staff.id, visitEvents.performedBy))
    : byPatient
      ? base.innerJoin(visits, eq(visits.id, visitEvents.visitId))
      : base;
  const page = joined
    .where(and(gt(cursor, p.after), inSnapshot, where))
    .orderBy(asc(cursor))
    .limit(p.limit)
    .prepare();
  const counted = orm.select({ n: count() }).from(visitEvents).$dynamic();
  const total = (byPatient ? counted.innerJoin(visits, eq(visits.id, visitEvents.visitId)) : counted)
    .where(and(inSnapshot, where))
    .prepare();
  return {
    page: (after, upTo, limit) =>
      page.values({ after, last: upTo.last, lastSeq: upTo.lastSeq, limit }) as VisitEventPageRow[],
    count: (upTo) => total.get({ last: upTo.last, lastSeq: upTo.lastSeq })?.n ?? 0,
  };
}

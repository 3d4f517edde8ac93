import { and, asc, count, eq, gt, lte, sql } from "drizzle-orm";
import { securityChainColumns } from "./audit-columns.js";
import { type AuditReadFilter, allOf, securityConditions } from "./audit-filter.js";
import type { Orm } from "./prepared.js";
import { securityAudit, staff } from "./schema.js";

// The audit export's reads of the security log, a page at a time by sequence, up to the export's snapshot.

type Stored = typeof securityAudit.$inferSelect;

/** One row as an array: the sequence (the cursor), the hashed fields in canonical order, the hash, the reading aids. */
export type SecurityPageRow = [
  at: number,
  id: Stored["id"],
  action: Stored["action"],
  outcome: Stored["outcome"],
  staffId: Stored["staffId"],
  username: Stored["username"],
  detail: Stored["detail"],
  deviceId: Stored["deviceId"],
  occurredAt: Stored["occurredAt"],
  prevHash: Stored["prevHash"],
  hash: Stored["hash"],
  patientId: null,
  performerName: string | null,
];

export interface SecurityPages {
  page(after: number, upTo: number, limit: number): SecurityPageRow[];
  count(upTo: number): number;
}

const none: SecurityPages = { page: () => [], count: () => 0 };

/** Prepares the page and count statements for one filter; none when the filter leaves no security entry. */
export function securityPages(orm: Orm, filter: AuditReadFilter, withContext: boolean): SecurityPages {
  const conditions = securityConditions(filter);
  if (!conditions) return none;
  const where = allOf(conditions);
  const upTo = lte(securityAudit.seq, sql.placeholder("upTo"));
  const base = orm
    .select({
      at: securityAudit.seq,
      ...securityChainColumns,
      patientId: sql<null>`NULL`,
      performerName: withContext ? staff.name : sql<null>`NULL`,
    })
    .from(securityAudit)
    .$dynamic();
  const page = (withContext ? base.leftJoin(staff, eq(staff.id, securityAudit.staffId)) : base)
    .where(and(gt(securityAudit.seq, sql.placeholder("after")), upTo, where))
    .orderBy(asc(securityAudit.seq))
    .limit(sql.placeholder("limit"))
    .prepare();
  const total = orm.select({ n: count() }).from(securityAudit).where(and(upTo, where)).prepare();
  return {
    page: (after, upTo, limit) => page.values({ after, upTo, limit }) as SecurityPageRow[],
    count: (upTo) => total.get({ upTo })?.n ?? 0,
  };
}

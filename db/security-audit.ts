import { and, count, desc, eq, gt, inArray, lt, max, sql } from "drizzle-orm";
import type { ClinicDb } from "./open.js";
import { preparedOnce } from "./prepared.js";
import { securityAudit } from "./schema.js";

// The security audit's rows on this desk (table security_audit): appended with the device's chain head read in
// the same transaction (api/auth/audit.ts), listed for the administrator, and counted by the password gate.

export type StoredSecurityEntry = typeof securityAudit.$inferSelect;
export type NewSecurityEntry = Omit<StoredSecurityEntry, "seq">;

const head = preparedOnce((orm) =>
  orm
    .select({ hash: securityAudit.hash })
    .from(securityAudit)
    .where(eq(securityAudit.deviceId, sql.placeholder("deviceId")))
    .orderBy(desc(securityAudit.seq))
    .limit(1)
    .prepare(),
);

/** The hash of this device's latest entry: the next entry's prevHash. Read inside the append's transaction. */
export const securityChainHead = (db: Pick<ClinicDb, "orm" | "deviceId">): string | null =>
  head(db).get({ deviceId: db.deviceId })?.hash ?? null;

const insert = preparedOnce((orm) =>
  orm
    .insert(securityAudit)
    .values({
      id: sql.placeholder("id"),
      action: sql.placeholder("action"),
      outcome: sql.placeholder("outcome"),
      staffId: sql.placeholder("staffId"),
      username: sql.placeholder("username"),
      detail: sql.placeholder("detail"),
      deviceId: sql.placeholder("deviceId"),
      occurredAt: sql.placeholder("occurredAt"),
      prevHash: sql.placeholder("prevHash"),
      hash: sql.placeholder("hash"),
    })
    .prepare(),
);

/** Stores one entry; returns its sequence number on this desk. */
export const insertSecurityEntry = (db: Pick<ClinicDb, "orm">, entry: NewSecurityEntry): number =>
  Number(insert(db).run(entry).lastInsertRowid);

const page = preparedOnce((orm) =>
  orm
    .select()
    .from(securityAudit)
    .where(lt(securityAudit.seq, sql.placeholder("beforeSeq")))
    .orderBy(desc(securityAudit.seq))
    .limit(sql.placeholder("limit"))
    .prepare(),
);

/** The latest entries before `beforeSeq` (or the latest of all), newest first. */
export const securityEntriesBefore = (
  db: ClinicDb,
  limit: number,
  beforeSeq?: number,
): StoredSecurityEntry[] => page(db).all({ beforeSeq: beforeSeq ?? Number.MAX_SAFE_INTEGER, limit });

/** The actions that record a wrong password, and those that prove the right one (and clear the count). */
const failedPassword = ["sign_in_failed", "unlock_failed", "password_change_failed"];
const provenPassword = ["sign_in", "unlock", "password_changed", "password_reset"];

const personFailures = preparedOnce((orm) => {
  const username = sql.placeholder("username");
  const lastProven = orm
    .select({ seq: sql<number>`COALESCE(MAX(${securityAudit.seq}), 0)` })
    .from(securityAudit)
    .where(
      and(
        eq(securityAudit.username, username),
        inArray(securityAudit.action, provenPassword),
        eq(securityAudit.outcome, "ok"),
      ),
    );
  return orm
    .select({ count: count(), last: max(securityAudit.occurredAt) })
    .from(securityAudit)
    .where(
      and(
        eq(securityAudit.username, username),
        inArray(securityAudit.action, failedPassword),
        eq(securityAudit.outcome, "failed"),
        gt(securityAudit.occurredAt, sql.placeholder("since")),
        sql`${securityAudit.seq} > (${lastProven})`,
      ),
    )
    .prepare();
});

/** Wrong passwords for this person after `since` and after their last proven one: how many, and the latest. */
export const wrongPasswordsOf = (db: ClinicDb, username: string, since: string) =>
  personFailures(db).get({ username, since }) ?? { count: 0, last: null };

const sourceFailures = preparedOnce((orm) =>
  orm
    .select({ occurredAt: securityAudit.occurredAt })
    .from(securityAudit)
    .where(
      and(
        inArray(securityAudit.action, failedPassword),
        eq(securityAudit.outcome, "failed"),
        gt(securityAudit.occurredAt, sql.placeholder("since")),
        sql`json_extract(${securityAudit.detail}, '$.source') = ${sql.placeholder("source")}`,
      ),
    )
    .orderBy(desc(securityAudit.occurredAt))
    .limit(sql.placeholder("limit"))
    .prepare(),
);

/** When the latest `limit` wrong passwords from one source after `since` were typed, newest first. */
export const wrongPasswordTimesFrom = (
  db: ClinicDb,
  source: string,
  since: string,
  limit: number,
): string[] =>
  sourceFailures(db)
    .all({ source, since, limit })
    .map((r) => r.occurredAt);

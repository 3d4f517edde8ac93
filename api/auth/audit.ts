import type { AuditAction } from "../../audit/security-log.js";
import type { ClinicDb } from "../../db/open.js";
import { statement } from "../../db/statements.js";
import { securityEntryHash } from "../../domain/security-hash.js";

// Writes the security audit: one row per sign-in, failure, sign-out, lock, unlock, staff change or refused call,
// chained to this device's previous row. Rows are never updated (the table's triggers refuse it).

export const securityActions = [
  "setup",
  "sign_in",
  "sign_in_failed",
  "sign_out",
  "lock",
  "unlock",
  "unlock_failed",
  "staff_added",
  "role_changed",
  "staff_deactivated",
  "staff_reactivated",
  "password_changed",
  "password_change_failed",
  "password_reset",
  "settings_changed",
  "forbidden_call",
] as const;
export type SecurityAction = (typeof securityActions)[number];

export interface SecurityEntry {
  /** The audit trail's own actions (audit/security-log.ts) may be written here too, e.g. a refused export. */
  action: SecurityAction | AuditAction;
  outcome: "ok" | "refused" | "failed";
  staffId?: string | null;
  username?: string | null;
  detail?: unknown;
}

export interface StoredSecurityEntry {
  seq: number;
  id: string;
  action: string;
  outcome: string;
  staffId: string | null;
  username: string | null;
  detail: string | null;
  deviceId: string;
  occurredAt: string;
  prevHash: string | null;
  hash: string;
}

export interface SecurityAudit {
  record(entry: SecurityEntry): StoredSecurityEntry;
  list(limit: number, beforeSeq?: number): StoredSecurityEntry[];
}

export function createSecurityAudit(db: ClinicDb, now: () => Date): SecurityAudit {
  const insert =
    db.sqlite.prepare(`INSERT INTO security_audit (id, action, outcome, staffId, username, detail,
    deviceId, occurredAt, prevHash, hash) VALUES (@id, @action, @outcome, @staffId, @username, @detail, @deviceId,
    @occurredAt, @prevHash, @hash)`);
  const head = db.sqlite
    .prepare("SELECT hash FROM security_audit WHERE deviceId = ? ORDER BY seq DESC LIMIT 1")
    .pluck();
  // Reading the head and inserting in one immediate transaction keeps the chain linear even with two writers.
  const append = db.sqlite.transaction((entry: SecurityEntry): StoredSecurityEntry => {
    const row = {
      id: `sec_${db.newId()}`,
      action: entry.action,
      outcome: entry.outcome,
      staffId: entry.staffId ?? null,
      username: entry.username ?? null,
      detail: entry.detail === undefined || entry.detail === null ? null : JSON.stringify(entry.detail),
      deviceId: db.deviceId,
      occurredAt: now().toISOString(),
      prevHash: (head.get(db.deviceId) as string | undefined) ?? null,
    };
    const hash = securityEntryHash(row);
    const seq = Number(insert.run({ ...row, hash }).lastInsertRowid);
    return { ...row, seq, hash };
  });
  return {
    record: (entry) => append.immediate(entry),
    list(limit, beforeSeq) {
      return statement(db.sqlite, `SELECT * FROM security_audit WHERE seq < ? ORDER BY seq DESC LIMIT ?`).all(
        beforeSeq ?? Number.MAX_SAFE_INTEGER,
        limit,
      ) as StoredSecurityEntry[];
    },
  };
}

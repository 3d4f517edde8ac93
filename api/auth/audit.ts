import type { AuditAction } from "../../audit/security-log.js";
import type { ClinicDb } from "../../db/open.js";
import {
  insertSecurityEntry,
  type StoredSecurityEntry,
  securityChainHead,
  securityEntriesBefore,
} from "../../db/security-audit.js";
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

export interface SecurityAudit {
  record(entry: SecurityEntry): StoredSecurityEntry;
  list(limit: number, beforeSeq?: number): StoredSecurityEntry[];
}

export function createSecurityAudit(db: ClinicDb, now: () => Date): SecurityAudit {
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
      prevHash: securityChainHead(db),
    };
    const hash = securityEntryHash(row);
    const seq = insertSecurityEntry(db, { ...row, hash });
    return { ...row, seq, hash };
  });
  return {
    record: (entry) => append.immediate(entry),
    list: (limit, beforeSeq) => securityEntriesBefore(db, limit, beforeSeq),
  };
}

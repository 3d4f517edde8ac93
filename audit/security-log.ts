import type Database from "better-sqlite3";
import { ormOf } from "../db/orm-of.js";
import { insertSecurityEntry, securityChainHead } from "../db/security-audit.js";
import { securityEntryHash } from "../domain/security-hash.js";

// Records the audit trail's own actions in security_audit: a device key made, an audit log exported. Written the
// way api/auth/audit.ts writes sign-ins (same canonical hash, the head read and the row inserted in one immediate
// transaction), so all writers extend one linear chain per device.

export const AUDIT_ACTIONS = [
  "audit_exported",
  "audit_export_refused",
  "device_key_created",
  "record_change_refused",
  "sync_server_restored",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditLogEntry {
  action: AuditAction;
  outcome: "ok" | "refused" | "failed";
  staffId: string | null;
  username: string | null;
  detail: unknown;
}

export function appendSecurityEntry(
  sqlite: Database.Database,
  deviceId: string,
  newId: () => string,
  entry: AuditLogEntry,
  now: Date = new Date(),
): { id: string; hash: string } {
  const db = { orm: ormOf(sqlite), deviceId };
  return sqlite
    .transaction(() => {
      const prevHash = securityChainHead(db);
      const row = {
        id: `sec_${newId()}`,
        action: entry.action,
        outcome: entry.outcome,
        staffId: entry.staffId,
        username: entry.username,
        detail: entry.detail === null || entry.detail === undefined ? null : JSON.stringify(entry.detail),
        deviceId,
        occurredAt: now.toISOString(),
        prevHash,
      };
      const hash = securityEntryHash(row);
      insertSecurityEntry(db, { ...row, hash });
      return { id: row.id, hash };
    })
    .immediate();
}

import type pg from "pg";
import type { SecurityLogEntry } from "../storage.js";

/** Appends one line to the security log (append-only: a trigger refuses updates and deletes). */
export async function insertSecurityLog(
  db: pg.Pool | pg.PoolClient,
  entry: SecurityLogEntry,
  at: string,
): Promise<void> {
  await db.query(
    `INSERT INTO security_log (clinic_id, device_id, source, action, code, subject, reason, at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      entry.clinicId ?? null,
      entry.deviceId ?? null,
      entry.source ?? null,
      entry.action,
      entry.code,
      entry.subject ?? null,
      entry.reason,
      at,
    ],
  );
}

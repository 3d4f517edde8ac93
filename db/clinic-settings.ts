import type Database from "better-sqlite3";
import { statement } from "./statements.js";

// Clinic-wide settings (table clinic_settings), shared by every desk through record sync. Values are text; callers
// that keep numbers or JSON convert them. Clearing a setting stores null: records are updated, never deleted.

export function readSetting(sqlite: Database.Database, key: string): string | undefined {
  const value = statement(sqlite, "SELECT value FROM clinic_settings WHERE id = ?").pluck().get(key) as
    | string
    | null
    | undefined;
  return value ?? undefined;
}

export function writeSetting(sqlite: Database.Database, key: string, value: string | null): void {
  // An UPDATE, then an INSERT when there was no row: an upsert's own conflict handling would override the outbox
  // trigger's INSERT OR IGNORE, so changing a setting twice before a sync failed on the outbox's unique key.
  const at = new Date().toISOString();
  const changed = statement(sqlite, "UPDATE clinic_settings SET value = ?, updatedAt = ? WHERE id = ?").run(
    value,
    at,
    key,
  ).changes;
  if (changed === 0)
    statement(sqlite, "INSERT INTO clinic_settings (id, value, updatedAt) VALUES (?, ?, ?)").run(
      key,
      value,
      at,
    );
}

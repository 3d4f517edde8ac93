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
  statement(
    sqlite,
    `INSERT INTO clinic_settings (id, value, updatedAt) VALUES (?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET value = excluded.value, updatedAt = excluded.updatedAt`,
  ).run(key, value, new Date().toISOString());
}

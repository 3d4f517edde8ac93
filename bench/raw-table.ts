import Database from "better-sqlite3";
import type { ClinicDb } from "../db/open.js";

// The baseline's table: visit_events exactly as the migrations leave it (columns and indexes copied from a migrated
// clinic file), in a plain better-sqlite3 file with the same durability settings, and nothing else: no checks, no
// hash chain, no read models. The triggers are left out: they fire only on UPDATE and DELETE, which no baseline does.

export const storedColumns = [
  "id",
  "visitId",
  "eventType",
  "description",
  "metadata",
  "performedBy",
  "performedAt",
  "deviceId",
  "serverSeq",
  "schemaVersion",
  "recordedAt",
  "prevHash",
  "hash",
] as const;

export function visitEventsDdl(db: ClinicDb): string[] {
  return db.sqlite
    .prepare(
      `SELECT sql FROM sqlite_master WHERE tbl_name = 'visit_events' AND type IN ('table', 'index')
       AND sql IS NOT NULL ORDER BY type = 'index', name`,
    )
    .pluck()
    .all() as string[];
}

export interface RawTable {
  sqlite: Database.Database;
  /** One prepared INSERT of every stored column. */
  insert: Database.Statement;
  close(): void;
}

export function openRawTable(path: string, ddl: readonly string[]): RawTable {
  const sqlite = new Database(path);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = FULL");
  for (const statement of ddl) sqlite.exec(statement);
  const insert = sqlite.prepare(
    `INSERT INTO visit_events (${storedColumns.join(", ")}) VALUES (${storedColumns.map(() => "?").join(", ")})`,
  );
  return { sqlite, insert, close: () => sqlite.close() };
}

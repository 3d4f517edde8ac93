import Database from "better-sqlite3";
import { EVENT_COLUMNS } from "../db/event-insert.js";
import type { ClinicDb } from "../db/open.js";

// The baselines' tables, in plain better-sqlite3 files with the same durability settings, and nothing else: no checks,
// no hash chain, no read models. Two of them: visit_events exactly as the migrations leave it (13 columns and the
// indexes copied from a migrated clinic file; the triggers fire only on UPDATE and DELETE, which no baseline does),
// and the seed document's own table (its 7 columns, the id as key, and its two indexes: visitId + performedAt for the
// timeline, eventType + performedAt for lookups by type), which is what the goals are measured against.

/** visit_events' stored columns, in the order the store's one INSERT names them. */
export const storedColumns = EVENT_COLUMNS;

export const seedColumns = [
  "id",
  "visitId",
  "eventType",
  "description",
  "metadata",
  "performedBy",
  "performedAt",
] as const;

export const seedShapedDdl = [
  `CREATE TABLE visit_events (id TEXT PRIMARY KEY NOT NULL, visitId TEXT NOT NULL, eventType TEXT NOT NULL,
    description TEXT, metadata TEXT, performedBy TEXT, performedAt TEXT NOT NULL)`,
  "CREATE INDEX visit_events_visit_time ON visit_events (visitId, performedAt)",
  "CREATE INDEX visit_events_type_time ON visit_events (eventType, performedAt)",
];

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
  /** One prepared INSERT of every column of the table. */
  insert: Database.Statement;
  close(): void;
}

export function openRawTable(
  path: string,
  ddl: readonly string[],
  columns: readonly string[] = storedColumns,
): RawTable {
  const sqlite = new Database(path);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = FULL");
  for (const statement of ddl) sqlite.exec(statement);
  const insert = sqlite.prepare(
    `INSERT INTO visit_events (${columns.join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`,
  );
  return { sqlite, insert, close: () => sqlite.close() };
}

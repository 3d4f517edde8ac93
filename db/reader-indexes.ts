import type Database from "better-sqlite3";

// Indexes that only readers use (screens, reports, sync's push): neither the checked append nor a rebuild searches
// them. A bulk write (a new file being seeded, a rebuild) drops them and builds them again at the end, in one sorted
// pass each, instead of updating them row by row. Unique indexes are checks and are never dropped. They are
// rebuilt from their own stored definitions, so the file's schema ends exactly as it began.
const READER_INDEXES: Record<string, readonly string[]> = {
  visit_events: ["visit_events_type_time", "visit_events_pending"],
  visits: ["visits_status", "visits_doctor", "visits_patient", "visits_registered"],
  bills: ["bills_status"],
  test_orders: ["test_orders_status"],
  follow_ups: ["follow_ups_due"],
};

/**
 * Drops the reader-only indexes of the given tables; the returned function creates them again. Call both inside
 * one transaction where readers must never see the tables without them (a rebuild).
 */
export function deferReaderIndexes(sqlite: Database.Database, tables: readonly string[]): () => void {
  const names = tables.flatMap((t) => READER_INDEXES[t] ?? []);
  if (names.length === 0) return () => {};
  const deferred = sqlite
    .prepare(
      `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
       AND name IN (${names.map(() => "?").join(", ")})`,
    )
    .all(...names) as { name: string; sql: string }[];
  for (const i of deferred) sqlite.exec(`DROP INDEX "${i.name}"`);
  return () => {
    for (const i of deferred) sqlite.exec(i.sql);
  };
}

/** Every table with reader-only indexes. */
export const tablesWithReaderIndexes = Object.keys(READER_INDEXES);

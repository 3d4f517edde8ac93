import type { BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import type * as schema from "./schema.js";

/** The typed query handle of one open clinic file (db/open.ts). */
export type Orm = BetterSQLite3Database<typeof schema>;

/**
 * A query built with drizzle and prepared once per open connection: preparing costs more than running the small
 * indexed queries the desk makes on every screen refresh, and the result's type follows the schema's columns, so
 * renaming a column breaks the build wherever the row is used.
 */
export function preparedOnce<T>(build: (orm: Orm) => T): (db: { orm: Orm }) => T {
  const cache = new WeakMap<Orm, T>();
  return (db) => {
    let query = cache.get(db.orm);
    if (query === undefined) {
      query = build(db.orm);
      cache.set(db.orm, query);
    }
    return query;
  };
}

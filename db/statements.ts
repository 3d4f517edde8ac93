import type Database from "better-sqlite3";

// Prepared statements cached per connection: preparing costs more than running the small indexed queries the
// read paths make, and those run on every screen refresh.
const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

export function statement(sqlite: Database.Database, sql: string): Database.Statement {
  let byText = cache.get(sqlite);
  if (!byText) {
    byText = new Map();
    cache.set(sqlite, byText);
  }
  let stmt = byText.get(sql);
  if (!stmt) {
    stmt = sqlite.prepare(sql);
    byText.set(sql, stmt);
  }
  return stmt;
}

import type Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import type { Orm } from "./prepared.js";
import * as schema from "./schema.js";

// The typed query handle for a plain connection (a worker's read-only one, or the sqlite handle that callers such
// as the device-key setup pass around), made once per connection so that preparedOnce's statements are reused.

const handles = new WeakMap<Database.Database, Orm>();

export function ormOf(sqlite: Database.Database): Orm {
  let orm = handles.get(sqlite);
  if (!orm) {
    orm = drizzle(sqlite, { schema });
    handles.set(sqlite, orm);
  }
  return orm;
}

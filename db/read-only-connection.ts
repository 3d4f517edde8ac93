import Database from "better-sqlite3";
import { ormOf } from "./orm-of.js";
import type { Orm } from "./prepared.js";

// A worker thread's own connection to the clinic file: read-only (it cannot change the file it reads, and takes no
// write lock from the desk), waiting a while rather than failing when the desk holds a lock. WAL lets it see the
// last committed state while the desk keeps writing.

export interface ReadOnlyConnection {
  sqlite: Database.Database;
  orm: Orm;
}

export function openReadOnly(path: string, nativeBinding?: string): ReadOnlyConnection {
  const sqlite = new Database(path, {
    readonly: true,
    fileMustExist: true,
    ...(nativeBinding ? { nativeBinding } : {}),
  });
  sqlite.pragma("busy_timeout = 5000");
  return { sqlite, orm: ormOf(sqlite) };
}

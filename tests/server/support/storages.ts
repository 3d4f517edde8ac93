import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { openPostgresStorage } from "../../../server/postgres/storage.js";
import { openSqliteStorage } from "../../../server/sqlite-storage.js";
import type { SyncStorage } from "../../../server/storage.js";
import { createTestDatabase } from "./databases.js";

// The two storages the sync server can run on, each opened fresh for a test, with a way to try raw SQL against
// the tables underneath (to check what the database itself refuses).

export interface StorageUnderTest {
  storage: SyncStorage;
  /** Opens the same database again, as a second server process (or a restart) would. */
  reopen(): Promise<SyncStorage>;
  /** Runs one statement directly on the database; rejects with the database's own refusal. */
  raw(sql: string): Promise<void>;
  /** Runs one query directly on the database and answers its rows (to see what a table holds). */
  rows<T>(sql: string): Promise<T[]>;
  dispose(): Promise<void>;
}

export interface StorageKind {
  name: string;
  open(): Promise<StorageUnderTest>;
}

const sqlite: StorageKind = {
  name: "SQLite",
  async open() {
    const folder = mkdtempSync(join(tmpdir(), "hms-storage-"));
    const file = join(folder, "server.db");
    const opened: SyncStorage[] = [openSqliteStorage(file)];
    return {
      storage: opened[0] as SyncStorage,
      async reopen() {
        const again = openSqliteStorage(file);
        opened.push(again);
        return again;
      },
      async raw(sql) {
        const db = new Database(file);
        try {
          db.exec(sql);
        } finally {
          db.close();
        }
      },
      async rows<T>(sql: string) {
        const db = new Database(file, { readonly: true });
        try {
          return db.prepare(sql).all() as T[];
        } finally {
          db.close();
        }
      },
      async dispose() {
        for (const s of opened) await s.close();
        rmSync(folder, { recursive: true, force: true });
      },
    };
  },
};

const postgres: StorageKind = {
  name: "PostgreSQL",
  async open() {
    const database = await createTestDatabase();
    const opened: SyncStorage[] = [await openPostgresStorage(database.url, { poolSize: 4 })];
    return {
      storage: opened[0] as SyncStorage,
      async reopen() {
        const again = await openPostgresStorage(database.url, { poolSize: 4 });
        opened.push(again);
        return again;
      },
      async raw(sql) {
        const client = new pg.Client({ connectionString: database.url });
        await client.connect();
        try {
          await client.query(sql);
        } finally {
          await client.end();
        }
      },
      async rows<T>(sql: string) {
        const client = new pg.Client({ connectionString: database.url });
        await client.connect();
        try {
          return (await client.query(sql)).rows as T[];
        } finally {
          await client.end();
        }
      },
      async dispose() {
        for (const s of opened) await s.close();
        await database.drop();
      },
    };
  },
};

export const storageKinds: StorageKind[] = [sqlite, postgres];

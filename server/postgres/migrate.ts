import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type pg from "pg";

// Applies the checked-in SQL migrations (migrations/NNN_name.sql) that the database has not seen, in order, in one
// transaction. Several server processes may start at once: a transaction-scoped advisory lock makes the second
// wait for the first and then find nothing left to do.

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), "migrations");
/** Any fixed number; every process of this server takes the same lock. */
const MIGRATION_LOCK = 4_105_117_203;

export function listMigrations(): { name: string; sql: string }[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((name) => ({ name, sql: readFileSync(join(MIGRATIONS_DIR, name), "utf8") }));
}

/** Brings the schema up to date; returns the names of the migrations this call applied. */
export async function migrate(pool: pg.Pool): Promise<string[]> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
    await client.query(
      "CREATE TABLE IF NOT EXISTS hms_migrations (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL)",
    );
    const done = new Set(
      (await client.query<{ name: string }>("SELECT name FROM hms_migrations")).rows.map((r) => r.name),
    );
    const known = listMigrations();
    const unknown = [...done].filter((name) => !known.some((m) => m.name === name));
    if (unknown.length)
      throw new Error(
        `The database was migrated by a newer sync server (${unknown.join(", ")}); upgrade this one.`,
      );
    const applied: string[] = [];
    for (const m of known) {
      if (done.has(m.name)) continue;
      await client.query(m.sql);
      await client.query("INSERT INTO hms_migrations (name, applied_at) VALUES ($1, now())", [m.name]);
      applied.push(m.name);
    }
    await client.query("COMMIT");
    return applied;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

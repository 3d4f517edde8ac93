import { existsSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { type BetterSQLite3Database, drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { monotonicFactory } from "ulid";
import { ensureDeviceKey } from "./device-keys.js";
import { createEventStore, type EventStore } from "./event-store.js";
import { createRecordChanges, type RecordChanges } from "./record-changes.js";
import * as schema from "./schema.js";

export interface ClinicDb {
  path: string;
  sqlite: Database.Database;
  orm: BetterSQLite3Database<typeof schema>;
  /** This file's device id: the origin of every event recorded here. */
  deviceId: string;
  events: EventStore;
  /** Told after staff, patients, settings or the catalogue changed here; the hosts tell every window. */
  recordChanges: RecordChanges;
  /** Monotonic ULIDs: ids made in one millisecond still sort in the order they were made. */
  newId: () => string;
  close(): void;
}

export interface OpenOptions {
  /** Where the drizzle-kit migrations are; the packaged app ships them beside its code. */
  migrationsFolder?: string;
  /** A separately built better-sqlite3 binary (the Electron package's). */
  nativeBinding?: string;
  readonly?: boolean;
}

/** A database file that cannot be used; the message says what is wrong and what to do. */
export class DatabaseOpenError extends Error {
  constructor(
    readonly code: "NOT_A_DATABASE" | "DAMAGED" | "CANNOT_OPEN",
    message: string,
  ) {
    super(message);
    this.name = "DatabaseOpenError";
  }
}

export const defaultMigrationsFolder = fileURLToPath(new URL("./migrations", import.meta.url));

/**
 * Opens (or creates) a clinic database: WAL with synchronous=FULL so a committed visit step survives a power cut,
 * a busy timeout for the odd second reader, foreign keys on, then quick_check before anything is read, then the
 * migrations. A damaged file is refused, never silently used.
 */
export function openClinicDb(path: string, options: OpenOptions = {}): ClinicDb {
  if (path !== ":memory:" && !options.readonly) mkdirSync(dirname(path), { recursive: true });
  if (options.readonly && !existsSync(path))
    throw new DatabaseOpenError("CANNOT_OPEN", `There is no database file at ${path}.`);
  let sqlite: Database.Database;
  try {
    sqlite = new Database(path, {
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
      readonly: options.readonly ?? false,
    });
  } catch (err) {
    throw new DatabaseOpenError("CANNOT_OPEN", `Cannot open ${path}: ${(err as Error).message}`);
  }
  try {
    checkIntegrity(sqlite, path);
    if (!options.readonly) {
      sqlite.pragma("journal_mode = WAL");
      sqlite.pragma("synchronous = FULL");
    }
    sqlite.pragma("busy_timeout = 5000");
    sqlite.pragma("foreign_keys = ON");
    const orm = drizzle(sqlite, { schema });
    if (!options.readonly)
      migrate(orm, { migrationsFolder: options.migrationsFolder ?? defaultMigrationsFolder });
    const newId = monotonicFactory();
    const deviceId = options.readonly
      ? (readMeta(sqlite, "deviceId") ?? "unknown")
      : ensureDeviceId(sqlite, newId);
    // The device's signing key for audit exports, made once and recorded in the security log (db/device-keys.ts).
    if (!options.readonly) ensureDeviceKey(sqlite, deviceId, newId);
    const events = createEventStore(sqlite, deviceId, newId);
    return {
      path,
      sqlite,
      orm,
      deviceId,
      events,
      recordChanges: createRecordChanges(),
      newId,
      close: () => {
        if (sqlite.open) sqlite.close();
      },
    };
  } catch (err) {
    sqlite.close();
    throw err;
  }
}

function checkIntegrity(sqlite: Database.Database, path: string): void {
  let rows: { quick_check: string }[];
  try {
    rows = sqlite.pragma("quick_check") as { quick_check: string }[];
  } catch (err) {
    const message = (err as Error).message;
    if (/not a database|file is encrypted/i.test(message))
      throw new DatabaseOpenError("NOT_A_DATABASE", `${path} is not a clinic database (${message}).`);
    throw new DatabaseOpenError(
      "DAMAGED",
      `${path} is damaged (${message}). Restore the latest backup; this file was not changed.`,
    );
  }
  const problems = rows.map((r) => r.quick_check).filter((r) => r !== "ok");
  if (problems.length)
    throw new DatabaseOpenError(
      "DAMAGED",
      `${path} failed its integrity check (${problems.slice(0, 3).join("; ")}). Restore the latest backup; this file was not changed.`,
    );
}

export function readMeta(sqlite: Database.Database, key: string): string | undefined {
  const row = sqlite.prepare("SELECT value FROM app_meta WHERE key = ?").get(key) as
    | { value: string }
    | undefined;
  return row?.value;
}

export function writeMeta(sqlite: Database.Database, key: string, value: string): void {
  sqlite
    .prepare(
      "INSERT INTO app_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    )
    .run(key, value);
}

function ensureDeviceId(sqlite: Database.Database, newId: () => string): string {
  const existing = readMeta(sqlite, "deviceId");
  if (existing) return existing;
  const id = `dev_${newId()}`;
  writeMeta(sqlite, "deviceId", id);
  return id;
}

import { existsSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { type BetterSQLite3Database, drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { monotonicFactory } from "ulid";
import {
  CLINIC_APPLICATION_ID,
  type ClinicFileState,
  DatabaseOpenError,
  inspectClinicFile,
  LAST_FULL_CHECK_KEY,
} from "./clinic-file.js";
import { ensureDeviceKey } from "./device-keys.js";
import { createEventStore, type EventStore } from "./event-store.js";
import { createRecordChanges, type RecordChanges } from "./record-changes.js";
import * as schema from "./schema.js";
import { statement } from "./statements.js";

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
  /** Which integrity check opening ran: a new file needs none; a full one after a crash or once a week. */
  integrityCheck: ClinicFileState["check"] | "new";
  close(): void;
}

export interface OpenOptions {
  /** Where the drizzle-kit migrations are; the packaged app ships them beside its code. */
  migrationsFolder?: string;
  /** A separately built better-sqlite3 binary (the Electron package's). */
  nativeBinding?: string;
  readonly?: boolean;
  /**
   * Whether a new clinic file may be made when none exists at `path` (the default). Commands that work on an
   * existing clinic pass false, so a mistyped path is an error rather than a new, empty clinic.
   */
  create?: boolean;
  /** For tests of other platforms' settings; the running platform otherwise. */
  platform?: NodeJS.Platform;
}

export { DatabaseOpenError };

export const defaultMigrationsFolder = fileURLToPath(new URL("./migrations", import.meta.url));

/**
 * Opens (or, where no file exists, creates) a clinic database. An existing file is first inspected read-only
 * (db/clinic-file.ts): one that is not a clinic database, or fails its integrity check, is refused with every byte
 * as it was. Then WAL with synchronous=FULL so a committed visit step survives a power cut (and fullfsync on macOS,
 * whose fsync leaves data in the drive's cache), a busy timeout for the odd second reader, foreign keys on, and
 * the migrations.
 */
export function openClinicDb(path: string, options: OpenOptions = {}): ClinicDb {
  const memory = path === ":memory:";
  const exists = !memory && existsSync(path);
  if (!memory && !exists && (options.readonly || options.create === false))
    throw new DatabaseOpenError("NO_DATABASE", `There is no clinic database at ${path}; check the path.`);
  const state = exists
    ? inspectClinicFile(path, {
        scheduledCheck: !options.readonly,
        ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
      })
    : null;
  if (!memory && !exists) mkdirSync(dirname(path), { recursive: true });
  let sqlite: Database.Database;
  try {
    sqlite = new Database(path, {
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
      readonly: options.readonly ?? false,
      fileMustExist: exists,
    });
  } catch (err) {
    throw new DatabaseOpenError("CANNOT_OPEN", `Cannot open ${path}: ${(err as Error).message}`);
  }
  try {
    if (!options.readonly) {
      sqlite.pragma("journal_mode = WAL");
      sqlite.pragma("synchronous = FULL");
      if ((options.platform ?? process.platform) === "darwin") {
        sqlite.pragma("fullfsync = ON");
        sqlite.pragma("checkpoint_fullfsync = ON");
      }
      if (!state || state.unstamped) sqlite.pragma(`application_id = ${CLINIC_APPLICATION_ID}`);
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
    // A new file, or one that just passed the full check, starts its week until the next full check now.
    if (!options.readonly && (!state || state.check !== "quick"))
      writeMeta(sqlite, LAST_FULL_CHECK_KEY, new Date().toISOString());
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
      integrityCheck: state?.check ?? "new",
      close: () => {
        if (sqlite.open) sqlite.close();
      },
    };
  } catch (err) {
    sqlite.close();
    throw err;
  }
}

export function readMeta(sqlite: Database.Database, key: string): string | undefined {
  // Cached per connection (statements.ts): sync reads and writes app_meta on every round and every pushed batch.
  const row = statement(sqlite, "SELECT value FROM app_meta WHERE key = ?").get(key) as
    | { value: string }
    | undefined;
  return row?.value;
}

export function writeMeta(sqlite: Database.Database, key: string, value: string): void {
  statement(
    sqlite,
    "INSERT INTO app_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
  ).run(key, value);
}

function ensureDeviceId(sqlite: Database.Database, newId: () => string): string {
  const existing = readMeta(sqlite, "deviceId");
  if (existing) return existing;
  const id = `dev_${newId()}`;
  writeMeta(sqlite, "deviceId", id);
  return id;
}

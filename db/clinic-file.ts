import { closeSync, existsSync, openSync, readSync, statSync } from "node:fs";
import Database from "better-sqlite3";

// Deciding whether a file on disk is a clinic database, and whether it is sound, before anything writes to it.
// Everything here reads through a read-only connection (which can neither migrate nor checkpoint), so a file that
// is refused keeps every byte it had: a spreadsheet's SQLite file, another program's database, an empty file
// made by mistake, or a damaged clinic file that the person must restore from a backup.

/** Stamped into the SQLite header of every clinic file ("HMS1"); other programs stamp their own or none. */
export const CLINIC_APPLICATION_ID = 0x484d5331;

/** How long a clinic file may go between full integrity checks (quick_check misses index damage). */
export const FULL_CHECK_EVERY_MS = 7 * 24 * 3_600_000;

export const LAST_FULL_CHECK_KEY = "lastFullIntegrityCheckAt";

export type DatabaseProblem =
  | "NO_DATABASE"
  | "NOT_A_DATABASE"
  | "NOT_A_CLINIC_DATABASE"
  | "DAMAGED"
  | "CANNOT_OPEN";

/** A database file that cannot be used; the message says what is wrong and what to do. */
export class DatabaseOpenError extends Error {
  constructor(
    readonly code: DatabaseProblem,
    message: string,
  ) {
    super(message);
    this.name = "DatabaseOpenError";
  }
}

const RESTORE_HINT =
  "Restore the latest backup into a new file (clinic-hms restore --from BACKUP --db NEW_FILE) and open that one; this file was not changed.";

export interface ClinicFileState {
  /** A clinic file made before files were stamped: recognised by its tables, stamped on its next writable open. */
  unstamped: boolean;
  /** Which integrity check ran, and why. */
  check: "quick" | "full-after-unclean-shutdown" | "full-scheduled" | "full-asked";
}

const SQLITE_HEADER = Buffer.from("SQLite format 3\0", "latin1");

function header(path: string): Buffer {
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.alloc(SQLITE_HEADER.length);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/**
 * The last session did not close the file: SQLite removes the write-ahead log when the last connection closes
 * cleanly, so one that is still there (and not empty) means a crash or a power cut, or another program has the
 * file open right now. Either way a full check is worth its seconds.
 */
export function closedUncleanly(path: string): boolean {
  const wal = `${path}-wal`;
  return existsSync(wal) && statSync(wal).size > 0;
}

/**
 * Checks that an existing file is a sound clinic database, without writing to it. The full check runs after an
 * unclean shutdown and, unless `scheduledCheck` is false (read-only opens, which could not record it), when the
 * last full check is older than FULL_CHECK_EVERY_MS. Throws DatabaseOpenError with a
 * message a person can act on; returns what the opener needs to know otherwise.
 */
export function inspectClinicFile(
  path: string,
  options: { nativeBinding?: string; now?: Date; scheduledCheck?: boolean; fullCheck?: boolean } = {},
): ClinicFileState {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (err) {
    throw new DatabaseOpenError("CANNOT_OPEN", `Cannot open ${path}: ${(err as Error).message}`);
  }
  if (size === 0)
    throw new DatabaseOpenError(
      "NOT_A_CLINIC_DATABASE",
      `${path} is an empty file, not a clinic database; it was left as it is. Give the path of the clinic's database, or a path where no file exists yet to start a new clinic.`,
    );
  if (!header(path).equals(SQLITE_HEADER))
    throw new DatabaseOpenError(
      "NOT_A_DATABASE",
      `${path} is not a clinic database (it is not an SQLite file at all); it was left as it is.`,
    );
  const unclean = closedUncleanly(path);
  let sqlite: Database.Database;
  try {
    sqlite = new Database(path, {
      readonly: true,
      fileMustExist: true,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    });
  } catch (err) {
    throw new DatabaseOpenError("CANNOT_OPEN", `Cannot open ${path}: ${(err as Error).message}`);
  }
  try {
    let tables: string[];
    let applicationId: number;
    try {
      applicationId = sqlite.pragma("application_id", { simple: true }) as number;
      tables = sqlite
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .pluck()
        .all() as string[];
    } catch (err) {
      const message = (err as Error).message;
      if (/not a database|file is encrypted/i.test(message))
        throw new DatabaseOpenError("NOT_A_DATABASE", `${path} is not a clinic database (${message}).`);
      throw new DatabaseOpenError("DAMAGED", `${path} is damaged (${message}). ${RESTORE_HINT}`);
    }
    const looksLikeClinic = ["visit_events", "app_meta", "__drizzle_migrations"].every((t) =>
      tables.includes(t),
    );
    if (applicationId !== CLINIC_APPLICATION_ID && !(applicationId === 0 && looksLikeClinic))
      throw new DatabaseOpenError(
        "NOT_A_CLINIC_DATABASE",
        `${path} is an SQLite database of another program (${
          tables.length
            ? `tables ${tables.slice(0, 4).join(", ")}${tables.length > 4 ? ", ..." : ""}`
            : "no tables"
        }), not a clinic database; it was left as it is.`,
      );
    const lastFull = Date.parse(
      (tables.includes("app_meta")
        ? (sqlite.prepare("SELECT value FROM app_meta WHERE key = ?").pluck().get(LAST_FULL_CHECK_KEY) as
            | string
            | undefined)
        : undefined) ?? "",
    );
    const now = (options.now ?? new Date()).getTime();
    const check: ClinicFileState["check"] = options.fullCheck
      ? "full-asked"
      : unclean
        ? "full-after-unclean-shutdown"
        : options.scheduledCheck !== false && !(now - lastFull < FULL_CHECK_EVERY_MS)
          ? "full-scheduled"
          : "quick";
    checkIntegrity(sqlite, path, check === "quick" ? "quick_check" : "integrity_check", unclean);
    return { unstamped: applicationId === 0, check };
  } finally {
    sqlite.close();
  }
}

function checkIntegrity(
  sqlite: Database.Database,
  path: string,
  pragma: "quick_check" | "integrity_check",
  unclean: boolean,
): void {
  let rows: string[];
  try {
    rows = (sqlite.pragma(pragma) as Record<string, string>[]).map((r) => Object.values(r)[0] as string);
  } catch (err) {
    throw new DatabaseOpenError("DAMAGED", `${path} is damaged (${(err as Error).message}). ${RESTORE_HINT}`);
  }
  const problems = rows.filter((r) => r !== "ok");
  if (problems.length)
    throw new DatabaseOpenError(
      "DAMAGED",
      `${path} failed its ${pragma === "integrity_check" ? "full " : ""}integrity check${
        unclean ? " after the app was not closed properly" : ""
      } (${problems.slice(0, 3).join("; ")}). ${RESTORE_HINT}`,
    );
}

/** True when the file exists and is a sound clinic database; never writes to it. */
export function isClinicDatabaseFile(path: string): boolean {
  try {
    inspectClinicFile(path, { scheduledCheck: false });
    return true;
  } catch {
    return false;
  }
}

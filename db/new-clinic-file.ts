import { closeSync, existsSync, fsyncSync, linkSync, openSync, renameSync, rmSync } from "node:fs";
import { dirname } from "node:path";
import { type ClinicDb, type OpenOptions, openClinicDb } from "./open.js";
import { deferReaderIndexes, tablesWithReaderIndexes } from "./reader-indexes.js";

// A new clinic file filled in one go (`hms seed`, the benchmark's big files). Everything is written through the
// usual ClinicDb (the store's checked append and all), but into a temporary file beside the one asked for, with the
// disk syncs off, a big page cache and the indexes only readers use built at the end (db/reader-indexes.ts): a
// crash can only ever lose that temporary file, never leave a half-filled clinic at the path the user named. When
// the filling is done the file is made durable (synced, its write-ahead log folded in) and only then put there.

export interface NewClinicFile {
  /** The file being filled; use it like any clinic file, then call finish() or abandon(). */
  db: ClinicDb;
  /** Builds the deferred indexes, makes the file durable and puts it at its path. */
  finish(): void;
  /** Closes and deletes the temporary file (after a refusal or an error). */
  abandon(): void;
}

const sidecars = ["", "-wal", "-shm"];

/** Fails when `path` exists: a new file is never written over an existing one. */
export function createClinicFile(
  path: string,
  options: Omit<OpenOptions, "create" | "readonly"> = {},
): NewClinicFile {
  if (existsSync(path))
    throw new Error(`${path} already exists; a new clinic file is made only where there is none.`);
  const temporary = `${path}.filling-${process.pid}`;
  for (const s of sidecars) rmSync(temporary + s, { force: true });
  const db = openClinicDb(temporary, options);
  let restoreIndexes: () => void;
  try {
    db.sqlite.pragma("synchronous = OFF");
    db.sqlite.pragma("cache_size = -131072");
    db.sqlite.pragma("temp_store = MEMORY");
    restoreIndexes = db.sqlite.transaction(() => deferReaderIndexes(db.sqlite, tablesWithReaderIndexes))();
  } catch (err) {
    db.close();
    for (const s of sidecars) rmSync(temporary + s, { force: true });
    throw err;
  }

  return {
    db,
    finish() {
      db.sqlite.transaction(restoreIndexes)();
      db.sqlite.pragma("synchronous = FULL");
      db.sqlite.pragma("wal_checkpoint(TRUNCATE)");
      db.close();
      const fd = openSync(temporary, "r+");
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      // A hard link fails if a file appeared at the path meanwhile, where a rename would replace it.
      try {
        linkSync(temporary, path);
        rmSync(temporary);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "EEXIST")
          throw new Error(
            `${path} appeared while the new clinic file was being filled; it was left as it is.`,
          );
        if (existsSync(path)) throw err;
        renameSync(temporary, path);
      }
      syncFolder(dirname(path));
    },
    abandon() {
      db.close();
      for (const s of sidecars) rmSync(temporary + s, { force: true });
    },
  };
}

/** Makes the new name itself durable; not every platform can open a folder to sync it (Windows cannot). */
function syncFolder(folder: string): void {
  let fd: number;
  try {
    fd = openSync(folder, "r");
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch {
    // The file's own contents are synced; only the folder entry's sync is unavailable here.
  } finally {
    closeSync(fd);
  }
}

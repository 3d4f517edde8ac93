import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import Database from "better-sqlite3";
import { verifyDatabase } from "../audit/verify-db.js";
import { DatabaseOpenError, inspectClinicFile } from "./clinic-file.js";
import { openClinicDb } from "./open.js";

// `clinic-hms restore`: a backup becomes a clinic database again only after it has proved itself — a sound SQLite
// file (full integrity check), a clinic database, every hash chain intact — and only into a new file. It never
// writes over an existing file, so it can never replace the database a running app has open.

export interface RestoreResult {
  path: string;
  events: number;
  chains: number;
  lastEventId: string | null;
}

export class RestoreRefused extends Error {
  override name = "RestoreRefused";
}

const sidecars = (path: string) => [path, `${path}-wal`, `${path}-shm`, `${path}-journal`];

export async function restoreClinicDb(
  from: string,
  to: string,
  options: { nativeBinding?: string } = {},
): Promise<RestoreResult> {
  if (!existsSync(from)) throw new RestoreRefused(`There is no backup at ${from}.`);
  if (resolve(from) === resolve(to))
    throw new RestoreRefused("Restore into a new file: --db must not be the backup itself.");
  const taken = sidecars(to).find((p) => existsSync(p));
  if (taken)
    throw new RestoreRefused(
      `${taken} already exists. A restore only makes a new file, so it can never replace a clinic's live database; choose a path where no file exists.`,
    );

  // 1. The backup: a clinic database that passes the full integrity check (never written to).
  try {
    inspectClinicFile(from, { fullCheck: true, ...options });
  } catch (err) {
    if (err instanceof DatabaseOpenError)
      throw new RestoreRefused(`The backup cannot be restored: ${err.message}`);
    throw err;
  }
  const source = new Database(from, { readonly: true, fileMustExist: true, ...options });
  const temp = join(dirname(resolve(to)), `.${basename(to)}.restoring`);
  try {
    // 2. Every hash chain in it, recomputed: a backup that was altered is not brought back.
    const chains = verifyDatabase(source);
    if (!chains.ok) throw new RestoreRefused(`The backup's hash chains do not verify: ${chains.problem}`);
    const counted = source
      .prepare(
        "SELECT COUNT(*) AS events, (SELECT id FROM visit_events ORDER BY position DESC LIMIT 1) AS last FROM visit_events",
      )
      .get() as { events: number; last: string | null };

    // 3. Copied with SQLite's backup API to a hidden name beside the target, checked, flushed, then renamed.
    rmSync(temp, { force: true });
    await source.backup(temp);
    const copy = new Database(temp, { fileMustExist: true, ...options });
    try {
      const check = copy.pragma("integrity_check", { simple: true });
      if (check !== "ok")
        throw new RestoreRefused(`The restored copy failed its integrity check (${String(check)}).`);
      const events = copy.prepare("SELECT COUNT(*) FROM visit_events").pluck().get() as number;
      if (events !== counted.events)
        throw new RestoreRefused(`The restored copy has ${events} of the backup's ${counted.events} events.`);
    } finally {
      copy.close();
    }
    const fd = openSync(temp, "r+");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (existsSync(to)) throw new RestoreRefused(`${to} appeared while restoring; nothing was replaced.`);
    renameSync(temp, to);
    syncFolder(dirname(resolve(to)));
    // 4. Opened as the app opens it: migrations of a newer app version apply here, to the new file only.
    openClinicDb(to, { create: false, ...options }).close();
    return { path: to, events: counted.events, chains: chains.chains, lastEventId: counted.last };
  } finally {
    source.close();
    rmSync(temp, { force: true });
  }
}

function syncFolder(folder: string): void {
  // Directories cannot be opened for fsync on Windows; there the rename is as durable as the OS makes it.
  if (process.platform === "win32") return;
  const fd = openSync(folder, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

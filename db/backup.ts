import { existsSync, renameSync, rmSync } from "node:fs";
import Database from "better-sqlite3";
import { isClinicDatabaseFile } from "./clinic-file.js";
import type { ClinicDb } from "./open.js";

export interface BackupResult {
  path: string;
  events: number;
  lastEventId: string | null;
}

/**
 * An online backup (SQLite's backup API: the app keeps working while it copies), written to a temporary name,
 * then checked — integrity, and the same events up to the same last one — before it takes the final name.
 * A backup that fails its check is removed, never left looking usable.
 */
export async function backupClinicDb(db: ClinicDb, target: string, overwrite = false): Promise<BackupResult> {
  if (existsSync(target) && !overwrite)
    throw new Error(`${target} already exists; choose another name or overwrite it.`);
  // Overwriting replaces an older backup, never some other file that happens to have the name.
  if (existsSync(target) && !isClinicDatabaseFile(target))
    throw new Error(`${target} is not a clinic database backup; it was left as it is. Choose another name.`);
  const temp = `${target}.partial`;
  rmSync(temp, { force: true });
  const last = db.sqlite
    .prepare("SELECT COUNT(*) AS events, MAX(position) AS position FROM visit_events")
    .get() as { events: number; position: number | null };
  await db.sqlite.backup(temp);
  try {
    const copy = new Database(temp, { readonly: true });
    try {
      const check = copy.pragma("quick_check", { simple: true });
      if (check !== "ok") throw new Error(`the copy failed its integrity check (${String(check)})`);
      // The copy may hold events appended while it ran; it must hold at least every event present when it started.
      const copied = copy
        .prepare("SELECT COUNT(*) FROM visit_events WHERE position <= ?")
        .pluck()
        .get(last.position ?? 0) as number;
      if (copied !== last.events) throw new Error(`the copy has ${copied} of ${last.events} events`);
    } finally {
      copy.close();
    }
  } catch (err) {
    rmSync(temp, { force: true });
    throw new Error(`Backup failed: ${(err as Error).message}. Nothing was written to ${target}.`);
  }
  renameSync(temp, target);
  const lastEventId =
    (db.sqlite
      .prepare("SELECT id FROM visit_events WHERE position = ?")
      .pluck()
      .get(last.position ?? 0) as string | undefined) ?? null;
  return { path: target, events: last.events, lastEventId };
}

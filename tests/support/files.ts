import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import Database from "better-sqlite3";

// Files that are not clinic databases, as a person might point a command at them by mistake, and the checks that
// prove a command left them alone.

export const sha256OfFile = (path: string): string =>
  createHash("sha256").update(readFileSync(path)).digest("hex");

/** Every file in the folder whose name starts with the file's name: the file itself and any -wal, -shm, .partial. */
export const filesBeside = (path: string): string[] =>
  readdirSync(dirname(path))
    .filter((f) => f.startsWith(basename(path)) || f.startsWith(`.${basename(path)}`))
    .sort();

export type ForeignKind = "foreign tables" | "empty file" | "garbage" | "another program's empty database";

export const foreignKinds: ForeignKind[] = [
  "foreign tables",
  "empty file",
  "garbage",
  "another program's empty database",
];

/** Writes a file of the given kind at `path` and returns its SHA-256. */
export function writeForeignFile(path: string, kind: ForeignKind): string {
  if (kind === "empty file") writeFileSync(path, "");
  else if (kind === "garbage") writeFileSync(path, "Shopping list: rice, beans, paracetamol.\n".repeat(200));
  else {
    const db = new Database(path);
    if (kind === "foreign tables") {
      db.exec(
        "CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO recipes (name) VALUES ('ugali')",
      );
    } else db.pragma("application_id = 1234");
    db.close();
  }
  if (!existsSync(path)) throw new Error(`could not write ${path}`);
  return sha256OfFile(path);
}

/** Makes an index disagree with its table, which quick_check does not notice and integrity_check does. */
export function damageIndex(path: string): void {
  const db = new Database(path);
  db.unsafeMode(true); // lifts SQLite's defensive mode, which forbids editing the schema table
  db.pragma("writable_schema = ON");
  db.prepare("UPDATE sqlite_master SET sql = ? WHERE name = 'visit_events_visit_time'").run(
    "CREATE INDEX `visit_events_visit_time` ON `visit_events` (`performedBy`,`performedAt`)",
  );
  db.pragma("writable_schema = OFF");
  db.close();
  // The damage is only worth testing if it is the kind a quick check misses and a full check finds.
  const check = new Database(path, { readonly: true });
  const quick = check.pragma("quick_check", { simple: true });
  const full = check.pragma("integrity_check", { simple: true });
  check.close();
  if (quick !== "ok" || full === "ok")
    throw new Error(
      `damageIndex needs visit events in ${path} (quick_check ${quick}, integrity_check ${full})`,
    );
}

export { join };

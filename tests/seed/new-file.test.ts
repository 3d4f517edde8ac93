import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { createClinicFile } from "../../db/new-clinic-file.js";
import { openClinicDb } from "../../db/open.js";
import { addStaff } from "../../db/staff.js";
import { tempDir } from "../support/temp-db.js";

// `hms seed` fills a new file beside the path asked for and puts it there only once it is complete and durable:
// killed half way, it leaves nothing at that path; finished, the file has every index and setting of a clinic file
// made by the app.

const { dir, cleanup } = tempDir("hms-seed-file-");
afterAll(cleanup);

const seedArgs = (file: string, days: number) => [
  "cli/bin.js",
  "seed",
  "--db",
  file,
  "--days",
  String(days),
  "--visits-per-day",
  "40",
  "--random-seed",
  "file-test",
  "--until",
  "2026-02-11T23:30:00Z",
];

const schemaOf = (path: string) => {
  const db = new Database(path, { readonly: true });
  try {
    return {
      objects: db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name").all(),
      journal: db.pragma("journal_mode", { simple: true }),
    };
  } finally {
    db.close();
  }
};

describe("hms seed on a new file", () => {
  it("leaves a complete clinic file with the app's schema, indexes and WAL mode, and nothing beside it", () => {
    const sub = join(dir, "complete");
    const path = join(sub, "clinic.sqlite");
    const run = spawnSync(process.execPath, seedArgs(path, 2), { encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    // (The command log's folder is the CLI's own.)
    expect(readdirSync(sub).filter((f) => f.startsWith("clinic"))).toEqual(["clinic.sqlite"]);
    const made = join(dir, "made-by-the-app.sqlite");
    openClinicDb(made).close();
    expect(schemaOf(path)).toEqual(schemaOf(made));
    expect(schemaOf(path).journal).toBe("wal");
    const db = openClinicDb(path, { create: false });
    try {
      const events = db.sqlite.prepare("SELECT COUNT(*) FROM visit_events").pluck().get() as number;
      expect(run.stdout).toContain(`${events.toLocaleString("en")} events`);
      expect(events).toBeGreaterThan(500);
      // The file passes SQLite's own check, and the reader indexes built at the end answer like the table.
      expect(db.sqlite.pragma("integrity_check", { simple: true })).toBe("ok");
      const byIndex = db.sqlite
        .prepare("SELECT COUNT(*) FROM visit_events INDEXED BY visit_events_type_time WHERE eventType = ?")
        .pluck();
      const byScan = db.sqlite.prepare("SELECT COUNT(*) FROM visit_events WHERE +eventType = ?").pluck();
      expect(byIndex.get("QUEUE_CALLED")).toBe(byScan.get("QUEUE_CALLED"));
      expect(byIndex.get("QUEUE_CALLED")).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  });

  it("killed half way, leaves no file at the path asked for", async () => {
    const sub = join(dir, "killed");
    const path = join(sub, "clinic.sqlite");
    const child = spawn(process.execPath, seedArgs(path, 120), { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    await new Promise<void>((resolve, reject) => {
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
        // Some days are written: the temporary file holds events by now.
        if (/Seeding: day [2-9]\d?\//.test(stderr)) child.kill("SIGKILL");
      });
      child.on("exit", () => resolve());
      child.on("error", reject);
    });
    expect(stderr).toMatch(/Seeding: day/);
    expect(existsSync(path)).toBe(false);
    expect(existsSync(`${path}-wal`)).toBe(false);
  }, 60_000);

  it("fills an existing event-free clinic file in place", () => {
    const path = join(dir, "existing.sqlite");
    openClinicDb(path).close();
    const run = spawnSync(process.execPath, seedArgs(path, 1), { encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    const db = new Database(path, { readonly: true });
    try {
      expect(db.prepare("SELECT COUNT(*) FROM visits").pluck().get()).toBe(40);
    } finally {
      db.close();
    }
  });
});

describe("createClinicFile", () => {
  it("refuses a path that exists, and leaves it as it was", () => {
    const path = join(dir, "taken.sqlite");
    writeFileSync(path, "someone's notes");
    expect(() => createClinicFile(path)).toThrow(/already exists/);
    expect(readdirSync(dir).filter((f) => f.startsWith("taken"))).toEqual(["taken.sqlite"]);
  });

  it("never writes over a file that appeared at the path while it was being filled", () => {
    const path = join(dir, "raced.sqlite");
    const fresh = createClinicFile(path);
    expect(addStaff(fresh.db, { name: "Dr Race", role: "doctor", username: "race" }).ok).toBe(true);
    writeFileSync(path, "another program's file");
    expect(() => fresh.finish()).toThrow(/appeared while the new clinic file was being filled/);
    fresh.abandon();
    expect(readdirSync(dir).filter((f) => f.startsWith("raced"))).toEqual(["raced.sqlite"]);
  });
});

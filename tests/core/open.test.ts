import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DatabaseOpenError, openClinicDb } from "../../db/open.js";
import { logVisitEvent } from "../../db/visit-events.js";
import { makeClinic, tempDir } from "../support/temp-db.js";

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

const fileHash = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

describe("opening the clinic database", () => {
  it("sets WAL, synchronous=FULL, foreign keys and a busy timeout, and creates the tables", () => {
    const clinic = makeClinic();
    cleanups.push(clinic.close);
    const { sqlite } = clinic.db;
    expect(sqlite.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(sqlite.pragma("synchronous", { simple: true })).toBe(2); // FULL
    expect(sqlite.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(sqlite.pragma("busy_timeout", { simple: true })).toBe(5000);
    const tables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    expect(tables).toEqual(
      expect.arrayContaining(["visit_events", "visits", "bills", "test_orders", "staff"]),
    );
    const indexes = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'index'").pluck().all();
    expect(indexes).toEqual(expect.arrayContaining(["visit_events_visit_time", "visit_events_type_time"]));
  });

  it("keeps its device id across reopenings", () => {
    const clinic = makeClinic();
    cleanups.push(clinic.close);
    const first = clinic.db.deviceId;
    clinic.db.close();
    const again = openClinicDb(clinic.path);
    expect(again.deviceId).toBe(first);
    again.close();
  });

  it("refuses a file that is not a database, and leaves it untouched", () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const path = join(dir, "notes.sqlite");
    writeFileSync(path, "Dear auditor, this is a letter, not a database.".repeat(100));
    const before = fileHash(path);
    expect(() => openClinicDb(path)).toThrow(DatabaseOpenError);
    expect(() => openClinicDb(path)).toThrow(/is not a clinic database/);
    expect(fileHash(path)).toBe(before);
  });

  it("refuses a damaged database with a message that says to restore a backup", () => {
    const clinic = makeClinic();
    cleanups.push(clinic.close);
    for (let i = 0; i < 200; i++)
      logVisitEvent(clinic.db, {
        visitId: `v${i}`,
        eventType: "VISIT_REGISTERED",
        performedBy: clinic.reception.id,
        metadata: { patientId: clinic.patientId, reason: "x".repeat(500) },
      });
    clinic.db.sqlite.pragma("wal_checkpoint(TRUNCATE)");
    clinic.db.close();
    // Overwrite the middle of the file, where table and index pages live.
    const bytes = readFileSync(clinic.path);
    const pageSize = 4096;
    for (let p = 2; p < Math.floor(bytes.length / pageSize) - 1; p += 3)
      bytes.fill(0x5a, p * pageSize + 100, p * pageSize + 400);
    writeFileSync(clinic.path, bytes);
    const before = fileHash(clinic.path);
    let error: unknown;
    try {
      openClinicDb(clinic.path).close();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DatabaseOpenError);
    expect((error as Error).message).toMatch(/damaged|integrity check|not a clinic database/);
    expect(fileHash(clinic.path)).toBe(before);
  });
});

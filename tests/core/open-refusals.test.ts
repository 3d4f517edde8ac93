import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { CLINIC_APPLICATION_ID } from "../../db/clinic-file.js";
import { DatabaseOpenError, openClinicDb, writeMeta } from "../../db/open.js";
import { getVisitTimeline, logVisitEvent } from "../../db/visit-events.js";
import { damageIndex, filesBeside, foreignKinds, sha256OfFile, writeForeignFile } from "../support/files.js";
import { type Clinic, makeClinic, must, tempDir } from "../support/temp-db.js";

// Opening never changes a file it refuses, makes a new clinic only where no file is, and finds damage that a quick
// check misses when it matters: after a crash, and once a week.

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});
const folder = () => {
  const t = tempDir("hms-open-");
  cleanups.push(t.cleanup);
  return t.dir;
};

function refusal(open: () => unknown): DatabaseOpenError {
  try {
    open();
  } catch (err) {
    expect(err).toBeInstanceOf(DatabaseOpenError);
    return err as DatabaseOpenError;
  }
  throw new Error("the file was opened");
}

describe("a file that is not a clinic database", () => {
  it.each(foreignKinds)("is refused with its bytes unchanged and nothing made beside it: %s", (kind) => {
    const path = join(folder(), "clinic.sqlite");
    const before = writeForeignFile(path, kind);
    for (const readonly of [false, true]) {
      const error = refusal(() => openClinicDb(path, { readonly }));
      expect(error.code).toMatch(/^NOT_A_(CLINIC_)?DATABASE$/);
      expect(error.message).toMatch(/not a clinic database/);
      expect(error.message).toContain("left as it is");
    }
    expect(sha256OfFile(path)).toBe(before);
    expect(filesBeside(path)).toEqual(["clinic.sqlite"]);
  });

  it("names the other program's tables so the person can tell which file it is", () => {
    const path = join(folder(), "recipes.sqlite");
    writeForeignFile(path, "foreign tables");
    expect(refusal(() => openClinicDb(path)).message).toContain("tables recipes");
  });
});

describe("where the clinic file is made", () => {
  it("makes a new clinic only where no file exists, stamped as a clinic file", () => {
    const path = join(folder(), "new", "clinic.sqlite");
    const db = openClinicDb(path);
    expect(db.integrityCheck).toBe("new");
    expect(db.sqlite.pragma("application_id", { simple: true })).toBe(CLINIC_APPLICATION_ID);
    db.close();
  });

  it("refuses a missing file when the command needs an existing clinic, and makes nothing", () => {
    const dir = folder();
    const path = join(dir, "clinc.sqlite");
    expect(refusal(() => openClinicDb(path, { create: false })).code).toBe("NO_DATABASE");
    expect(refusal(() => openClinicDb(path, { readonly: true })).message).toMatch(/no clinic database at/);
    expect(existsSync(path)).toBe(false);
  });

  it("opens a clinic file made before files were stamped, and stamps it", () => {
    const clinic = makeClinic();
    cleanups.push(clinic.close);
    clinic.db.sqlite.pragma("application_id = 0");
    clinic.db.close();
    const again = openClinicDb(clinic.path);
    expect(again.sqlite.pragma("application_id", { simple: true })).toBe(CLINIC_APPLICATION_ID);
    again.close();
  });
});

describe("durability settings", () => {
  it("asks macOS to flush the drive's cache (fullfsync), and leaves other systems' fsync alone", () => {
    const dir = folder();
    const mac = openClinicDb(join(dir, "mac.sqlite"), { platform: "darwin" });
    expect(mac.sqlite.pragma("fullfsync", { simple: true })).toBe(1);
    expect(mac.sqlite.pragma("checkpoint_fullfsync", { simple: true })).toBe(1);
    mac.close();
    const linux = openClinicDb(join(dir, "linux.sqlite"), { platform: "linux" });
    expect(linux.sqlite.pragma("fullfsync", { simple: true })).toBe(0);
    linux.close();
  });
});

/** A process that writes a visit step and is killed before it can close the file, as a power cut would. */
function crashWhileOpen(path: string): void {
  const script = `
    const Database = require("better-sqlite3");
    const db = new Database(process.argv[1]);
    db.pragma("journal_mode = WAL");
    db.prepare("INSERT INTO app_meta (key, value) VALUES ('crashNote', 'written before the crash')").run();
    process.kill(process.pid, "SIGKILL");
  `;
  const r = spawnSync(process.execPath, ["-e", script, path], { encoding: "utf8" });
  expect(r.signal).toBe("SIGKILL");
  expect(existsSync(`${path}-wal`)).toBe(true);
}

const registerVisit = (clinic: Clinic, visitId: string) =>
  must(
    logVisitEvent(clinic.db, {
      visitId,
      eventType: "VISIT_REGISTERED",
      performedBy: clinic.reception.id,
      metadata: { patientId: clinic.patientId },
    }),
  );

describe("the integrity check at open", () => {
  it("after an unclean shutdown runs the full check, then carries on with what was committed", () => {
    const clinic = makeClinic();
    cleanups.push(clinic.close);
    registerVisit(clinic, "V1");
    clinic.db.close();
    crashWhileOpen(clinic.path);
    const again = openClinicDb(clinic.path);
    expect(again.integrityCheck).toBe("full-after-unclean-shutdown");
    expect(getVisitTimeline(again, "V1")).toHaveLength(1);
    expect(again.sqlite.prepare("SELECT value FROM app_meta WHERE key = 'crashNote'").pluck().get()).toBe(
      "written before the crash",
    );
    again.close();
    // A clean close removes the log, so the next open is quick again.
    expect(openClinicDb(clinic.path).integrityCheck).toBe("quick");
  });

  it("finds an index that disagrees with its table after a crash, and says to restore, changing nothing", () => {
    const clinic = makeClinic();
    cleanups.push(clinic.close);
    registerVisit(clinic, "V1");
    clinic.db.close();
    damageIndex(clinic.path);
    // A quick check does not see this damage: the file opens when the app was closed properly.
    openClinicDb(clinic.path).close();
    crashWhileOpen(clinic.path);
    const before = sha256OfFile(clinic.path);
    const wal = sha256OfFile(`${clinic.path}-wal`);
    const error = refusal(() => openClinicDb(clinic.path));
    expect(error.code).toBe("DAMAGED");
    expect(error.message).toMatch(/failed its full integrity check after the app was not closed properly/);
    expect(error.message).toMatch(/clinic-hms restore --from BACKUP --db NEW_FILE/);
    expect(sha256OfFile(clinic.path)).toBe(before);
    expect(sha256OfFile(`${clinic.path}-wal`)).toBe(wal);
  });

  it("runs the full check once a week even after clean shutdowns, and records when it last did", () => {
    const clinic = makeClinic();
    cleanups.push(clinic.close);
    registerVisit(clinic, "V1");
    const eightDaysAgo = new Date(Date.now() - 8 * 86_400_000).toISOString();
    writeMeta(clinic.db.sqlite, "lastFullIntegrityCheckAt", eightDaysAgo);
    clinic.db.close();
    const due = openClinicDb(clinic.path);
    expect(due.integrityCheck).toBe("full-scheduled");
    const recorded = Date.parse(
      due.sqlite
        .prepare("SELECT value FROM app_meta WHERE key = 'lastFullIntegrityCheckAt'")
        .pluck()
        .get() as string,
    );
    expect(Date.now() - recorded).toBeLessThan(60_000);
    due.close();
    expect(openClinicDb(clinic.path).integrityCheck).toBe("quick");

    // The weekly check finds the damage a quick check misses.
    const s = new Database(clinic.path);
    s.prepare("UPDATE app_meta SET value = ? WHERE key = 'lastFullIntegrityCheckAt'").run(eightDaysAgo);
    s.close();
    damageIndex(clinic.path);
    const before = sha256OfFile(clinic.path);
    const error = refusal(() => openClinicDb(clinic.path));
    expect(error.code).toBe("DAMAGED");
    expect(error.message).toMatch(/full integrity check .*visit_events_visit_time/);
    expect(sha256OfFile(clinic.path)).toBe(before);
  });

  it("refuses a damaged file read-only too, without writing", () => {
    const path = join(folder(), "clinic.sqlite");
    openClinicDb(path).close();
    writeFileSync(path, Buffer.alloc(4096, 0x5a), { flag: "r+" });
    const before = sha256OfFile(path);
    expect(() => openClinicDb(path, { readonly: true })).toThrow(DatabaseOpenError);
    expect(sha256OfFile(path)).toBe(before);
  });
});

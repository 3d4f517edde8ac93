import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { verifyDatabase } from "../../audit/verify-db.js";
import { backupClinicDb } from "../../db/backup.js";
import { openClinicDb } from "../../db/open.js";
import { RestoreRefused, restoreClinicDb } from "../../db/restore.js";
import { getVisitTimeline, logVisitEvent } from "../../db/visit-events.js";
import { damageIndex, foreignKinds, sha256OfFile, writeForeignFile } from "../support/files.js";
import { type Clinic, makeClinic, must } from "../support/temp-db.js";

// `clinic-hms restore`: a backup comes back only after it proves itself, and only into a new file.

let c: Clinic;
afterEach(() => c.close());

async function clinicWithBackup(): Promise<{ backup: string }> {
  c = makeClinic();
  for (const visitId of ["V1", "V2"])
    must(
      logVisitEvent(c.db, {
        visitId,
        eventType: "VISIT_REGISTERED",
        performedBy: c.reception.id,
        metadata: { patientId: c.patientId },
      }),
    );
  const backup = join(c.dir, "backup.sqlite");
  await backupClinicDb(c.db, backup);
  return { backup };
}

describe("restoring a backup", () => {
  it("brings every event back into a new file that opens, reads the same and verifies", async () => {
    const { backup } = await clinicWithBackup();
    const before = sha256OfFile(backup);
    const r = await restoreClinicDb(backup, join(c.dir, "restored.sqlite"));
    expect(r.events).toBe(2);
    expect(r.chains).toBeGreaterThan(0);
    const restored = openClinicDb(join(c.dir, "restored.sqlite"), { create: false });
    expect(restored.deviceId).toBe(c.db.deviceId);
    expect(getVisitTimeline(restored, "V2").map((e) => e.eventType)).toEqual(["VISIT_REGISTERED"]);
    expect(verifyDatabase(restored.sqlite).ok).toBe(true);
    restored.close();
    expect(sha256OfFile(backup)).toBe(before);
    expect(readdirSync(c.dir).filter((f) => f.includes("restoring"))).toEqual([]);
  });

  it("never writes over an existing file, least of all the live database", async () => {
    const { backup } = await clinicWithBackup();
    const live = sha256OfFile(c.path);
    await expect(restoreClinicDb(backup, c.path)).rejects.toThrow(/already exists.*never replace/);
    expect(sha256OfFile(c.path)).toBe(live);
    await expect(restoreClinicDb(backup, backup)).rejects.toThrow(RestoreRefused);
  });

  it("refuses a backup whose hash chains do not verify (an event changed after it was recorded)", async () => {
    const { backup } = await clinicWithBackup();
    const raw = new Database(backup);
    raw.exec("DROP TRIGGER IF EXISTS visit_events_no_update");
    for (const t of raw
      .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'visit_events'")
      .pluck()
      .all() as string[])
      raw.exec(`DROP TRIGGER "${t}"`);
    raw.prepare("UPDATE visit_events SET description = 'changed later' WHERE visitId = 'V1'").run();
    raw.close();
    const target = join(c.dir, "restored.sqlite");
    await expect(restoreClinicDb(backup, target)).rejects.toThrow(/hash chains do not verify/);
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(c.dir).filter((f) => f.startsWith(".restored"))).toEqual([]);
  });

  it("refuses a backup with damage only the full integrity check finds", async () => {
    const { backup } = await clinicWithBackup();
    damageIndex(backup);
    const target = join(c.dir, "restored.sqlite");
    await expect(restoreClinicDb(backup, target)).rejects.toThrow(/full integrity check/);
    expect(existsSync(target)).toBe(false);
  });

  it.each(foreignKinds)("refuses a 'backup' that is not a clinic database: %s", async (kind) => {
    c = makeClinic();
    const backup = join(c.dir, "not-a-backup.sqlite");
    const before = writeForeignFile(backup, kind);
    const target = join(c.dir, "restored.sqlite");
    await expect(restoreClinicDb(backup, target)).rejects.toThrow(
      /cannot be restored: .*not a clinic database/,
    );
    expect(sha256OfFile(backup)).toBe(before);
    expect(existsSync(target)).toBe(false);
  });

  it("works from the command line, and says why when it refuses", async () => {
    const { backup } = await clinicWithBackup();
    const hms = (...args: string[]) =>
      spawnSync(process.execPath, ["cli/bin.js", ...args], { encoding: "utf8" });
    const target = join(c.dir, "from-cli.sqlite");
    const ok = hms("restore", "--from", backup, "--db", target);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(
      /^Restored 2 events from .* into .*from-cli\.sqlite \(integrity checked, \d+ hash chains verified/,
    );
    const again = hms("restore", "--from", backup, "--db", target);
    expect(again.status).toBe(1);
    expect(again.stderr.trim().split("\n")).toHaveLength(1);
    expect(again.stderr).toMatch(/^clinic-hms restore: .*from-cli\.sqlite already exists/);
  });
});

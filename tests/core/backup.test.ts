import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { backupClinicDb } from "../../db/backup.js";
import { openClinicDb } from "../../db/open.js";
import { getVisitTimeline, logVisitEvent } from "../../db/visit-events.js";
import { filesBeside, foreignKinds, sha256OfFile, writeForeignFile } from "../support/files.js";
import { type Clinic, makeClinic, must } from "../support/temp-db.js";

let c: Clinic;
afterEach(() => c.close());

describe("online backup", () => {
  it("copies every event into a file that opens and reads the same", async () => {
    c = makeClinic();
    must(
      logVisitEvent(c.db, {
        visitId: "V1",
        eventType: "VISIT_REGISTERED",
        performedBy: c.reception.id,
        metadata: { patientId: c.patientId },
      }),
    );
    const target = join(c.dir, "backup.sqlite");
    const r = await backupClinicDb(c.db, target);
    expect(r.events).toBe(1);
    const copy = openClinicDb(target);
    expect(getVisitTimeline(copy, "V1").map((e) => e.eventType)).toEqual(["VISIT_REGISTERED"]);
    copy.close();
    expect(existsSync(`${target}.partial`)).toBe(false);
  });

  it("refuses to overwrite an existing backup unless asked, and then replaces it", async () => {
    c = makeClinic();
    const target = join(c.dir, "monday.sqlite");
    await backupClinicDb(c.db, target);
    must(
      logVisitEvent(c.db, {
        visitId: "V1",
        eventType: "VISIT_REGISTERED",
        performedBy: c.reception.id,
        metadata: { patientId: c.patientId },
      }),
    );
    const before = sha256OfFile(target);
    await expect(backupClinicDb(c.db, target)).rejects.toThrow(/already exists/);
    expect(sha256OfFile(target)).toBe(before);
    const r = await backupClinicDb(c.db, target, true);
    expect(r.events).toBe(1);
    const copy = openClinicDb(target);
    expect(copy.deviceId).toBe(c.db.deviceId);
    expect(getVisitTimeline(copy, "V1")).toHaveLength(1);
    copy.close();
  });

  it.each(foreignKinds)(
    "never overwrites a file that is not a clinic backup, even when asked: %s",
    async (kind) => {
      c = makeClinic();
      const target = join(c.dir, "precious.sqlite");
      const before = writeForeignFile(target, kind);
      await expect(backupClinicDb(c.db, target, true)).rejects.toThrow(/not a clinic database backup/);
      expect(sha256OfFile(target)).toBe(before);
      expect(filesBeside(target)).toEqual(["precious.sqlite"]);
    },
  );
});

import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { backupClinicDb } from "../../db/backup.js";
import { openClinicDb } from "../../db/open.js";
import { getVisitTimeline, logVisitEvent } from "../../db/visit-events.js";
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

  it("refuses to overwrite an existing file unless asked, and leaves it as it was", async () => {
    c = makeClinic();
    const target = join(c.dir, "taken.sqlite");
    writeFileSync(target, "precious");
    await expect(backupClinicDb(c.db, target)).rejects.toThrow(/already exists/);
    await backupClinicDb(c.db, target, true);
    const copy = openClinicDb(target);
    expect(copy.deviceId).toBe(c.db.deviceId);
    copy.close();
  });
});

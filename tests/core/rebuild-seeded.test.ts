import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createClinicFile } from "../../db/new-clinic-file.js";
import { openClinicDb } from "../../db/open.js";
import { rebuildReadModels } from "../../db/rebuild.js";
import { logMultipleEvents } from "../../db/visit-events.js";
import { longVisitEvents } from "../../seed/long-visit.js";
import { planClinic } from "../../seed/plan.js";
import { writeClinic } from "../../seed/write.js";
import { must, tempDir } from "../support/temp-db.js";

// A rebuild reads the log once, in position order, and folds each visit when its last event has been read. On a
// seeded clinic (hundreds of visits interleaved through the day, lab work and reminders days later, two long visits
// with snapshots) it must give exactly the tables the inline appends gave and find every snapshot right.

const { dir, cleanup } = tempDir("hms-rebuild-seeded-");
afterAll(cleanup);

const readModels = ["visits", "bills", "test_orders", "follow_ups", "visit_conflicts"];
const tables = (db: ReturnType<typeof openClinicDb>) =>
  Object.fromEntries(
    readModels.map((t) => [t, JSON.stringify(db.sqlite.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all())]),
  );

describe("hms rebuild on a seeded clinic", () => {
  it("gives the inline tables exactly, every visit and event counted, each long visit snapshotted whole", () => {
    const path = join(dir, "seeded.sqlite");
    const fresh = createClinicFile(path);
    const plan = planClinic({
      randomSeed: "rebuild-seeded",
      days: 4,
      visitsPerDay: 60,
      until: new Date("2026-02-11T23:30:00Z"),
    });
    const summary = must(writeClinic(fresh.db, plan, 4, { batchMinutes: 24 * 60, batchSize: 20_000 }));
    // Two long visits interleaved with each other, so each has a snapshot and neither's events are contiguous.
    const doctorId = plan.roster.doctors[0]?.id as string;
    const patientId = fresh.db.sqlite.prepare("SELECT id FROM patients LIMIT 1").pluck().get() as string;
    const a = longVisitEvents("LONG-A", 240, { patientId, doctorId });
    const b = longVisitEvents("LONG-B", 180, { patientId, doctorId });
    for (let i = 0; i < 240; i += 30) {
      must(logMultipleEvents(fresh.db, a.slice(i, i + 30)));
      if (i < 180) must(logMultipleEvents(fresh.db, b.slice(i, i + 30)));
    }
    fresh.finish();

    const db = openClinicDb(path, { create: false });
    try {
      const inline = tables(db);
      const schema = () => db.sqlite.prepare("SELECT type, name, sql FROM sqlite_master ORDER BY name").all();
      const schemaBefore = schema();
      expect(db.sqlite.prepare("SELECT COUNT(*) FROM visit_snapshots").pluck().get()).toBe(2);
      const progress: number[] = [];
      const report = rebuildReadModels(db, (p) => progress.push(p.done));
      expect(report.events).toBe(summary.events + 240 + 180);
      expect(report.visits).toBe(summary.visits + 2);
      expect(report.snapshotsChecked).toBe(2);
      expect(report.snapshotsRepaired).toEqual([]);
      expect(progress.at(-1)).toBe(report.visits);
      expect(tables(db)).toEqual(inline);
      // The reader-only indexes it set aside while writing are back, exactly as they were, and agree with the table.
      expect(schema()).toEqual(schemaBefore);
      expect(db.sqlite.pragma("integrity_check", { simple: true })).toBe("ok");
      // The snapshots now cover each long visit's whole log (the inline ones were written at earlier counts).
      expect(db.sqlite.prepare("SELECT visitId, eventCount FROM visit_snapshots ORDER BY 1").all()).toEqual([
        { visitId: "LONG-A", eventCount: 240 },
        { visitId: "LONG-B", eventCount: 180 },
      ]);
    } finally {
      db.close();
    }
  }, 120_000);
});

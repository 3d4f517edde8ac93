import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clinicAnalytics, parseDateRange } from "../../db/analytics.js";
import { analyticsOffThread } from "../../db/analytics-worker.js";
import { type ClinicDb, openClinicDb } from "../../db/open.js";
import { visitSummary } from "../../db/visit-summary.js";
import { planClinic } from "../../seed/plan.js";
import { writeClinic } from "../../seed/write.js";
import { tempDir } from "../support/temp-db.js";

// The analytics run on a worker thread with their own read-only connection: they give the figures the desk's own
// connection gives, and while they run the desk's thread keeps answering its small reads.

let db: ClinicDb;
let cleanup: () => void;
const now = new Date("2026-01-31T23:30:00.000Z");
const everything = (() => {
  const r = parseDateRange();
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
})();

beforeAll(() => {
  const temp = tempDir("hms-analytics-thread-");
  cleanup = temp.cleanup;
  db = openClinicDb(join(temp.dir, "clinic.sqlite"));
  const plan = planClinic({ randomSeed: "thread", days: 20, visitsPerDay: 60, until: now });
  const written = writeClinic(db, plan, 20, { batchMinutes: 24 * 60, batchSize: 20_000 });
  if (!written.ok) throw new Error(written.error.message);
}, 300_000);

afterAll(() => {
  db?.close();
  cleanup?.();
});

describe("analytics on a worker thread", () => {
  it("gives the same figures as the desk's own connection, for UTC and for local days", async () => {
    for (const localDays of [false, true]) {
      const inline = clinicAnalytics(db, everything, now, { localDays });
      const threaded = await analyticsOffThread(db, everything, now, { localDays });
      expect(threaded).toEqual(inline);
      expect(threaded.daily.reduce((n, d) => n + d.totalVisits, 0)).toBe(20 * 60);
    }
  }, 120_000);

  it("leaves the desk's thread free: small reads answer while the figures are worked out", async () => {
    const visitId = db.sqlite.prepare("SELECT id FROM visits LIMIT 1").pluck().get() as string;
    let finished = false;
    const run = analyticsOffThread(db, everything, now).then((a) => {
      finished = true;
      return a;
    });
    const answered: number[] = [];
    while (!finished) {
      const started = performance.now();
      expect(visitSummary(db, visitId)?.visitId).toBe(visitId);
      answered.push(performance.now() - started);
      await new Promise((r) => setTimeout(r, 1));
    }
    const figures = await run;
    expect(figures.consultation.sessions).toBeGreaterThan(0);
    // Had the run held this thread, not one read would have answered before it ended.
    expect(answered.length).toBeGreaterThan(5);
  }, 120_000);

  it("says what went wrong when the file cannot be read", async () => {
    const gone = { ...db, path: join(db.path, "..", "missing.sqlite") };
    await expect(analyticsOffThread(gone, everything, now)).rejects.toThrow(/analytics/i);
  }, 60_000);
});

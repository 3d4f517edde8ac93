import { execFileSync, spawnSync } from "node:child_process";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { singleDeskEventTypes } from "../../domain/catalog.js";
import { planClinic } from "../../seed/plan.js";
import { tempDir } from "../support/temp-db.js";

// `hms seed` as a user runs it: a real process writing a real file through the app's own write path.

const { dir, cleanup } = tempDir("hms-seed-");
afterAll(cleanup);

const options = { days: 3, visitsPerDay: 25, randomSeed: "clinic-42", until: "2026-02-11T23:30:00Z" };
const args = (file: string) => [
  "cli/bin.js",
  "seed",
  "--db",
  file,
  "--days",
  String(options.days),
  "--visits-per-day",
  String(options.visitsPerDay),
  "--random-seed",
  options.randomSeed,
  "--until",
  options.until,
];
const seed = (file: string) => spawnSync(process.execPath, args(file), { encoding: "utf8" });

// The seed's own SQL, exactly as the seed document prints it.
const mostCommonEventTypes = `SELECT eventType, COUNT(*) as count
FROM visit_events
GROUP BY eventType
ORDER BY count DESC;`;
const dailyVisitStatistics = `SELECT
  DATE(performedAt) as date,
  COUNT(DISTINCT visitId) as total_visits
FROM visit_events
WHERE eventType = 'VISIT_REGISTERED'
GROUP BY DATE(performedAt);`;

const eventColumns = `position, id, visitId, eventType, description, metadata, performedBy, performedAt,
  schemaVersion, recordedAt`;

describe("hms seed", () => {
  const first = join(dir, "first.sqlite");
  const second = join(dir, "second.sqlite");
  const run1 = seed(first);
  const run2 = seed(second);
  const db1 = new Database(first, { readonly: true });
  const db2 = new Database(second, { readonly: true });
  afterAll(() => {
    db1.close();
    db2.close();
  });
  const planned = [...planClinic({ ...options, until: new Date(options.until) }).days()].flatMap(
    (d) => d.events,
  );

  it("succeeds, says what it wrote on stdout and shows progress on stderr", () => {
    expect(run1.status, run1.stderr).toBe(0);
    expect(run1.stdout).toContain("75 visits");
    // What it reports is what the file holds, counted there, not what was planned.
    const inFile = db1.prepare("SELECT COUNT(*) FROM visits").pluck().get() as number;
    const events = db1.prepare("SELECT COUNT(*) FROM visit_events").pluck().get() as number;
    expect(run1.stdout).toContain(`${inFile} visits, ${events.toLocaleString("en")} events`);
    expect(run1.stdout).toContain("34 of 34 event types");
    expect(run1.stderr).toMatch(/Seeding: day 3\/3, 75 visits/);
  });

  it("writes every one of the 34 event types a single desk records", () => {
    const types = db1.prepare("SELECT DISTINCT eventType FROM visit_events").pluck().all();
    expect([...types].sort()).toEqual([...singleDeskEventTypes].sort());
  });

  it("answers the seed's 'most common event types' query, as written, with the planned counts", () => {
    const expected = new Map<string, number>();
    for (const e of planned) expected.set(e.eventType, (expected.get(e.eventType) ?? 0) + 1);
    const rows = db1.prepare(mostCommonEventTypes).all() as { eventType: string; count: number }[];
    expect(new Map(rows.map((r) => [r.eventType, r.count]))).toEqual(expected);
    expect(rows.map((r) => r.count)).toEqual([...rows.map((r) => r.count)].sort((a, b) => b - a));
    expect(rows.reduce((sum, r) => sum + r.count, 0)).toBe(planned.length);
  });

  it("answers the seed's 'daily visit statistics' query, as written: 25 visits on each of the 3 days", () => {
    expect(db1.prepare(dailyVisitStatistics).all()).toEqual([
      { date: "2026-02-09", total_visits: 25 },
      { date: "2026-02-10", total_visits: 25 },
      { date: "2026-02-11", total_visits: 25 },
    ]);
  });

  it("writes identical events for the same seed; only the device's own id and hash chain differ", () => {
    expect(run2.status, run2.stderr).toBe(0);
    const rows1 = db1.prepare(`SELECT ${eventColumns} FROM visit_events ORDER BY position`).all();
    const rows2 = db2.prepare(`SELECT ${eventColumns} FROM visit_events ORDER BY position`).all();
    expect(rows1.length).toBe(planned.length);
    expect(rows2).toEqual(rows1);
    expect(db2.prepare("SELECT * FROM visits ORDER BY id").all()).toEqual(
      db1.prepare("SELECT * FROM visits ORDER BY id").all(),
    );
  });

  it("went through the app's write path: read models filled, staff and patients registered, no conflicts", () => {
    const count = (sql: string) => db1.prepare(sql).pluck().get() as number;
    expect(count("SELECT COUNT(*) FROM visits")).toBe(75);
    expect(count("SELECT COUNT(*) FROM visit_conflicts")).toBe(0);
    expect(count("SELECT COUNT(*) FROM bills WHERE status = 'partial'")).toBeGreaterThan(0);
    expect(count("SELECT COUNT(*) FROM test_orders WHERE rejectedCount > 0")).toBeGreaterThan(0);
    expect(count("SELECT COUNT(*) FROM test_orders WHERE amendedCount > 0")).toBeGreaterThan(0);
    expect(count("SELECT COUNT(*) FROM follow_ups WHERE remindersSent > 0")).toBeGreaterThan(0);
    expect(
      count(
        "SELECT COUNT(*) FROM visit_events e LEFT JOIN staff s ON s.id = e.performedBy WHERE s.id IS NULL",
      ),
    ).toBe(0);
    expect(
      count(`SELECT COUNT(*) FROM visit_events e WHERE eventType = 'VISIT_REGISTERED'
        AND NOT EXISTS (SELECT 1 FROM patients p WHERE p.id = json_extract(e.metadata, '$.patientId'))`),
    ).toBe(0);
    // The hash chain is unbroken: each event names the hash of the one before it.
    expect(
      count(`SELECT COUNT(*) FROM visit_events e JOIN visit_events p ON p.position = e.position - 1
        WHERE e.prevHash IS NOT p.hash`),
    ).toBe(0);
  });

  it("refuses a file that already holds events and leaves it unchanged", () => {
    const before = db1.prepare("SELECT COUNT(*) FROM visit_events").pluck().get();
    const again = seed(first);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain(`already holds ${before} events`);
    expect(db1.prepare("SELECT COUNT(*) FROM visit_events").pluck().get()).toBe(before);
  });

  it("explains bad options instead of guessing", () => {
    const bad = spawnSync(
      process.execPath,
      ["cli/bin.js", "seed", "--db", join(dir, "x.sqlite"), "--days", "zero"],
      { encoding: "utf8" },
    );
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('--days must be a whole number, not "zero"');
    expect(execFileSync(process.execPath, ["cli/bin.js", "seed", "--help"], { encoding: "utf8" })).toContain(
      "--random-seed",
    );
  });
});

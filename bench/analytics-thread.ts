import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { clinicAnalytics, parseDateRange } from "../db/analytics.js";
import { analyticsOffThread } from "../db/analytics-worker.js";
import { lastPosition } from "../db/desk-sync.js";
import { openClinicDb } from "../db/open.js";
import { visitSummary, visitsRegisteredBetween } from "../db/visit-summary.js";
import { planClinic } from "../seed/plan.js";
import { writeClinic } from "../seed/write.js";
import { percentile } from "./stats.js";

// A desk's small request (one visit's summary, asked every 5 ms) while the analytics run over the whole file: on
// the desk's own thread, and on a worker thread. A request's time is from when it was due to when it answered, so
// waiting behind the analytics counts. Usage: tsx bench/analytics-thread.ts [days] [visitsPerDay]

const days = Number(process.argv[2] ?? 30);
const visitsPerDay = Number(process.argv[3] ?? 160);
const dir = mkdtempSync(join(tmpdir(), "hms-bench-thread-"));
const db = openClinicDb(join(dir, "clinic.sqlite"));
const now = new Date("2026-01-31T23:30:00.000Z");
const written = writeClinic(db, planClinic({ randomSeed: "thread", days, visitsPerDay, until: now }), days, {
  batchMinutes: 24 * 60,
  batchSize: 20_000,
});
if (!written.ok) throw new Error(written.error.message);
const range = parseDateRange();
if (!range.ok) throw new Error(range.error.message);
const events = lastPosition(db);
const [first] = visitsRegisteredBetween(db, { from: range.value.from, to: range.value.to, status: null });
if (!first) throw new Error("The seeded file has no visit.");
const visitId = first.visitId;

/** Requests fall due every 5 ms from the start; each is answered at the first moment the thread is free. */
async function smallRequestsDuring(
  run: () => Promise<unknown>,
): Promise<{ p50: number; p99: number; requests: number; runMs: number }> {
  const times: number[] = [];
  const started = performance.now();
  let due = started;
  const serve = () => {
    while (due <= performance.now()) {
      visitSummary(db, visitId);
      times.push(performance.now() - due);
      due += 5;
    }
  };
  const tick = setInterval(serve, 1);
  await run();
  const runMs = performance.now() - started;
  serve();
  clearInterval(tick);
  return { p50: percentile(times, 50), p99: percentile(times, 99), requests: times.length, runMs };
}

const onDeskThread = await smallRequestsDuring(
  () => new Promise((resolve) => setTimeout(() => resolve(clinicAnalytics(db, range.value, now)), 20)),
);
const onWorker = await smallRequestsDuring(() => analyticsOffThread(db, range.value, now));
console.log(JSON.stringify({ events, onDeskThread, onWorker }, null, 2));
db.close();
rmSync(dir, { recursive: true, force: true });

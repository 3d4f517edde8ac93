import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";
import { clinicAnalytics, type TimeBounds } from "./analytics.js";

// The analytics worker thread's body (started by db/analytics-worker.ts): its own read-only connection to the
// clinic file, so a long run over a year of events leaves the desk's one writer connection free for its requests.
// WAL lets this reader see the last committed state while the desk keeps writing.

export interface AnalyticsJob {
  path: string;
  bounds: TimeBounds;
  /** ISO time: "now" for the waits still running. */
  now: string;
  localDays: boolean;
  nativeBinding?: string;
}

const job = workerData as AnalyticsJob;
let sqlite: Database.Database | undefined;
try {
  sqlite = new Database(job.path, {
    readonly: true,
    fileMustExist: true,
    ...(job.nativeBinding ? { nativeBinding: job.nativeBinding } : {}),
  });
  sqlite.pragma("busy_timeout = 5000");
  parentPort?.postMessage({
    ok: true,
    value: clinicAnalytics({ sqlite }, job.bounds, new Date(job.now), { localDays: job.localDays }),
  });
} catch (err) {
  parentPort?.postMessage({ ok: false, message: err instanceof Error ? err.message : String(err) });
} finally {
  sqlite?.close();
}

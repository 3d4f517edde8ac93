import { Worker } from "node:worker_threads";
import { type ClinicAnalytics, clinicAnalytics, type TimeBounds } from "./analytics.js";
import type { AnalyticsJob } from "./analytics-thread.js";
import type { ClinicDb } from "./open.js";
import { workerEntry } from "./worker-entry.js";

// Runs the analytics on a worker thread with its own read-only connection: over a million events they take seconds,
// and on the desk's one thread every other request (the queue, a payment) would wait for them. An in-memory
// database cannot be opened twice, so it is answered on this thread, as it is in a build without the thread's module
// (the desktop bundle: its better-sqlite3 binary is chosen at run time by the main process).

/** Set by the command-line bundle (cli/build.ts) to the address of the thread's compiled module beside it. */
declare const __hmsAnalyticsThread: string | undefined;

const threadEntry = (): URL | null =>
  workerEntry(
    typeof __hmsAnalyticsThread === "string" ? __hmsAnalyticsThread : undefined,
    import.meta.url,
    "analytics-thread",
  );

export function analyticsOffThread(
  db: ClinicDb,
  bounds: TimeBounds,
  now: Date,
  options: { localDays?: boolean; nativeBinding?: string } = {},
): Promise<ClinicAnalytics> {
  const localDays = options.localDays ?? false;
  const entry = db.path === ":memory:" ? null : threadEntry();
  if (!entry) return Promise.resolve(clinicAnalytics(db, bounds, now, { localDays }));
  const job: AnalyticsJob = {
    path: db.path,
    bounds,
    now: now.toISOString(),
    localDays,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  };
  return new Promise((resolve, reject) => {
    const worker = new Worker(entry, { workerData: job });
    worker.once("message", (m: { ok: true; value: ClinicAnalytics } | { ok: false; message: string }) =>
      m.ok ? resolve(m.value) : reject(new Error(`The analytics could not be worked out: ${m.message}`)),
    );
    worker.once("error", (err: Error & { code?: string }) => {
      // A build that did not ship the thread's module (or the loader it needs) still answers, on this thread.
      if (err.code === "ERR_MODULE_NOT_FOUND" || err.code === "ERR_UNKNOWN_FILE_EXTENSION")
        resolve(clinicAnalytics(db, bounds, now, { localDays }));
      else reject(err);
    });
    worker.once("exit", (code) => {
      if (code !== 0) reject(new Error(`The analytics thread stopped (exit code ${code}).`));
    });
  });
}

import { Worker } from "node:worker_threads";
import type { ClinicDb } from "../db/open.js";
import { workerEntry } from "../db/worker-entry.js";
import type { AuditThreadJob, AuditThreadMessage, AuditThreadReply } from "./audit-thread.js";
import { type ExportJob, type ExportProgress, type WrittenExport, writeExportFile } from "./export-file.js";
import { type DbVerifyResult, verifyDatabase } from "./verify-db.js";

// Runs an audit export, or the check of a clinic file's chains, on a worker thread with its own read-only
// connection (as db/analytics-worker.ts does the analytics): over millions of events they take seconds to minutes,
// and on the desk's one thread every other request (the queue, a payment) would wait for them. An in-memory
// database cannot be opened twice, so it is worked on this thread, as it is in a build without the thread's module
// (the desktop bundle: its better-sqlite3 binary is chosen at run time by the main process). A failure in the
// thread comes back as the same error the work would have thrown here.

/** Set by the command-line bundle (cli/build.ts) to the address of the thread's compiled module beside it. */
declare const __hmsAuditThread: string | undefined;

const threadEntry = (): URL | null =>
  workerEntry(
    typeof __hmsAuditThread === "string" ? __hmsAuditThread : undefined,
    import.meta.url,
    "audit-thread",
  );

type Progress = (done: number, total: number, bytes?: number) => void;

/**
 * The thread's heap is kept small: what it holds at once is one page of rows and the text of a chunk, whatever the
 * size of the file, but left to itself V8 lets the garbage of a million records pile up (a FHIR export of 107,000
 * events peaked at 185-205 MB RSS, 125 MB with these limits, for about the same CPU time). Should it ever need more,
 * the thread stops with an out-of-memory error, which comes back as the export's failure.
 */
const heapLimits = { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 64 };

/** Runs `work` in the thread, or `here` on this thread when there is no thread to run it in. */
function onThread<T>(
  work: AuditThreadJob,
  progress: Progress | undefined,
  here: () => Promise<T>,
): Promise<T> {
  const entry = work.path === ":memory:" ? null : threadEntry();
  if (!entry) return here();
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const worker = new Worker(entry, { workerData: work, resourceLimits: heapLimits });
    const reply = (r: AuditThreadReply) => worker.postMessage(r);
    worker.on("message", (m: AuditThreadMessage) => {
      if (m.type === "progress") {
        // A progress callback that throws stops the work, as it would on this thread.
        try {
          progress?.(m.done, m.total, m.bytes);
          reply({ type: "taken" });
        } catch (err) {
          reply({ type: "stop", message: err instanceof Error ? err.message : String(err) });
        }
      } else {
        settled = true;
        if (m.type === "done") resolve(m.value as T);
        else reject(new Error(m.message));
      }
    });
    worker.once("error", (err: Error & { code?: string }) => {
      settled = true;
      // A build that did not ship the thread's module (or the loader it needs) still does the work, on this thread.
      if (err.code === "ERR_MODULE_NOT_FOUND" || err.code === "ERR_UNKNOWN_FILE_EXTENSION")
        here().then(resolve, reject);
      else reject(err);
    });
    worker.once("exit", (code) => {
      if (!settled) reject(new Error(`the audit thread stopped (exit code ${code})`));
    });
  });
}

/** Writes an export (audit/export-file.ts) off the desk's thread; resolves as writeExportFile does, or throws. */
export function exportOffThread(
  db: ClinicDb,
  job: ExportJob,
  onProgress?: (p: ExportProgress) => void,
  options: { nativeBinding?: string } = {},
): Promise<WrittenExport> {
  return onThread<WrittenExport>(
    { kind: "export", path: db.path, job, ...options },
    onProgress && ((done, total, bytes) => onProgress({ done, total, bytes: bytes ?? 0 })),
    () => writeExportFile(db, job, onProgress),
  );
}

/** Checks every hash chain of the clinic file at `db.path` off the desk's thread (audit/verify-db.ts). */
export function verifyDatabaseOffThread(
  db: ClinicDb,
  onProgress?: (done: number, total: number) => void,
  options: { nativeBinding?: string } = {},
): Promise<DbVerifyResult> {
  return onThread<DbVerifyResult>({ kind: "verify-db", path: db.path, ...options }, onProgress, async () =>
    verifyDatabase(db.sqlite, onProgress),
  );
}

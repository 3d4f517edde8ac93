import { parentPort, workerData } from "node:worker_threads";
import { openReadOnly, type ReadOnlyConnection } from "../db/read-only-connection.js";
import { type ExportJob, type ExportProgress, writeExportFile } from "./export-file.js";
import { verifyDatabase } from "./verify-db.js";

// The audit worker thread's body (started by audit/off-thread.ts): an export or a check of the clinic file's hash
// chains, on its own read-only connection, so a long run over millions of events leaves the desk's one connection
// free for its requests. Progress goes back as messages; the last message is the result or the failure's message.
// An export waits for each progress report to be taken (one message each way a page): a report the desk refuses
// (its callback threw) stops the export there, before anything is published, as it would on the desk's thread.

export type AuditThreadJob =
  | { kind: "export"; path: string; nativeBinding?: string; job: ExportJob }
  | { kind: "verify-db"; path: string; nativeBinding?: string };

/** From the thread to the desk. */
export type AuditThreadMessage =
  | { type: "progress"; done: number; total: number; bytes?: number }
  | { type: "done"; value: unknown }
  | { type: "failed"; message: string };

/** From the desk to the thread, answering an export's progress report. */
export type AuditThreadReply = { type: "taken" } | { type: "stop"; message: string };

const work = workerData as AuditThreadJob;
const post = (m: AuditThreadMessage) => parentPort?.postMessage(m);

let waiting: { taken: () => void; stop: (err: Error) => void } | null = null;
parentPort?.on("message", (m: AuditThreadReply) => {
  const w = waiting;
  waiting = null;
  if (m.type === "taken") w?.taken();
  else w?.stop(new Error(m.message));
});

const reported = (p: ExportProgress) =>
  new Promise<void>((taken, stop) => {
    waiting = { taken, stop };
    post({ type: "progress", ...p });
  });

let db: ReadOnlyConnection | undefined;
try {
  db = openReadOnly(work.path, work.nativeBinding);
  const value =
    work.kind === "export"
      ? await writeExportFile(db, work.job, reported)
      : verifyDatabase(db.sqlite, (done, total) => post({ type: "progress", done, total }));
  post({ type: "done", value });
} catch (err) {
  post({ type: "failed", message: err instanceof Error ? err.message : String(err) });
} finally {
  db?.sqlite.close();
  // Nothing more will come from the desk: the port must not keep the thread alive.
  parentPort?.unref();
}

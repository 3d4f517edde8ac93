import { openClinicDb } from "../../db/open.js";
import { createSyncJob, type SyncStatus } from "../../sync/job.js";
import { parseOptions } from "../args.js";

export const summary = "Sync this desk with its clinic's server once, or keep syncing with --watch";

const describe = (s: SyncStatus) =>
  `${s.state}: ${s.pending} pending, ${s.rejected} rejected, ${s.conflicts} conflicts` +
  (s.lastRound ? `; pushed ${s.lastRound.pushed}, pulled ${s.lastRound.pulled}` : "") +
  (s.clockOffsetMs !== null
    ? `; clock ${Math.round(s.clockOffsetMs / 1000)} s${s.clockFlagged ? " (FAR OFF)" : ""}`
    : "") +
  (s.lastError ? `; last error: ${s.lastError.message}` : "");

export async function run(args: string[]): Promise<number> {
  const { values } = parseOptions(args, {
    db: { type: "string" },
    watch: { type: "boolean" },
    help: { type: "boolean" },
  });
  if (values.help || !values.db) {
    console.log("Usage: hms sync --db FILE [--watch]");
    return values.help ? 0 : 2;
  }
  const db = openClinicDb(values.db, { create: false });
  const job = createSyncJob(db);
  try {
    if (!values.watch) {
      const s = await job.runNow();
      console.log(describe(s));
      return s.state === "idle" ? 0 : 1;
    }
    job.onStatus((s) => {
      if (s.state !== "syncing") console.log(`${new Date().toISOString()} ${describe(s)}`);
    });
    job.start();
    await new Promise<void>((resolve) => {
      process.once("SIGINT", () => resolve());
      process.once("SIGTERM", () => resolve());
    });
    return 0;
  } finally {
    await job.stop();
    db.close();
  }
}

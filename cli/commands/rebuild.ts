import { openClinicDb } from "../../db/open.js";
import { rebuildReadModels } from "../../db/rebuild.js";
import { parseOptions } from "../args.js";

export const summary = "Rebuild the read models (visits, bills, test orders, follow-ups) from the event log";

export async function run(args: string[]): Promise<number> {
  const { values } = parseOptions(args, { db: { type: "string" }, help: { type: "boolean" } });
  if (values.help || !values.db) {
    console.log("Usage: hms rebuild --db FILE");
    return values.help ? 0 : 2;
  }
  const db = openClinicDb(values.db, { create: false });
  try {
    const started = Date.now();
    const report = rebuildReadModels(db, ({ done, total }) => {
      if (process.stderr.isTTY) process.stderr.write(`\rRebuilding visits: ${done}/${total}`);
    });
    if (process.stderr.isTTY) process.stderr.write("\n");
    const ms = Math.max(1, Date.now() - started);
    const { read, fold, write } = report.ms;
    console.log(
      `Rebuilt the read models of ${report.visits} visits (${report.events} events) in ${ms} ms, ${Math.round((report.events * 1000) / ms)} events/s.`,
    );
    console.log(
      `  Reading the log ${Math.round(read)} ms, folding ${Math.round(fold)} ms, writing the read models ${Math.round(write)} ms, clearing and committing ${Math.max(0, Math.round(report.ms.total - read - fold - write))} ms.`,
    );
    const bad = report.snapshotsRepaired;
    if (bad.length === 0)
      console.log(`Checked ${report.snapshotsChecked} visit snapshots: each matched the fold of its events.`);
    else {
      console.log(`${bad.length} visit snapshots did not match their events and were written again:`);
      for (const m of bad) console.log(`  visit ${m.visitId}: ${m.reason}`);
    }
    return 0;
  } finally {
    db.close();
  }
}

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
    const { visits } = rebuildReadModels(db, ({ done, total }) => {
      if (process.stderr.isTTY) process.stderr.write(`\rRebuilding visits: ${done}/${total}`);
    });
    if (process.stderr.isTTY) process.stderr.write("\n");
    console.log(`Rebuilt the read models of ${visits} visits in ${Date.now() - started} ms.`);
    return 0;
  } finally {
    db.close();
  }
}

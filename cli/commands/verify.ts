import { verifyDatabaseOffThread } from "../../audit/off-thread.js";
import { openClinicDb } from "../../db/open.js";
import { parseOptions } from "../args.js";

export const summary = "Recompute every hash chain in a clinic database and report the first break";

export async function run(args: string[]): Promise<number> {
  const { values } = parseOptions(args, { db: { type: "string" }, help: { type: "boolean" } });
  if (values.help || !values.db) {
    (values.help ? console.log : console.error)("Usage: hms verify --db FILE");
    return values.help ? 0 : 2;
  }
  // Read-only: a check must not migrate, make keys or otherwise touch the file it is judging.
  const db = openClinicDb(values.db, { readonly: true });
  try {
    const r = await verifyDatabaseOffThread(db, (done, total) => {
      if (process.stderr.isTTY) process.stderr.write(`\rChecking ${done}/${total} records`);
    });
    if (process.stderr.isTTY) process.stderr.write("\n");
    if (r.ok) {
      console.log(r.summary);
      return 0;
    }
    console.error(`FAILED ${values.db}: ${r.problem}`);
    return 1;
  } finally {
    db.close();
  }
}

import { backupClinicDb } from "../../db/backup.js";
import { openClinicDb } from "../../db/open.js";
import { parseOptions } from "../args.js";

export const summary = "Make a checked online backup of a clinic database";

export async function run(args: string[]): Promise<number> {
  const { values } = parseOptions(args, {
    db: { type: "string" },
    to: { type: "string" },
    force: { type: "boolean" },
    help: { type: "boolean" },
  });
  if (values.help || !values.db || !values.to) {
    console.log("Usage: hms backup --db FILE --to BACKUP_FILE [--force]");
    return values.help ? 0 : 2;
  }
  const db = openClinicDb(values.db, { create: false });
  try {
    const r = await backupClinicDb(db, values.to, values.force ?? false);
    console.log(`Backed up ${r.events} events to ${r.path} (checked).`);
    return 0;
  } finally {
    db.close();
  }
}

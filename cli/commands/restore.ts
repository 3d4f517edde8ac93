import { RestoreRefused, restoreClinicDb } from "../../db/restore.js";
import { parseOptions } from "../args.js";

export const summary = "Restore a checked backup into a new database file (never over an existing one)";

const usage = `Usage: clinic-hms restore --from BACKUP --db NEW_FILE

  Checks the backup first (full integrity check, that it is a clinic database, every hash chain), then copies it
  into NEW_FILE, which must not exist yet: a restore never replaces a file, so never the database an app has open.
  Then point the app at NEW_FILE (npm run web -- --db NEW_FILE, or move it into the data folder while the app is
  closed).`;

export async function run(args: string[]): Promise<number> {
  const { values } = parseOptions(args, {
    from: { type: "string" },
    db: { type: "string" },
    help: { type: "boolean" },
  });
  if (values.help || !values.from || !values.db) {
    (values.help ? console.log : console.error)(usage);
    return values.help ? 0 : 2;
  }
  try {
    const r = await restoreClinicDb(values.from, values.db);
    console.log(
      `Restored ${r.events} events from ${values.from} into ${r.path} (integrity checked, ${r.chains} hash chains verified${
        r.lastEventId ? `, last event ${r.lastEventId}` : ""
      }).`,
    );
    return 0;
  } catch (err) {
    if (!(err instanceof RestoreRefused)) throw err;
    console.error(`clinic-hms restore: ${err.message}`);
    return 1;
  }
}

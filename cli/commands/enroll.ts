import { openClinicDb } from "../../db/open.js";
import { enrolDesk } from "../../sync/enroll.js";
import { parseOptions } from "../args.js";

export const summary = "Enrol this desk's database with a clinic's sync server using a one-time code";

const usage = `Usage: hms enroll --db FILE --server URL --code CODE [--name "Reception 1"] [--ca FILE]
  --server  the sync server, e.g. https://sync.clinic.example or http://192.168.1.10:8787
  --code    the one-time enrolment code from the administrator (hms sync-server enrolment-code)
  --ca      a PEM certificate to trust, when the server uses a self-signed certificate`;

export async function run(args: string[]): Promise<number> {
  const { values } = parseOptions(args, {
    db: { type: "string" },
    server: { type: "string" },
    code: { type: "string" },
    name: { type: "string" },
    ca: { type: "string" },
    help: { type: "boolean" },
  });
  if (values.help || !values.db || !values.server || !values.code) {
    console.log(usage);
    return values.help ? 0 : 2;
  }
  const db = openClinicDb(values.db);
  try {
    const result = await enrolDesk(db, {
      serverUrl: values.server,
      code: values.code,
      deviceName: values.name ?? `Desk ${db.deviceId.slice(-6)}`,
      caFile: values.ca ?? null,
    });
    if (!result.ok) {
      console.error(`clinic-hms enroll: ${result.message} (${result.code})`);
      return 1;
    }
    console.log(
      `Enrolled device ${result.deviceId} with clinic "${result.clinicName}" (${result.clinicId}).`,
    );
    return 0;
  } finally {
    db.close();
  }
}

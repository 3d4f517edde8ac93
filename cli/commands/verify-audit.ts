import { verifyExport } from "../../audit/verify-export.js";
import { parseOptions } from "../args.js";

export const summary =
  "Check an audit export and its signed manifest, with no database: every hash, link and count";

const usage = `Usage: clinic-hms verify-audit FILE [--manifest FILE.manifest.json] [--fingerprint HEX] [--server-key KEY]

  --manifest FILE     the manifest, if it is not beside the export as FILE.manifest.json
  --fingerprint HEX   the device key fingerprint you trust (from the clinic); the manifest must be signed by it
  --server-key KEY    the sync server's key you trust (\`clinic-hms sync-server key\` prints it); the export's
                      server checkpoint must be signed by it
Exits 0 with a one-line summary when everything holds (it says what was checked against a key you gave and
what was not); 1 naming the first bad line and why.`;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    manifest: { type: "string" },
    fingerprint: { type: "string" },
    "server-key": { type: "string" },
    help: { type: "boolean" },
  });
  const file = positionals[0];
  if (values.help || !file || positionals.length > 1) {
    (values.help ? console.log : console.error)(usage);
    return values.help ? 0 : 2;
  }
  const r = await verifyExport(file, {
    manifestPath: values.manifest,
    fingerprint: values.fingerprint,
    serverKey: values["server-key"],
  });
  if (r.ok) {
    console.log(r.summary);
    return 0;
  }
  console.error(
    r.line === null
      ? `FAILED ${file}: ${r.problem}`
      : `FAILED ${file}:${r.line}: line ${r.line} ${r.problem}`,
  );
  return 1;
}

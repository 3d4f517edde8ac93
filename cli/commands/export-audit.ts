import { SingleBar } from "cli-progress";
import { exportAudit } from "../../audit/export.js";
import type { ExportFormatName } from "../../audit/formats/format.js";
import { openClinicDb } from "../../db/open.js";
import { parseOptions } from "../args.js";

export const summary =
  "Export the audit log (NDJSON, CSV or FHIR) with a signed manifest an auditor can verify";

const usage = `Usage: hms export-audit --db FILE --out FILE --by STAFF_ID [options]

  --format ndjson|csv|fhir   ndjson (canonical, default), csv (spreadsheets) or fhir (R4 Bundle of AuditEvent)
  --from DATE|TIME           first day (or moment) included, by when the step happened (UTC)
  --to DATE|TIME             last day included, or the moment the export stops before
  --visit ID                 one visit's events
  --patient ID               every visit of one patient
  --performer STAFF_ID       steps done by one member of staff
  --type EVENT_TYPE          only this event type (repeat for more)
  --include-security         add the security log (sign-ins, exports, staff changes)
  --force                    replace FILE if it exists
Writes FILE and FILE.manifest.json; check them with \`clinic-hms verify-audit FILE\`. A refused export (bad
option, unknown staff id, no such folder, file already there) is written to the security log as
audit_export_refused.`;

export async function run(args: string[]): Promise<number> {
  const { values } = parseOptions(args, {
    db: { type: "string" },
    out: { type: "string" },
    by: { type: "string" },
    format: { type: "string", default: "ndjson" },
    from: { type: "string" },
    to: { type: "string" },
    visit: { type: "string" },
    patient: { type: "string" },
    performer: { type: "string" },
    type: { type: "string", multiple: true },
    "include-security": { type: "boolean" },
    force: { type: "boolean" },
    help: { type: "boolean" },
  });
  if (values.help || !values.db || !values.out || !values.by) {
    (values.help ? console.log : console.error)(usage);
    return values.help ? 0 : 2;
  }
  const db = openClinicDb(values.db, { create: false });
  // The format is checked by the export itself, so that a refused one is audited like any other refusal.
  // The bar goes to stderr, so stdout carries only the summary line (scripts can capture it).
  const bar = process.stderr.isTTY
    ? new SingleBar({
        stream: process.stderr,
        format: "Exporting {bar} {percentage}% | {value}/{total} records",
      })
    : null;
  try {
    const r = await exportAudit(
      db,
      {
        file: values.out,
        format: values.format as ExportFormatName,
        exportedBy: values.by,
        from: values.from,
        to: values.to,
        visitId: values.visit,
        patientId: values.patient,
        performedBy: values.performer,
        eventTypes: values.type,
        includeSecurity: values["include-security"] ?? false,
        force: values.force ?? false,
      },
      (p) => {
        if (!bar) return;
        if (!bar.isActive) bar.start(p.total, 0);
        bar.update(p.done);
      },
    );
    bar?.stop();
    if (!r.ok) {
      console.error(`clinic-hms export-audit: ${r.error.message}`);
      return r.error.code === "INVALID_OPTIONS" ? 2 : 1;
    }
    const s = r.value;
    console.log(
      `Exported ${s.records} records to ${s.file} (${s.format}, ${s.bytes} bytes, sha256 ${s.sha256}) in ${s.durationMs} ms; manifest ${s.manifestFile} signed by key ${s.fingerprint}.`,
    );
    return 0;
  } finally {
    bar?.stop();
    db.close();
  }
}

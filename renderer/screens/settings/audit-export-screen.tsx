import { FileDown } from "lucide-react";
import { type FormEvent, useState } from "react";
import type { OutputOf } from "../../../api/contract.js";
import {
  Button,
  FormError,
  Panel,
  SelectField,
  TextField,
  useCommand,
  useToast,
} from "../../components/index.js";
import { useT } from "../../i18n/index.js";

// The administrator's audit export: choose the period, the format and whether to add the security log; the file
// and its signed manifest are written to the data folder's exports/ and the export itself is recorded.

export function AuditExportScreen() {
  const t = useT();
  const run = useCommand("exportAuditLog");
  const notify = useToast();
  const [format, setFormat] = useState("ndjson");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [security, setSecurity] = useState(true);
  const [result, setResult] = useState<OutputOf<"exportAuditLog"> | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setResult(null);
    const r = await run.run({
      format: format as "ndjson",
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      includeSecurity: security,
    });
    if (r) {
      setResult(r);
      notify(t("{n, plural, one {# record exported} other {# records exported}}", { n: r.records }));
    }
  };
  return (
    <div className="hms-screen">
      <div className="hms-screen-head">
        <h1>{t("Audit export")}</h1>
      </div>
      <div className="hms-columns hms-even">
        <Panel title={t("What to export")}>
          <form className="hms-form" onSubmit={submit} aria-label={t("Audit export")}>
            <div className="hms-form-row">
              <TextField
                label={t("From day")}
                type="date"
                value={from}
                onChange={(e) => setFrom(e.target.value)}
                error={run.fieldErrors.from}
              />
              <TextField
                label={t("To day")}
                type="date"
                value={to}
                onChange={(e) => setTo(e.target.value)}
                error={run.fieldErrors.to}
              />
            </div>
            <SelectField
              label={t("Format")}
              value={format}
              onChange={(e) => setFormat(e.target.value)}
              options={[
                { value: "ndjson", label: t("NDJSON (one record per line)") },
                { value: "csv", label: t("CSV (spreadsheets)") },
                { value: "fhir", label: t("FHIR R4 AuditEvent bundle") },
              ]}
            />
            <label className="hms-check">
              <input type="checkbox" checked={security} onChange={(e) => setSecurity(e.target.checked)} />
              {t("Include the security log (sign-ins, locks, staff changes, exports)")}
            </label>
            <FormError message={run.formError} />
            <div className="hms-actions">
              <Button type="submit" variant="primary" icon={FileDown} busy={run.busy}>
                {run.busy ? t("Exporting…") : t("Run the export")}
              </Button>
            </div>
          </form>
        </Panel>
        <Panel title={t("Result")}>
          {result ? (
            <dl
              className="hms-facts"
              style={{ flexDirection: "column", gap: 10 }}
              aria-label={t("Export result")}
            >
              <div>
                <dt>{t("File")}</dt>
                <dd style={{ wordBreak: "break-all" }}>{result.file}</dd>
              </div>
              <div>
                <dt>{t("Manifest")}</dt>
                <dd style={{ wordBreak: "break-all" }}>{result.manifestFile}</dd>
              </div>
              <div>
                <dt>{t("Records")}</dt>
                <dd className="hms-figure">{result.records}</dd>
              </div>
              <div>
                <dt>SHA-256</dt>
                <dd style={{ wordBreak: "break-all", fontFamily: "monospace" }}>{result.sha256}</dd>
              </div>
              <div>
                <dt>{t("Signing key fingerprint")}</dt>
                <dd style={{ wordBreak: "break-all", fontFamily: "monospace" }}>{result.fingerprint}</dd>
              </div>
            </dl>
          ) : (
            <p className="hms-muted">
              {t("The file, its manifest and its SHA-256 appear here when the export is done.")}
            </p>
          )}
        </Panel>
      </div>
    </div>
  );
}

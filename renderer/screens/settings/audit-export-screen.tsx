import { FileDown } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import type { OutputOf } from "../../../api/contract.js";
import {
  Button,
  FormFooter,
  Panel,
  SelectField,
  TechnicalDetails,
  TextField,
  useCommandForm,
  useToast,
} from "../../components/index.js";
import { useT } from "../../i18n/index.js";

// The administrator's audit export: choose the period, the format and whether to add the security log; the file
// and its signed manifest are written to the data folder's exports/ and the export itself is recorded.

export function AuditExportScreen() {
  const t = useT();
  const notify = useToast();
  const [result, setResult] = useState<OutputOf<"exportAuditLog"> | null>(null);
  const resultPanel = useRef<HTMLDListElement>(null);
  const form = useCommandForm("exportAuditLog", {
    defaultValues: { from: "", to: "", format: "ndjson", includeSecurity: true },
    toInput: (f) => ({
      format: f.format as "ndjson",
      ...(f.from ? { from: f.from } : {}),
      ...(f.to ? { to: f.to } : {}),
      includeSecurity: f.includeSecurity,
    }),
    onDone: (r) => {
      setResult(r);
      notify(t("{n, plural, one {# record exported} other {# records exported}}", { n: r.records }));
    },
  });
  // What the person reads next is the result: it takes the focus once it is drawn.
  useEffect(() => {
    if (result) resultPanel.current?.focus();
  }, [result]);
  return (
    <div className="hms-screen">
      <div className="hms-screen-head">
        <h1>{t("Audit export")}</h1>
      </div>
      <div className="hms-columns hms-even">
        <Panel title={t("What to export")}>
          <form className="hms-form" onSubmit={form.submit} aria-label={t("Audit export")} noValidate>
            <div className="hms-form-row">
              <TextField
                label={t("From day")}
                type="date"
                {...form.register("from")}
                error={form.errorOf("from")}
              />
              <TextField
                label={t("To day")}
                type="date"
                {...form.register("to")}
                error={form.errorOf("to")}
              />
            </div>
            <SelectField
              label={t("Format")}
              {...form.register("format")}
              options={[
                { value: "ndjson", label: t("NDJSON (one record per line)") },
                { value: "csv", label: t("CSV (spreadsheets)") },
                { value: "fhir", label: t("FHIR R4 AuditEvent bundle") },
              ]}
            />
            <label className="hms-check">
              <input type="checkbox" {...form.register("includeSecurity")} />
              {t("Include the security log (sign-ins, locks, staff changes, exports)")}
            </label>
            <FormFooter
              form={form}
              label={form.formState.isSubmitting ? t("Exporting…") : t("Run the export")}
              icon={FileDown}
            />
          </form>
        </Panel>
        <Panel title={t("Result")}>
          {result ? (
            <div className="hms-stack">
              <dl
                ref={resultPanel}
                tabIndex={-1}
                className="hms-facts"
                style={{ flexDirection: "column", gap: 10 }}
                aria-label={t("Export result")}
              >
                <div>
                  <dt>{t("Records")}</dt>
                  <dd className="hms-figure">{result.records}</dd>
                </div>
              </dl>
              <TechnicalDetails
                facts={[
                  { label: t("File"), value: result.file },
                  { label: t("Manifest"), value: result.manifestFile },
                  { label: "SHA-256", value: result.sha256 },
                  { label: t("Signing key fingerprint"), value: result.fingerprint },
                ]}
              />
            </div>
          ) : (
            <p className="hms-muted">
              {t(
                "The number of records and, under technical details, the file and its SHA-256 appear here when the export is done.",
              )}
            </p>
          )}
        </Panel>
      </div>
    </div>
  );
}

import { Plus } from "lucide-react";
import { useFieldArray, useWatch } from "react-hook-form";
import { flagOf } from "../../../reports/result-flag.js";
import { Button, type CommandForm } from "../../components/index.js";
import { flagTexts } from "../../i18n/contract-words.js";
import { useT } from "../../i18n/index.js";
import type { ResultRow } from "../consultation/lab-results.js";

// Result rows as the technician types them: analyte, value, unit and reference range come from the catalogue, the
// flag follows the value as it is typed. Values that read as numbers are sent as numbers.

export interface TypedResult {
  analyte: string;
  value: string;
  unit: string;
  referenceLow: string;
  referenceHigh: string;
  referenceRange: string;
}

export const typedFrom = (r: Partial<ResultRow>): TypedResult => ({
  analyte: r.analyte ?? "",
  value: r.value === undefined ? "" : String(r.value),
  unit: r.unit ?? "",
  referenceLow: r.referenceLow === undefined ? "" : String(r.referenceLow),
  referenceHigh: r.referenceHigh === undefined ? "" : String(r.referenceHigh),
  referenceRange: r.referenceRange ?? "",
});

const n = (s: string) => (s.trim() === "" || Number.isNaN(Number(s)) ? undefined : Number(s));

export function toResult(t: TypedResult): ResultRow {
  const value = n(t.value) ?? t.value.trim();
  return {
    analyte: t.analyte.trim(),
    value,
    ...(t.unit.trim() ? { unit: t.unit.trim() } : {}),
    ...(n(t.referenceLow) !== undefined ? { referenceLow: n(t.referenceLow) } : {}),
    ...(n(t.referenceHigh) !== undefined ? { referenceHigh: n(t.referenceHigh) } : {}),
    ...(t.referenceRange.trim() ? { referenceRange: t.referenceRange.trim() } : {}),
  } as ResultRow;
}

/** The values of a form that types results (entering them, or amending them with a reason). */
export interface TypedResults {
  results: TypedResult[];
}

export function ResultsEntry<F extends TypedResults>({ form }: { form: CommandForm<F> }) {
  const t = useT();
  // One form shape for both uses: the generic form is read through its results part.
  const results = form as unknown as CommandForm<TypedResults>;
  const rows = useFieldArray({ control: results.control, name: "results" });
  const typed = useWatch({ control: results.control, name: "results" }) ?? [];
  return (
    <div className="hms-stack" style={{ gap: 8 }}>
      <table className="hms-table" aria-label={t("Results to enter")}>
        <thead>
          <tr>
            <th scope="col">{t("Analyte")}</th>
            <th scope="col">{t("Value")}</th>
            <th scope="col">{t("Unit")}</th>
            <th scope="col">{t("Reference")}</th>
            <th scope="col">{t("Flag")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.fields.map((row, i) => {
            const r = typed[i] ?? typedFrom({});
            const flag = r.value.trim() ? flagOf(toResult(r)) : undefined;
            const error = results.errorOf(`results.${i}.value`) ?? results.errorOf(`results.${i}.analyte`);
            const analyte = r.analyte || t("analyte {n}", { n: i + 1 });
            return (
              <tr key={row.id}>
                <td>
                  <input
                    className="hms-input"
                    aria-label={t("Analyte {n}", { n: i + 1 })}
                    {...results.register(`results.${i}.analyte`)}
                  />
                </td>
                <td>
                  <input
                    className="hms-input"
                    aria-label={t("Value of {analyte}", { analyte })}
                    {...results.register(`results.${i}.value`)}
                    aria-invalid={error ? true : undefined}
                    style={{ width: 110 }}
                  />
                  {error ? <div className="hms-field-error">{error}</div> : null}
                </td>
                <td>
                  <input
                    className="hms-input"
                    aria-label={t("Unit of {analyte}", { analyte })}
                    {...results.register(`results.${i}.unit`)}
                    style={{ width: 90 }}
                  />
                </td>
                <td className="hms-muted">
                  {r.referenceRange ||
                    (r.referenceLow || r.referenceHigh
                      ? `${r.referenceLow || "…"} – ${r.referenceHigh || "…"}`
                      : "—")}
                </td>
                <td className={flag && flag !== "normal" ? `hms-flag-${flag}` : undefined}>
                  {flag ? t(flagTexts[flag]) : ""}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="hms-actions">
        <Button size="small" icon={Plus} onClick={() => rows.append(typedFrom({}))}>
          {t("Another analyte")}
        </Button>
      </div>
    </div>
  );
}

/** The rows worth sending: a row left empty (an extra one added by mistake) is not a result. */
export const resultsOf = (rows: readonly TypedResult[]) =>
  rows.filter((r) => r.analyte.trim() || r.value.trim()).map(toResult);

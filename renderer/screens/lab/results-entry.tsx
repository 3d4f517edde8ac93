import { Plus } from "lucide-react";
import { useState } from "react";
import { flagOf } from "../../../reports/result-flag.js";
import { Button } from "../../components/index.js";
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

export function ResultsEntry({
  rows,
  onChange,
  errors,
}: {
  rows: TypedResult[];
  onChange: (rows: TypedResult[]) => void;
  errors: Record<string, string>;
}) {
  const t = useT();
  const [extra, setExtra] = useState(0);
  const set = (i: number, k: keyof TypedResult) => (e: { target: { value: string } }) =>
    onChange(rows.map((r, j) => (j === i ? { ...r, [k]: e.target.value } : r)));
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
          {rows.map((r, i) => {
            const flag = r.value.trim() ? flagOf(toResult(r)) : undefined;
            const error = errors[`results.${i}.value`] ?? errors[`results.${i}.analyte`];
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are only added at the end, so a position stays one row
              <tr key={i}>
                <td>
                  <input
                    className="hms-input"
                    aria-label={t("Analyte {n}", { n: i + 1 })}
                    value={r.analyte}
                    onChange={set(i, "analyte")}
                  />
                </td>
                <td>
                  <input
                    className="hms-input"
                    aria-label={t("Value of {analyte}", {
                      analyte: r.analyte || t("analyte {n}", { n: i + 1 }),
                    })}
                    value={r.value}
                    onChange={set(i, "value")}
                    aria-invalid={error ? true : undefined}
                    style={{ width: 110 }}
                  />
                  {error ? <div className="hms-field-error">{error}</div> : null}
                </td>
                <td>
                  <input
                    className="hms-input"
                    aria-label={t("Unit of {analyte}", {
                      analyte: r.analyte || t("analyte {n}", { n: i + 1 }),
                    })}
                    value={r.unit}
                    onChange={set(i, "unit")}
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
        <Button
          size="small"
          icon={Plus}
          onClick={() => {
            setExtra(extra + 1);
            onChange([...rows, typedFrom({})]);
          }}
        >
          {t("Another analyte")}
        </Button>
      </div>
    </div>
  );
}

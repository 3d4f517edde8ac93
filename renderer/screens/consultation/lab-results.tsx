import { FileDown } from "lucide-react";
import type { OutputOf } from "../../../api/contract.js";
import { flagOf, flagWords, rangeText } from "../../../reports/result-flag.js";
import { Button, LabStatusBadge, QueryState, useClinic, useClinicQuery } from "../../components/index.js";
import { useT } from "../../i18n/index.js";

// The tests of one visit and, once the lab has approved them, their results, abnormal values flagged.

export type WorklistRow = OutputOf<"labWorklist">["tests"][number];

export interface ResultRow {
  analyte: string;
  value: number | string;
  unit?: string;
  referenceLow?: number;
  referenceHigh?: number;
  referenceRange?: string;
  flag?: "normal" | "low" | "high" | "abnormal" | "critical";
}

export function ResultsTable({ results, label }: { results: readonly ResultRow[]; label: string }) {
  const t = useT();
  return (
    <table className="hms-table" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">{t("Analyte")}</th>
          <th scope="col">{t("Result")}</th>
          <th scope="col">{t("Reference")}</th>
          <th scope="col">{t("Flag")}</th>
        </tr>
      </thead>
      <tbody>
        {results.map((r) => {
          const flag = flagOf(r);
          const cls = flag && flag !== "normal" ? `hms-flag-${flag}` : undefined;
          return (
            <tr key={r.analyte}>
              <td>{r.analyte}</td>
              <td className={cls}>
                {String(r.value)} {r.unit ?? ""}
              </td>
              <td className="hms-muted">{rangeText(r)}</td>
              <td className={cls}>{flag ? flagWords[flag] : ""}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export async function openReport(
  client: ReturnType<typeof useClinic>["client"],
  visitId: string,
  testOrderId: string,
) {
  const r = await client.call("labReportFile", { visitId, testOrderId });
  if (!r.ok) return r.error.message;
  const bytes = Uint8Array.from(atob(r.value.base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: "application/pdf" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = r.value.fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return null;
}

const released = ["approved", "reported", "delivered"];

export function VisitTests({ visitId }: { visitId: string }) {
  const t = useT();
  const { client } = useClinic();
  const live = useClinicQuery("labWorklist", { visitId, includeDone: true });
  const tests = live.data?.tests ?? [];
  if (!live.isSuccess) return <QueryState of={live} what="the tests" />;
  if (tests.length === 0) return <p className="hms-muted">{t("No tests ordered on this visit.")}</p>;
  return (
    <div className="hms-stack">
      {tests.map((test) => (
        <section
          key={test.testOrderId}
          aria-label={t("Test {name}", { name: test.name ?? "" })}
          className="hms-stack"
          style={{ gap: 6 }}
        >
          <div className="hms-actions">
            <span className="hms-strong">{test.name}</span>
            <LabStatusBadge status={test.status} />
            {test.status === "reported" || test.status === "delivered" ? (
              <Button
                size="small"
                variant="ghost"
                icon={FileDown}
                onClick={() => void openReport(client, visitId, test.testOrderId)}
              >
                {t("Report PDF")}
              </Button>
            ) : null}
          </div>
          {released.includes(test.status) && test.results ? (
            <ResultsTable
              results={test.results as ResultRow[]}
              label={t("Results of {name}", { name: test.name ?? "" })}
            />
          ) : (
            <span className="hms-muted">{t("Results appear here when the lab approves them.")}</span>
          )}
        </section>
      ))}
    </div>
  );
}

import { useT } from "../i18n/index.js";
import { useClinic } from "./clinic-context.js";

// File paths, SHA-256 values and key fingerprints matter to whoever checks the records, not to the counter: they
// are folded away for administrators and not shown to anyone else.

export interface TechnicalFact {
  label: string;
  value: string;
}

export function TechnicalDetails({ facts }: { facts: readonly TechnicalFact[] }) {
  const t = useT();
  const { staff } = useClinic();
  if (staff.role !== "admin" || facts.length === 0) return null;
  return (
    <details className="hms-technical">
      <summary>{t("Technical details")}</summary>
      <dl>
        {facts.map((f) => (
          <div key={f.label}>
            <dt>{f.label}</dt>
            <dd>{f.value}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

import { Search, UserPlus } from "lucide-react";
import { useEffect, useState } from "react";
import type { OutputOf } from "../../../api/contract.js";
import { Button, DataTable, Panel, QueryState, TextField, useClinicQuery } from "../../components/index.js";
import { useT } from "../../i18n/index.js";
import { ageOf, sexWords } from "../shared/format.js";

export type Patient = OutputOf<"searchPatients">["patients"][number];

/** Waits until typing pauses, so a search runs once per pause rather than once per key. */
function useSettled<T>(value: T, ms = 200): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return settled;
}

export function PatientFinder({
  selectedId,
  onSelect,
  onNewPatient,
}: {
  selectedId: string | null;
  onSelect: (p: Patient) => void;
  onNewPatient: (typed: string) => void;
}) {
  const t = useT();
  const [query, setQuery] = useState("");
  const settled = useSettled(query);
  const live = useClinicQuery("searchPatients", { query: settled, limit: 8 }, { keepPrevious: true });
  const patients = live.data?.patients ?? [];
  return (
    <Panel
      title={t("Find a patient")}
      actions={
        <Button size="small" icon={UserPlus} onClick={() => onNewPatient(query)}>
          {t("New patient")}
        </Button>
      }
    >
      <search>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const first = patients[0];
            if (first) onSelect(first);
          }}
        >
          <TextField
            label={t("Name, phone or patient number")}
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder={t("Start typing…")}
            autoFocus
            hint={t("Enter picks the first match.")}
          />
        </form>
      </search>
      <QueryState of={live} what="patients" />
      <DataTable
        caption={
          settled ? t("Patients matching “{query}”", { query: settled }) : t("Recently registered patients")
        }
        columns={[
          {
            header: t("Patient"),
            cell: (p) => (
              <div>
                <div className="hms-strong hms-name" dir="auto" title={p.name}>
                  {p.name}
                </div>
                <div className="hms-muted">{p.patientNumber}</div>
              </div>
            ),
          },
          {
            header: t("Sex / age"),
            cell: (p) => `${t(sexWords[p.sex] ?? p.sex)}${p.dateOfBirth ? `, ${ageOf(p.dateOfBirth)}` : ""}`,
          },
          { header: t("Phone"), cell: (p) => p.phone ?? "—" },
          {
            header: "",
            cell: (p) => (
              <Button
                size="small"
                variant={p.id === selectedId ? "primary" : "secondary"}
                icon={Search}
                aria-label={
                  p.id === selectedId
                    ? t("Chosen: {name}", { name: p.name })
                    : t("Choose {name}", { name: p.name })
                }
                onClick={() => onSelect(p)}
              >
                {p.id === selectedId ? t("Chosen") : t("Choose")}
              </Button>
            ),
          },
        ]}
        rows={patients}
        rowKey={(p) => p.id}
        selectedKey={selectedId}
        empty={settled ? t("No patient matches. Register a new one.") : t("No patients yet.")}
      />
    </Panel>
  );
}

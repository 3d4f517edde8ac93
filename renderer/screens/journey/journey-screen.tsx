import { useState } from "react";
import {
  DataTable,
  Panel,
  QueryState,
  TextField,
  useClinicQuery,
  VisitStatusBadge,
} from "../../components/index.js";
import { useT } from "../../i18n/index.js";
import { useAddressedChoice, useAddressedVisit } from "../../shell/addresses.js";
import { timeOf, today } from "../shared/format.js";
import { JourneyView } from "../shared/journey-view.js";

// Any visit's whole story: pick a day and a visit, read every step in order with who did it and how long each
// stretch took. Voided steps stay, struck through. Mistakes are mended here, by the roles allowed.

export function JourneyScreen() {
  const t = useT();
  const [date, setDate] = useAddressedChoice("day", today());
  const [filter, setFilter] = useState("");
  const [visitId, setVisitId] = useAddressedVisit();
  const live = useClinicQuery("visitsOfDay", { date });
  const f = filter.trim().toLowerCase();
  const visits = (live.data?.visits ?? []).filter(
    (v) => !f || `${v.patientName} ${v.tokenNumber} ${v.patientNumber}`.toLowerCase().includes(f),
  );
  return (
    <div className="hms-screen">
      <div className="hms-screen-head">
        <h1>{t("Visit journey")}</h1>
      </div>
      <div className="hms-columns">
        <Panel title={t("Visits")}>
          <div className="hms-form-row">
            <TextField label={t("Day")} type="date" value={date} onChange={(e) => setDate(e.target.value)} />
            <TextField
              label={t("Filter by name or token")}
              type="search"
              value={filter}
              onChange={(e) => setFilter(e.target.value)}
            />
          </div>
          <QueryState of={live} what="the day's visits" />
          <DataTable
            caption={t("Visits of the day")}
            hideCaption
            columns={[
              { header: t("Token"), cell: (v) => <span className="hms-token">{v.tokenNumber}</span> },
              {
                header: t("Patient"),
                cell: (v) => (
                  <button
                    type="button"
                    className="hms-row-button"
                    aria-label={t("Journey of {who}", {
                      who: `${v.tokenNumber ?? ""} ${v.patientName ?? ""}`,
                    })}
                    onClick={() => setVisitId(v.visitId)}
                  >
                    <span className="hms-strong hms-name" dir="auto" title={v.patientName ?? undefined}>
                      {v.patientName}
                    </span>
                  </button>
                ),
              },
              { header: t("Came"), cell: (v) => timeOf(v.registeredAt) },
              { header: t("Status"), cell: (v) => <VisitStatusBadge status={v.status} /> },
            ]}
            rows={visits}
            rowKey={(v) => v.visitId}
            selectedKey={visitId}
            empty={t("No visits on this day.")}
          />
        </Panel>
        <Panel title={t("Journey")}>
          {visitId ? (
            <JourneyView key={visitId} visitId={visitId} mending />
          ) : (
            <p className="hms-muted">{t("Choose a visit to see its journey.")}</p>
          )}
        </Panel>
      </div>
    </div>
  );
}

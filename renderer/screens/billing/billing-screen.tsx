import {
  Badge,
  DataTable,
  Panel,
  QueryState,
  TextField,
  useClinic,
  useClinicQuery,
  VisitStatusBadge,
} from "../../components/index.js";
import { useT } from "../../i18n/index.js";
import { useAddressedChoice, useAddressedVisit } from "../../shell/addresses.js";
import { today } from "../shared/format.js";
import { OwingList } from "./owing-list.js";
import { VisitBilling } from "./visit-billing.js";

// The cash desk: the day's visits with what each owes, and closed visits of any day with money still owed, on the
// left; the chosen visit's bills, payments, refunds, tests still to bill and the receipt on the right.

export function BillingScreen() {
  const t = useT();
  const { money } = useClinic();
  const [date, setDate] = useAddressedChoice("day", today());
  const [visitId, setVisitId] = useAddressedVisit();
  const live = useClinicQuery("visitsOfDay", { date });
  const visits = [...(live.data?.visits ?? [])].sort((a, b) => Number(b.balance > 0) - Number(a.balance > 0));
  const chosen = visits.find((v) => v.visitId === visitId) ?? null;
  return (
    <div className="hms-screen">
      <div className="hms-screen-head">
        <h1>{t("Billing")}</h1>
        <span className="hms-spacer" />
        <div style={{ width: 180 }}>
          <TextField label={t("Day")} type="date" value={date} onChange={(e) => setDate(e.target.value)} />
        </div>
      </div>
      <div className="hms-columns">
        <div className="hms-stack">
          <Panel
            title={t("Visits of the day")}
            flush
            actions={
              <Badge tone="warn">{t("{n} owing", { n: visits.filter((v) => v.balance > 0).length })}</Badge>
            }
          >
            <QueryState of={live} what="the day's visits" />
            <DataTable
              caption={t("Visits of the day")}
              hideCaption
              columns={[
                {
                  header: t("Token"),
                  cell: (v) => <span className="hms-token">{v.tokenNumber ?? "—"}</span>,
                },
                {
                  header: t("Patient"),
                  cell: (v) => (
                    <button
                      type="button"
                      className="hms-row-button"
                      aria-label={t("Bills of {name} ({token})", {
                        name: v.patientName ?? "",
                        token: v.tokenNumber ?? "",
                      })}
                      onClick={() => setVisitId(v.visitId)}
                    >
                      <div className="hms-strong hms-name" dir="auto" title={v.patientName ?? undefined}>
                        {v.patientName}
                      </div>
                      <div className="hms-muted">{v.doctorName ?? t("Any doctor (general queue)")}</div>
                    </button>
                  ),
                },
                { header: t("Status"), cell: (v) => <VisitStatusBadge status={v.status} /> },
                {
                  header: t("Balance"),
                  numeric: true,
                  cell: (v) =>
                    v.balance > 0 ? (
                      <span className="hms-strong">{money(v.balance)}</span>
                    ) : (
                      <Badge tone="ok">{t("settled")}</Badge>
                    ),
                },
              ]}
              rows={visits}
              rowKey={(v) => v.visitId}
              selectedKey={visitId}
              empty={t("No visits on this day.")}
            />
          </Panel>
          <OwingList />
        </div>
        {chosen ? (
          <VisitBilling key={chosen.visitId} visit={chosen} />
        ) : (
          <Panel title={t("Bills")}>
            <p className="hms-muted">
              {t("Choose a visit on the left to see its bills, take a payment or print a receipt.")}
            </p>
          </Panel>
        )}
      </div>
    </div>
  );
}

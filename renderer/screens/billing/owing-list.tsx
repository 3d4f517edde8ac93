import { useNavigate } from "react-router";
import {
  DataTable,
  Panel,
  QueryState,
  useClinic,
  useClinicQuery,
  VisitStatusBadge,
} from "../../components/index.js";
import { useT } from "../../i18n/index.js";
import { visitAddress } from "../../shell/addresses.js";
import { dateTimeOf, localDate } from "../shared/format.js";

// Closed visits whose money is still owed, oldest first, whatever day they came: the list the front desk works
// through to collect what completing a visit with a balance left behind. Opening one shows its bills on its day.

export function OwingList() {
  const t = useT();
  const { money } = useClinic();
  const navigate = useNavigate();
  const live = useClinicQuery("owingVisits", {});
  const visits = live.data?.visits ?? [];
  return (
    <Panel title={t("Money owed on closed visits")} flush>
      <QueryState of={live} what="the visits with money owed" />
      <DataTable
        caption={t("Money owed on closed visits")}
        hideCaption
        columns={[
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
                onClick={() =>
                  navigate({
                    pathname: visitAddress("billing", v.visitId),
                    search: v.registeredAt ? `?day=${localDate(new Date(v.registeredAt))}` : "",
                  })
                }
              >
                <div className="hms-strong hms-name" dir="auto" title={v.patientName ?? undefined}>
                  {v.patientName}
                </div>
                <div className="hms-muted">{v.phone ?? v.patientNumber}</div>
              </button>
            ),
          },
          { header: t("Came"), cell: (v) => dateTimeOf(v.registeredAt) },
          { header: t("Status"), cell: (v) => <VisitStatusBadge status={v.status} /> },
          {
            header: t("Balance"),
            numeric: true,
            cell: (v) => <span className="hms-strong">{money(v.balance)}</span>,
          },
        ]}
        rows={visits}
        rowKey={(v) => v.visitId}
        empty={t("Nothing is owed on closed visits.")}
      />
    </Panel>
  );
}

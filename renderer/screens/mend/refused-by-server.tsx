import type { OutputOf } from "../../../api/contract.js";
import { Panel, useClinic } from "../../components/index.js";
import { eventWord } from "../../i18n/contract-words.js";
import { useT } from "../../i18n/index.js";
import { refusalText } from "../../i18n/refusals.js";
import { dateTimeOf } from "../shared/format.js";
import { TokenAndName } from "../shared/token-and-name.js";

// This desk's entries the central server refused (changed after they were recorded, out of the desk's chain, an id
// the server holds for another entry). They stay in this desk's log and are never sent again, so the other desks
// never see them: a person has to know which ones, on whose visit, and why, to set the record straight.

type Refused = OutputOf<"conflicts">["refused"][number];

export function RefusedByServer({ entries }: { entries: readonly Refused[] }) {
  const t = useT();
  const { locale } = useClinic();
  return (
    <Panel title={t("Refused by the central server")}>
      <div className="hms-stack">
        <p className="hms-muted">
          {t(
            "The central server did not accept these entries. They stay on this desk and are not sent again; ask the clinic's administrator to look at them.",
          )}
        </p>
        <ul className="hms-stack">
          {entries.map((r) => (
            <li key={r.eventId} data-event-id={r.eventId}>
              <span className="hms-strong">{t(eventWord(r.eventType, r.eventType))}</span>{" "}
              <TokenAndName token={r.tokenNumber} name={r.patientName} />
              <div className="hms-muted">
                {t("Recorded by {who} at {time}", {
                  who: r.performedBy ?? t("Recorded by the system"),
                  time: dateTimeOf(r.performedAt, locale),
                })}
              </div>
              <div>{refusalText(t, r)}</div>
            </li>
          ))}
        </ul>
      </div>
    </Panel>
  );
}

import type { OutputOf } from "../../../api/contract.js";
import {
  Badge,
  FormFooter,
  Panel,
  QueryState,
  TextAreaField,
  useClinic,
  useClinicQuery,
  useCommandForm,
  useToast,
} from "../../components/index.js";
import { eventWord, roleWord } from "../../i18n/contract-words.js";
import { useT } from "../../i18n/index.js";
import { refusalText } from "../../i18n/refusals.js";
import { dateTimeOf } from "../shared/format.js";
import { TokenAndName } from "../shared/token-and-name.js";
import { RefusedByServer } from "./refused-by-server.js";

// The entries sync brought together that the rules refused at their place (two desks took the same payment, called
// the same patient), reached from the sync badge's "N to resolve". The people who own that part of the visit say
// which side stands and why; the choice is recorded as a compensating event, and nothing in the log is rewritten.
// This desk's entries the central server refused follow, then entries a newer version of the app recorded: kept,
// not applied here until an update.

type Held = OutputOf<"conflicts">["conflicts"][number];

/** Stands for the visit's token and name in a translated heading until they are put in as elements. */
const WHO = "\u2063";

export function ConflictsScreen() {
  const t = useT();
  const live = useClinicQuery("conflicts", {});
  const all = live.data?.conflicts ?? [];
  const waiting = all.filter((c) => c.kind === "conflict");
  const parked = all.filter((c) => c.kind === "parked");
  const refused = live.data?.refused ?? [];
  return (
    <div className="hms-screen">
      <div className="hms-screen-head">
        <h1>{t("Conflicts to resolve")}</h1>
      </div>
      <QueryState of={live} what="the conflicts" />
      <div className="hms-stack">
        {live.isSuccess && waiting.length === 0 && refused.length === 0 ? (
          <Panel title={t("Conflicts to resolve")}>
            <p className="hms-muted">{t("Nothing to resolve: every desk's entries agree.")}</p>
          </Panel>
        ) : null}
        {waiting.map((c) => (
          <ConflictCard key={c.eventId} conflict={c} />
        ))}
        {refused.length > 0 ? <RefusedByServer entries={refused} /> : null}
        {parked.length > 0 ? (
          <Panel title={t("Recorded by a newer version, not applied")}>
            <ul className="hms-stack">
              {parked.map((p) => (
                <li key={p.eventId}>
                  <span className="hms-strong">{t(eventWord(p.eventType, p.eventType))}</span>{" "}
                  <span className="hms-muted">
                    <TokenAndName token={p.tokenNumber} name={p.patientName} /> · {refusalText(t, p)}
                  </span>
                </li>
              ))}
            </ul>
          </Panel>
        ) : null}
      </div>
    </div>
  );
}

function ConflictCard({ conflict: c }: { conflict: Held }) {
  const t = useT();
  const { staff, locale } = useClinic();
  const notify = useToast();
  const rival = c.rivals[0];
  const form = useCommandForm("resolveConflict", {
    defaultValues: { kept: "in_force" as "in_force" | "conflicting", reason: "" },
    toInput: (f) => ({
      conflictEventId: c.eventId,
      kept: f.kept,
      reason: f.reason,
      ...(f.kept === "conflicting" && rival ? { replacedEventId: rival.eventId } : {}),
    }),
    onDone: () => notify(t("Conflict resolved")),
  });
  const entry = t(eventWord(c.eventType, c.eventType));
  // The token and the name go into the translated heading as elements of their own (see TokenAndName), so the
  // message is translated around a mark that is then replaced by them.
  const [before, after = ""] = t("{entry} on {who}", { entry, who: WHO }).split(WHO);
  const mayResolve = c.resolvers.includes(staff.role);
  const recorded = (at: string, by: string | null, device: string) =>
    t("{who} at {time}, desk {desk}", {
      who: by ?? t("Recorded by the system"),
      time: dateTimeOf(at, locale),
      desk: device,
    });
  return (
    <Panel
      title={
        <>
          {before}
          <TokenAndName token={c.tokenNumber} name={c.patientName} />
          {after}
        </>
      }
    >
      <div className="hms-stack">
        <p>
          <Badge tone="danger">{t("In conflict")}</Badge> {refusalText(t, c)}
        </p>
        <dl className="hms-facts">
          <div>
            <dt>{t("Entry in force")}</dt>
            <dd>{rival ? recorded(rival.performedAt, rival.performedBy, rival.deviceId) : "—"}</dd>
          </div>
          <div>
            <dt>{t("Conflicting entry")}</dt>
            <dd>{recorded(c.performedAt, c.performedBy, c.deviceId)}</dd>
          </div>
        </dl>
        {mayResolve ? (
          <form className="hms-form" onSubmit={form.submit} noValidate>
            <fieldset className="hms-stack">
              <legend>{t("Which entry stands?")}</legend>
              <label>
                <input type="radio" value="in_force" {...form.register("kept")} />{" "}
                {t("Keep the entry in force; set the conflicting one aside")}
              </label>
              <label>
                <input type="radio" value="conflicting" {...form.register("kept")} />{" "}
                {rival
                  ? t("Keep the conflicting entry; the entry in force is voided")
                  : t("Keep the conflicting entry")}
              </label>
            </fieldset>
            <TextAreaField label={t("Reason")} {...form.register("reason")} error={form.errorOf("reason")} />
            <FormFooter form={form} label={t("Resolve conflict")} />
          </form>
        ) : (
          <p className="hms-muted">
            {t("Resolved by: {roles}", {
              roles: c.resolvers.map((r) => t(roleWord(r))).join(", "),
            })}
          </p>
        )}
      </div>
    </Panel>
  );
}

import { type ReactNode, useId, useState } from "react";
import {
  DataTable,
  errorsOf,
  FormError,
  Panel,
  QueryState,
  TextField,
  useClinic,
  useClinicQuery,
} from "../../components/index.js";
import { dateOf, daysFromToday, today } from "../shared/format.js";
import { everyDay, minutesText } from "./figures.js";
import { VisitsChart } from "./visits-chart.js";
import "./analytics.css";
import { useT } from "../../i18n/index.js";

// How the clinic is doing over a range of days (the last seven by default): waiting and consultation times from
// the event log, with patients still waiting counted apart rather than dropped; visits per day; the steps recorded
// most; money billed and taken. It follows the log by itself like every other screen.

export function AnalyticsScreen() {
  const t = useT();
  const { money, locale } = useClinic();
  const [from, setFrom] = useState(daysFromToday(-6));
  const [to, setTo] = useState(today());
  // A half-typed date is not sent; the last answer stays on screen meanwhile.
  const complete = (d: string) => /^\d{4}-\d{2}-\d{2}$/.test(d);
  const live = useClinicQuery("analytics", complete(from) && complete(to) ? { from, to } : null, {
    keepPrevious: true,
  });
  const a = live.data;
  // A range the router refuses is shown beside its dates; any other failure as every screen shows one.
  const problems = live.error?.apiError.code === "INVALID_INPUT" ? errorsOf(live.error.apiError) : null;
  const fieldError = (name: string) => problems?.fieldErrors[name];
  const days = a ? everyDay(a.from, a.to, a.daily) : [];

  return (
    <div className="hms-screen hms-analytics">
      <div className="hms-screen-head">
        <h1>{t("Analytics")}</h1>
        {a ? (
          <span className="hms-muted">
            {t("{from} to {to}", { from: dateOf(a.from, locale), to: dateOf(a.to, locale) })}
          </span>
        ) : null}
        <span className="hms-spacer" />
        <div className="hms-analytics-range">
          <TextField
            label={t("From")}
            type="date"
            value={from}
            max={to}
            error={fieldError("from")}
            onChange={(e) => setFrom(e.target.value)}
          />
          <TextField
            label={t("To")}
            type="date"
            value={to}
            min={from}
            error={fieldError("to")}
            onChange={(e) => setTo(e.target.value)}
          />
        </div>
      </div>
      <FormError
        message={
          problems?.formError ??
          (problems && !fieldError("from") && !fieldError("to") ? live.error?.message : null)
        }
      />
      {problems ? null : <QueryState of={live} what="the figures" />}
      {a ? (
        <>
          <div className="hms-analytics-figures">
            <Figure title={t("Visits")} value={String(a.visits)}>
              {t("{completed} completed, {cancelled} cancelled", {
                completed: a.completed,
                cancelled: a.cancelled,
              })}
            </Figure>
            <Figure title={t("Average wait")} value={minutesText(a.wait.averageMinutes)}>
              {t("{n, plural, one {over # call from the queue} other {over # calls from the queue}}", {
                n: a.wait.called,
              })}
              <br />
              {t("{n, plural, one {# patient still waiting} other {# patients still waiting}}", {
                n: a.wait.stillWaiting,
              })}
              {a.wait.stillWaitingMinutesSoFar !== null
                ? ` ${t("({time} so far)", { time: minutesText(a.wait.stillWaitingMinutesSoFar) })}`
                : ""}
              {a.wait.leftBeforeCalled
                ? `, ${t("{n} left before being called", { n: a.wait.leftBeforeCalled })}`
                : ""}
            </Figure>
            <Figure title={t("Average consultation")} value={minutesText(a.consultation.averageMinutes)}>
              {t("{n, plural, one {over # room session} other {over # room sessions}}", {
                n: a.consultation.sessions,
              })}
              <br />
              {t("{n, plural, one {# patient in a room now} other {# patients in a room now}}", {
                n: a.consultation.stillInRoom,
              })}
            </Figure>
            <Figure title={t("Billed")} value={money(a.billed)}>
              {t("{amount} still owed", { amount: money(a.outstanding) })}
            </Figure>
            <Figure title={t("Taken")} value={money(a.paid)}>
              {money(a.refunded)} refunded
            </Figure>
          </div>
          <div className="hms-analytics-columns">
            <Panel title={t("Visits per day")}>
              <VisitsChart days={days} locale={locale} />
            </Panel>
            <Panel title={t("Most common steps")} flush>
              {/* A list taller than its box scrolls; the keyboard reaches it as one stop named by its caption. */}
              <section
                className="hms-analytics-steps"
                // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be focusable to scroll by keyboard
                tabIndex={0}
                aria-label={t("Most common event types")}
              >
                <DataTable
                  caption={t("Most common event types")}
                  hideCaption
                  columns={[
                    { header: t("Step"), cell: (e) => e.label },
                    { header: t("Times"), cell: (e) => e.count, numeric: true },
                  ]}
                  rows={a.eventCounts}
                  rowKey={(e) => e.eventType}
                  empty={t("Nothing was recorded in these days.")}
                />
              </section>
            </Panel>
          </div>
        </>
      ) : null}
    </div>
  );
}

/** One headline number with its title (which names the region) and a line or two of what it leaves out. */
function Figure({ title, value, children }: { title: string; value: string; children: ReactNode }) {
  const id = useId();
  return (
    <section className="hms-analytics-figure" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <p className="hms-analytics-value" data-testid="figure-value">
        {value}
      </p>
      <p className="hms-analytics-note">{children}</p>
    </section>
  );
}

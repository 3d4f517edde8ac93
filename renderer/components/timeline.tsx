import type { ReactNode } from "react";
import { eventWord, roleWord } from "../i18n/contract-words.js";
import { formatLocale, i18n, useT } from "../i18n/index.js";
import { Badge } from "./badge.js";
import { EventIcon } from "./event-icon.js";
import { TechnicalDetails, type TechnicalFact } from "./technical-details.js";

// A visit's story, one step per event, with the catalog's icon and colour, who did it, and the time since the
// previous step in force. A voided step stays visible, struck through, as the record requires.

export interface TimelineStep {
  id: string;
  eventType: string;
  label: string;
  icon: string;
  colour: string;
  text: string;
  performedAt: string;
  performedBy: { name: string; role: string } | null;
  voidedBy: string | null;
  minutesSincePrevious: number | null;
  detail?: string | null;
  /** in_force, voided, parked (a newer version's, not applied) or conflict (waiting for a person). */
  standing?: string;
  /** Paths and hashes: folded away for administrators, hidden from everyone else. */
  technical?: readonly TechnicalFact[];
}

export function formatMinutes(minutes: number): string {
  if (minutes < 1) return i18n.t("under a minute");
  if (minutes < 60) return i18n.t("{m} min", { m: Math.round(minutes) });
  const h = Math.floor(minutes / 60);
  const m = Math.round(minutes % 60);
  return m ? i18n.t("{h} h {m} min", { h, m }) : i18n.t("{h} h", { h });
}

const time = (iso: string) =>
  new Date(iso).toLocaleTimeString(formatLocale(), { hour: "2-digit", minute: "2-digit", second: "2-digit" });

export function Timeline<S extends TimelineStep>({
  steps,
  label,
  actions,
}: {
  steps: readonly S[];
  label: string;
  /** What a person may do about a step (mark it entered in error), drawn under it. */
  actions?: (step: S) => ReactNode;
}) {
  const t = useT();
  return (
    <ol className="hms-timeline" aria-label={label}>
      {steps.map((s) => (
        <li key={s.id} className={s.voidedBy ? "hms-voided" : undefined} data-event-type={s.eventType}>
          <span className="hms-timeline-dot" style={{ color: s.colour }}>
            <EventIcon name={s.icon} colour={s.colour} />
          </span>
          <div>
            {s.minutesSincePrevious !== null && s.minutesSincePrevious > 0 ? (
              <div className="hms-timeline-gap">+{formatMinutes(s.minutesSincePrevious)}</div>
            ) : null}
            <div className="hms-step-title">
              {t(eventWord(s.eventType, s.label))}
              {s.voidedBy ? <span className="hms-visually-hidden"> {t("(voided)")}</span> : null}
              {s.standing === "parked" ? (
                <Badge tone="warn">{t("Not applied: recorded by a newer version")}</Badge>
              ) : null}
              {s.standing === "conflict" ? <Badge tone="danger">{t("In conflict")}</Badge> : null}
            </div>
            <div className="hms-step-text">{s.text}</div>
            {s.detail ? <div className="hms-step-meta">{s.detail}</div> : null}
            {s.technical ? <TechnicalDetails facts={s.technical} /> : null}
            <div className="hms-step-meta">
              {s.performedBy
                ? `${s.performedBy.name} · ${t(roleWord(s.performedBy.role))}`
                : t("Recorded by the system")}
            </div>
            {actions?.(s)}
          </div>
          <time className="hms-step-time" dateTime={s.performedAt}>
            {time(s.performedAt)}
          </time>
        </li>
      ))}
    </ol>
  );
}

import {
  Badge,
  formatMinutes,
  QueryState,
  type TechnicalFact,
  Timeline,
  type TimelineStep,
  useClinic,
  useClinicQuery,
  VisitStatusBadge,
} from "../../components/index.js";
import { paymentMethodWords, reminderWords } from "../../i18n/contract-words.js";
import { formatNumber, i18n, useT } from "../../i18n/index.js";
import { VisitMending, VoidStep } from "../journey/visit-mending.js";
import { dateOf, dateTimeOf } from "./format.js";

// A visit's journey: the header (who, which token, where it stands), the time spent in each stretch, and every
// step as a timeline. Used by the journey screen and by the "Journey" dialog on the other screens.

interface Step extends TimelineStep {
  metadata: unknown;
  testName: string | null;
  bill: { kind: string; items: string[] } | null;
}

/** Minutes between the first event of one type and the first of another, if both happened and are in force. */
function stretch(steps: readonly Step[], from: string, to: string): number | null {
  const inForce = steps.filter((s) => !s.voidedBy);
  const a = inForce.find((s) => s.eventType === from);
  const b = a && inForce.find((s) => s.eventType === to && s.performedAt >= a.performedAt);
  return a && b ? (Date.parse(b.performedAt) - Date.parse(a.performedAt)) / 60_000 : null;
}

function lastOf(steps: readonly Step[], types: string[]): Step | undefined {
  return steps.filter((s) => !s.voidedBy && types.includes(s.eventType)).at(-1);
}

/**
 * `mending` adds what a person may do to mend the visit (another doctor, consultation completed, entered in error);
 * the journey screen asks for it, the read-only dialogs on the other screens do not.
 */
export function JourneyView({ visitId, mending = false }: { visitId: string; mending?: boolean }) {
  const t = useT();
  const { locale } = useClinic();
  const live = useClinicQuery("visitJourney", { visitId });
  if (!live.data) return <QueryState of={live} what="the journey" />;
  const { visit, steps } = live.data as { visit: typeof live.data.visit; steps: Step[] };

  // Payment: from the first bill to the last bill settled in full.
  const firstBill = steps.find((s) => !s.voidedBy && s.eventType.endsWith("_BILLED"));
  const lastPaid = lastOf(steps, ["PAYMENT_RECEIVED"]);
  const figures: [string, number | null][] = [
    [t("Waiting"), stretch(steps, "QUEUE_JOINED", "QUEUE_CALLED")],
    [t("Consultation"), stretch(steps, "ENTERED_ROOM", "EXITED_ROOM")],
    [t("Lab turnaround"), stretch(steps, "TESTS_ORDERED", "TEST_APPROVED")],
    [
      t("Payment"),
      firstBill && lastPaid
        ? (Date.parse(lastPaid.performedAt) - Date.parse(firstBill.performedAt)) / 60_000
        : null,
    ],
    [t("Whole visit"), stretch(steps, "VISIT_REGISTERED", "VISIT_COMPLETED")],
  ];

  const voided = new Set(steps.filter((s) => s.eventType === "EVENT_VOIDED").map((s) => s.id));
  return (
    <div className="hms-stack">
      <div className="hms-facts">
        <div>
          <span className="hms-fact-label">{t("Token")}</span>
          <span className="hms-figure hms-token">{visit.tokenNumber ?? "—"}</span>
        </div>
        <div>
          <span className="hms-fact-label">{t("Patient")}</span>
          <span className="hms-strong">{visit.patientName ?? "Unknown"}</span>
          <span className="hms-muted">{visit.patientNumber}</span>
        </div>
        <div>
          <span className="hms-fact-label">{t("Doctor")}</span>
          <span>{visit.doctorName ?? visit.department ?? "—"}</span>
        </div>
        <div>
          <span className="hms-fact-label">{t("Status")}</span>
          <span>
            <VisitStatusBadge status={visit.status} />
          </span>
        </div>
        <div>
          <span className="hms-fact-label">{t("Registered")}</span>
          <span>{dateTimeOf(visit.registeredAt, locale)}</span>
        </div>
        {visit.conflictCount > 0 ? (
          <div>
            <span className="hms-fact-label">{t("Needs attention")}</span>
            <Badge tone="danger">{t("{n} entries not applied", { n: visit.conflictCount })}</Badge>
          </div>
        ) : null}
      </div>
      <dl className="hms-facts" aria-label={t("Time spent")}>
        {figures.map(([label, minutes]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd className="hms-strong">{minutes === null ? "—" : formatMinutes(minutes)}</dd>
          </div>
        ))}
      </dl>
      {mending ? <VisitMending journey={live.data} /> : null}
      <Timeline
        label={t("Visit journey")}
        steps={steps.map((s) => ({
          ...s,
          detail: voided.has(s.id) ? null : detailOf(s),
          technical: technicalOf(s),
        }))}
        actions={mending ? (s) => <VoidStep step={s} visitId={visitId} /> : undefined}
      />
    </div>
  );
}

/** Where a report or document is stored and its SHA-256: for the administrator who checks the records. */
function technicalOf(s: Step): TechnicalFact[] {
  const m = (s.metadata ?? {}) as Record<string, unknown>;
  return [
    ...(typeof m.reportUrl === "string" ? [{ label: i18n.t("Stored at"), value: m.reportUrl }] : []),
    ...(typeof m.sha256 === "string" ? [{ label: "SHA-256", value: m.sha256 }] : []),
  ];
}

/** The one or two facts of an event's metadata worth reading on the timeline. */
function detailOf(s: Step): string | null {
  const m = (s.metadata ?? {}) as Record<string, unknown>;
  const parts: string[] = [];
  const t = i18n.t;
  // Which test or bill the step is about, by name: "Sample collected" alone does not say for what.
  if (s.testName) parts.push(t("Test: {name}", { name: s.testName }));
  if (s.bill)
    parts.push(
      s.bill.kind === "consultation"
        ? t("Consultation bill")
        : t("Bill for {items}", { items: s.bill.items.join(", ") }),
    );
  if (typeof m.tokenNumber === "string") parts.push(t("Token {token}", { token: m.tokenNumber }));
  if (typeof m.roomNumber === "string") parts.push(t("Room {room}", { room: m.roomNumber }));
  if (typeof m.amount === "number") parts.push(t("Amount {amount}", { amount: formatNumber(m.amount, 2) }));
  if (typeof m.paymentMethod === "string")
    parts.push(t(paymentMethodWords[m.paymentMethod] ?? m.paymentMethod.replace("_", " ").toLowerCase()));
  if (Array.isArray(m.tests)) parts.push((m.tests as string[]).join(", "));
  if (Array.isArray(m.items))
    parts.push(
      (m.items as { drug?: string; dose?: string }[])
        .map((i) => `${i.drug} ${i.dose ?? ""}`.trim())
        .join(", "),
    );
  if (typeof m.reason === "string") parts.push(t("Reason: {reason}", { reason: m.reason }));
  if (typeof m.dueDate === "string") parts.push(t("Due {date}", { date: dateOf(m.dueDate) }));
  if (typeof m.referredTo === "string") parts.push(t("To {whom}", { whom: m.referredTo }));
  if (typeof m.deliveredTo === "string") parts.push(t("To {whom}", { whom: m.deliveredTo }));
  if (typeof m.diagnosis === "string") parts.push(t("Diagnosis: {diagnosis}", { diagnosis: m.diagnosis }));
  if (typeof m.channel === "string")
    parts.push(t("By {channel}", { channel: t(reminderWords[m.channel] ?? m.channel.toLowerCase()) }));
  return parts.length ? parts.join(" · ") : null;
}

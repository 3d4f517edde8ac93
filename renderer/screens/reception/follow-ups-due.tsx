import { BellRing } from "lucide-react";
import { useState } from "react";
import {
  Badge,
  Button,
  DataTable,
  FormError,
  Panel,
  QueryState,
  useClinic,
  useClinicQuery,
  useCommand,
  useToast,
} from "../../components/index.js";
import { msg, useT } from "../../i18n/index.js";
import { dateOf, today } from "../shared/format.js";

// Follow-ups due this week: whom to remind, by which means, and whether it was done already.

const channels = [
  { value: "PHONE", label: msg("Phone") },
  { value: "SMS", label: msg("SMS") },
  { value: "IN_PERSON", label: msg("In person") },
] as const;

export function FollowUpsDue() {
  const t = useT();
  const { locale } = useClinic();
  const live = useClinicQuery("followUpsDue", {});
  const remind = useCommand("sendFollowUpReminder");
  const notify = useToast();
  const [how, setHow] = useState<Record<string, string>>({});
  const rows = live.data?.followUps ?? [];
  const now = today();
  return (
    <Panel title={t("Follow-ups due")} actions={<Badge tone="info">{rows.length}</Badge>} flush>
      <FormError message={remind.formError} />
      <QueryState of={live} what="the follow-ups" />
      <DataTable
        caption={t("Follow-ups due this week")}
        hideCaption
        columns={[
          {
            header: t("Due"),
            cell: (f) => (
              <span>
                {dateOf(f.dueDate, locale)}{" "}
                {f.dueDate < now ? <Badge tone="danger">{t("overdue")}</Badge> : null}
              </span>
            ),
          },
          {
            header: t("Patient"),
            cell: (f) => (
              <div>
                <div className="hms-strong hms-name" dir="auto" title={f.patientName ?? undefined}>
                  {f.patientName}
                </div>
                <div className="hms-muted">{f.phone ?? t("no phone")}</div>
              </div>
            ),
          },
          { header: t("Reason"), cell: (f) => f.reason ?? "—" },
          {
            header: t("Reminder"),
            cell: (f) => {
              const key = `${f.visitId}/${f.followUpId}`;
              return (
                <div className="hms-actions">
                  <select
                    className="hms-input"
                    style={{ width: "auto" }}
                    aria-label={t("How {name} was reminded", { name: f.patientName })}
                    value={how[key] ?? "PHONE"}
                    onChange={(e) => setHow((h) => ({ ...h, [key]: e.target.value }))}
                  >
                    {channels.map((c) => (
                      <option key={c.value} value={c.value}>
                        {t(c.label)}
                      </option>
                    ))}
                  </select>
                  <Button
                    size="small"
                    icon={BellRing}
                    aria-label={t("Mark reminded: {name}", { name: f.patientName })}
                    busy={remind.busy}
                    onClick={async () => {
                      const channel = (how[key] ?? "PHONE") as "PHONE";
                      if (await remind.run({ visitId: f.visitId, followUpId: f.followUpId, channel }))
                        notify(t("Reminder to {name} recorded", { name: f.patientName }));
                    }}
                  >
                    {t("Reminded")}
                  </Button>
                  {f.remindersSent > 0 ? (
                    <Badge tone="ok">{t("sent {n}×", { n: f.remindersSent })}</Badge>
                  ) : null}
                </div>
              );
            },
          },
        ]}
        rows={rows}
        rowKey={(f) => `${f.visitId}/${f.followUpId}`}
        empty={t("No follow-ups due this week.")}
      />
    </Panel>
  );
}

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
import { dateOf, today } from "../shared/format.js";

// Follow-ups due this week: whom to remind, by which means, and whether it was done already.

const channels = [
  { value: "PHONE", label: "Phone" },
  { value: "SMS", label: "SMS" },
  { value: "IN_PERSON", label: "In person" },
] as const;

export function FollowUpsDue() {
  const { locale } = useClinic();
  const live = useClinicQuery("followUpsDue", {});
  const remind = useCommand("sendFollowUpReminder");
  const notify = useToast();
  const [how, setHow] = useState<Record<string, string>>({});
  const rows = live.data?.followUps ?? [];
  const now = today();
  return (
    <Panel title="Follow-ups due" actions={<Badge tone="info">{rows.length}</Badge>} flush>
      <FormError message={remind.formError} />
      <QueryState of={live} what="the follow-ups" />
      <DataTable
        caption="Follow-ups due this week"
        hideCaption
        columns={[
          {
            header: "Due",
            cell: (f) => (
              <span>
                {dateOf(f.dueDate, locale)} {f.dueDate < now ? <Badge tone="danger">overdue</Badge> : null}
              </span>
            ),
          },
          {
            header: "Patient",
            cell: (f) => (
              <div>
                <div className="hms-strong hms-name" title={f.patientName ?? undefined}>
                  {f.patientName}
                </div>
                <div className="hms-muted">{f.phone ?? "no phone"}</div>
              </div>
            ),
          },
          { header: "Reason", cell: (f) => f.reason ?? "—" },
          {
            header: "Reminder",
            cell: (f) => {
              const key = `${f.visitId}/${f.followUpId}`;
              return (
                <div className="hms-actions">
                  <select
                    className="hms-input"
                    style={{ width: "auto" }}
                    aria-label={`How ${f.patientName} was reminded`}
                    value={how[key] ?? "PHONE"}
                    onChange={(e) => setHow((h) => ({ ...h, [key]: e.target.value }))}
                  >
                    {channels.map((c) => (
                      <option key={c.value} value={c.value}>
                        {c.label}
                      </option>
                    ))}
                  </select>
                  <Button
                    size="small"
                    icon={BellRing}
                    aria-label={`Mark ${f.patientName} reminded`}
                    busy={remind.busy}
                    onClick={async () => {
                      const channel = (how[key] ?? "PHONE") as "PHONE";
                      if (await remind.run({ visitId: f.visitId, followUpId: f.followUpId, channel }))
                        notify(`Reminder to ${f.patientName} recorded`);
                    }}
                  >
                    Reminded
                  </Button>
                  {f.remindersSent > 0 ? <Badge tone="ok">sent {f.remindersSent}×</Badge> : null}
                </div>
              );
            },
          },
        ]}
        rows={rows}
        rowKey={(f) => `${f.visitId}/${f.followUpId}`}
        empty="No follow-ups due this week."
      />
    </Panel>
  );
}

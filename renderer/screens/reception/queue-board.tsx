import { CalendarClock, Megaphone, RotateCcw, XCircle } from "lucide-react";
import { useState } from "react";
import type { OutputOf } from "../../../api/contract.js";
import {
  Badge,
  Button,
  DataTable,
  Dialog,
  FormError,
  FormFooter,
  Panel,
  QueryState,
  TextField,
  useClinicQuery,
  useCommand,
  useCommandForm,
  useToast,
  VisitStatusBadge,
  Waited,
} from "../../components/index.js";
import { useT } from "../../i18n/index.js";
import { dateOf, daysFromToday } from "../shared/format.js";
import { JourneyButton } from "../shared/journey-dialog.js";
import { ReasonDialog } from "../shared/reason-dialog.js";

// Who waits for whom and for how long, who was skipped. Reception can call a patient for a doctor, put a skipped
// patient back in the queue, or cancel or reschedule a visit with the reason.

type Entry = OutputOf<"queue">["entries"][number];

export function QueueBoard() {
  const t = useT();
  const live = useClinicQuery("queue", { allDoctors: true });
  const entries = live.data?.entries ?? [];
  const call = useCommand("callPatient");
  const requeue = useCommand("requeuePatient");
  const notify = useToast();
  const [cancelling, setCancelling] = useState<Entry | null>(null);
  const [moving, setMoving] = useState<Entry | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);

  const act = async (label: string, run: () => Promise<unknown>) => {
    const r = await run();
    if (r) {
      notify(label);
      setActionError(null);
    }
  };
  const waiting = entries.filter((e) => e.status === "waiting").length;

  return (
    <Panel title={t("Queue")} actions={<Badge tone="info">{t("{n} waiting", { n: waiting })}</Badge>} flush>
      <FormError message={actionError ?? call.formError ?? requeue.formError} />
      <QueryState of={live} what="the queue" />
      <DataTable
        caption={t("Patients in the queue")}
        hideCaption
        columns={[
          { header: t("Token"), cell: (e) => <span className="hms-token">{e.tokenNumber ?? "—"}</span> },
          {
            header: t("Patient"),
            cell: (e) => (
              <div>
                <div className="hms-strong hms-name" dir="auto" title={e.patientName ?? undefined}>
                  {e.patientName}
                </div>
                <div className="hms-muted">{e.doctorName ?? e.department ?? "General queue"}</div>
              </div>
            ),
          },
          {
            header: t("Status"),
            cell: (e) => (
              <span style={{ display: "inline-flex", gap: 4 }}>
                <VisitStatusBadge status={e.status} />
                {e.balance > 0 ? <Badge tone="warn">{t("owes")}</Badge> : null}
              </span>
            ),
          },
          { header: t("Waiting"), cell: (e) => <Waited since={e.queueJoinedAt} /> },
          {
            header: t("Actions"),
            cell: (e) => {
              const who = `${e.tokenNumber ?? ""} ${e.patientName ?? ""}`.trim();
              return (
                <div className="hms-actions">
                  {e.status === "waiting" || e.status === "skipped" ? (
                    <Button
                      size="small"
                      icon={Megaphone}
                      aria-label={t("Call {who}", { who })}
                      onClick={() => act(t("{who} called", { who }), () => call.run({ visitId: e.visitId }))}
                    >
                      {t("Call")}
                    </Button>
                  ) : null}
                  {e.status === "skipped" ? (
                    <Button
                      size="small"
                      icon={RotateCcw}
                      aria-label={t("Re-queue {who}", { who })}
                      onClick={() =>
                        act(t("{who} is back in the queue", { who }), () =>
                          requeue.run({ visitId: e.visitId }),
                        )
                      }
                    >
                      {t("Re-queue")}
                    </Button>
                  ) : null}
                  {e.status !== "in_room" ? (
                    <>
                      <Button
                        size="small"
                        variant="ghost"
                        icon={CalendarClock}
                        aria-label={t("Reschedule {who}", { who })}
                        onClick={() => setMoving(e)}
                      >
                        {t("Reschedule")}
                      </Button>
                      <Button
                        size="small"
                        variant="danger"
                        icon={XCircle}
                        aria-label={t("Cancel visit of {who}", { who })}
                        onClick={() => setCancelling(e)}
                      >
                        {t("Cancel")}
                      </Button>
                    </>
                  ) : null}
                  <JourneyButton visitId={e.visitId} who={who} />
                </div>
              );
            },
          },
        ]}
        rows={entries}
        rowKey={(e) => e.visitId}
        empty={t("Nobody is waiting.")}
      />
      {cancelling ? (
        <CancelDialog entry={cancelling} onDone={() => setCancelling(null)} onError={setActionError} />
      ) : null}
      {moving ? <RescheduleDialog entry={moving} onDone={() => setMoving(null)} /> : null}
    </Panel>
  );
}

function CancelDialog({
  entry,
  onDone,
}: {
  entry: Entry;
  onDone: () => void;
  onError: (m: string | null) => void;
}) {
  const t = useT();
  const notify = useToast();
  const form = useCommandForm("cancelVisit", {
    defaultValues: { reason: "" },
    toInput: (f) => ({ visitId: entry.visitId, reason: f.reason }),
    onDone: () => {
      notify(t("Visit of {name} cancelled", { name: entry.patientName }));
      onDone();
    },
  });
  return (
    <ReasonDialog
      open
      title={t("Cancel the visit of {name}", { name: entry.patientName })}
      confirm={t("Cancel visit")}
      onClose={onDone}
      form={form}
    />
  );
}

function RescheduleDialog({ entry, onDone }: { entry: Entry; onDone: () => void }) {
  const t = useT();
  const notify = useToast();
  const form = useCommandForm("rescheduleVisit", {
    defaultValues: { newDate: daysFromToday(1), reason: "" },
    toInput: (f) => ({
      visitId: entry.visitId,
      newDate: f.newDate,
      ...(f.reason.trim() ? { reason: f.reason } : {}),
    }),
    onDone: (_r, f) => {
      notify(t("Visit of {name} moved to {date}", { name: entry.patientName, date: dateOf(f.newDate) }));
      onDone();
    },
  });
  return (
    <Dialog open title={t("Reschedule the visit of {name}", { name: entry.patientName })} onClose={onDone}>
      <form className="hms-form" onSubmit={form.submit} noValidate>
        <TextField
          label={t("New date")}
          type="date"
          {...form.register("newDate")}
          error={form.errorOf("newDate")}
        />
        <TextField label={t("Reason")} {...form.register("reason")} error={form.errorOf("reason")} />
        <FormFooter form={form} label={t("Reschedule")}>
          <Button onClick={onDone}>{t("Close")}</Button>
        </FormFooter>
      </form>
    </Dialog>
  );
}

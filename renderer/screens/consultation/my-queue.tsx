import { Megaphone, RotateCcw, SkipForward } from "lucide-react";
import { useEffect, useState } from "react";
import type { OutputOf } from "../../../api/contract.js";
import {
  Badge,
  Button,
  DataTable,
  FormError,
  Panel,
  TextField,
  useCommand,
  useToast,
  VisitStatusBadge,
  Waited,
} from "../../components/index.js";
import { useT } from "../../i18n/index.js";

export type QueueEntry = OutputOf<"queue">["entries"][number];

// The doctor's own queue: call the next patient (or a chosen one) to their room, skip one who does not come, call a
// skipped one back. The room number is remembered on this workstation.

export function MyQueue({
  entries,
  selectedId,
  onSelect,
}: {
  entries: readonly QueueEntry[];
  selectedId: string | null;
  onSelect: (visitId: string) => void;
}) {
  const t = useT();
  const [room, setRoom] = useState(() => localStorage.getItem("hms.roomNumber") ?? "");
  useEffect(() => localStorage.setItem("hms.roomNumber", room), [room]);
  const callNext = useCommand("callNextPatient");
  const call = useCommand("callPatient");
  const skip = useCommand("skipPatient");
  const requeue = useCommand("requeuePatient");
  const notify = useToast();
  const roomInput = room.trim() ? { roomNumber: room.trim() } : {};
  const waiting = entries.filter((e) => e.status === "waiting").length;

  return (
    <Panel title={t("My queue")} actions={<Badge tone="info">{t("{n} waiting", { n: waiting })}</Badge>}>
      <div className="hms-form-row" style={{ alignItems: "end" }}>
        <TextField label={t("Room number")} value={room} onChange={(e) => setRoom(e.target.value)} />
        <Button
          variant="primary"
          size="large"
          icon={Megaphone}
          busy={callNext.busy}
          disabled={waiting === 0}
          onClick={async () => {
            const r = await callNext.run(roomInput);
            if (r) {
              notify(
                room
                  ? t("Token {token} called to room {room}", { token: r.tokenNumber ?? "", room })
                  : t("Token {token} called", { token: r.tokenNumber ?? "" }),
              );
              onSelect(r.visitId);
            }
          }}
        >
          {t("Call next")}
        </Button>
      </div>
      <FormError message={callNext.formError ?? call.formError ?? skip.formError ?? requeue.formError} />
      <DataTable
        caption={t("My queue")}
        hideCaption
        columns={[
          {
            header: t("Token"),
            cell: (e) => (
              <button
                type="button"
                className="hms-row-button hms-token"
                aria-label={t("Open {token} {name}", {
                  token: e.tokenNumber ?? "",
                  name: e.patientName ?? "",
                })}
                onClick={() => onSelect(e.visitId)}
              >
                {e.tokenNumber ?? "—"}
              </button>
            ),
          },
          {
            header: t("Patient"),
            cell: (e) => (
              <span className="hms-strong hms-name" dir="auto" title={e.patientName ?? undefined}>
                {e.patientName}
              </span>
            ),
          },
          { header: t("Status"), cell: (e) => <VisitStatusBadge status={e.status} /> },
          { header: t("Waiting"), cell: (e) => <Waited since={e.queueJoinedAt} /> },
          {
            header: "",
            cell: (e) => {
              const who = `${e.tokenNumber ?? ""} ${e.patientName ?? ""}`.trim();
              return (
                <div className="hms-actions">
                  {e.status === "waiting" || e.status === "skipped" ? (
                    <Button
                      size="small"
                      icon={Megaphone}
                      aria-label={t("Call {who}", { who })}
                      onClick={async () => {
                        if (await call.run({ visitId: e.visitId, ...roomInput })) onSelect(e.visitId);
                      }}
                    >
                      {t("Call")}
                    </Button>
                  ) : null}
                  {e.status === "called" ? (
                    <Button
                      size="small"
                      variant="ghost"
                      icon={SkipForward}
                      aria-label={t("Skip {who}", { who })}
                      onClick={() => skip.run({ visitId: e.visitId, reason: t("Did not come when called") })}
                    >
                      {t("Skip")}
                    </Button>
                  ) : null}
                  {e.status === "skipped" ? (
                    <Button
                      size="small"
                      variant="ghost"
                      icon={RotateCcw}
                      aria-label={t("Re-queue {who}", { who })}
                      onClick={() => requeue.run({ visitId: e.visitId })}
                    >
                      {t("Re-queue")}
                    </Button>
                  ) : null}
                </div>
              );
            },
          },
        ]}
        rows={entries}
        rowKey={(e) => e.visitId}
        selectedKey={selectedId}
        empty={t("Nobody is waiting for you.")}
      />
    </Panel>
  );
}

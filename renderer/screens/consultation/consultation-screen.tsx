import { useEffect } from "react";
import {
  Badge,
  DataTable,
  Panel,
  QueryState,
  useClinic,
  useClinicQuery,
  VisitStatusBadge,
} from "../../components/index.js";
import { useT } from "../../i18n/index.js";
import { useAddressedVisit } from "../../shell/addresses.js";
import { timeOf } from "../shared/format.js";
import { MyQueue } from "./my-queue.js";
import { PatientInRoom } from "./patient-in-room.js";

// The doctor's room: the queue on the left (new patients appear by themselves), the patient being seen on the
// right, and the patients seen today whose visits are still open (waiting for results, or to be closed).

export function ConsultationScreen() {
  const t = useT();
  const { staff } = useClinic();
  const queue = useClinicQuery("queue", {});
  const seen = useClinicQuery("visitsOfDay", {});
  const entries = queue.data?.entries ?? [];
  const open = (seen.data?.visits ?? []).filter(
    (v) => v.doctorId === staff.id && (v.status === "consulted" || v.status === "completed"),
  );
  const [selected, setSelected] = useAddressedVisit();
  // With nothing chosen, the patient called or in the room is the one on screen (in place of the bare address, so
  // that back does not land on it and jump forward again).
  const current = entries.find((e) => e.status === "in_room") ?? entries.find((e) => e.status === "called");
  useEffect(() => {
    if (!selected && current) setSelected(current.visitId, { replace: true });
  }, [selected, current, setSelected]);
  const visit = useClinicQuery("visit", selected ? { visitId: selected } : null);

  return (
    <div className="hms-screen">
      <div className="hms-screen-head">
        <h1>{t("Consultation")}</h1>
      </div>
      <div className="hms-columns">
        <div className="hms-stack">
          <QueryState of={[queue, seen]} what="your queue" />
          <MyQueue entries={entries} selectedId={selected} onSelect={setSelected} />
          <Panel title={t("Seen today")} flush actions={<Badge>{open.length}</Badge>}>
            <DataTable
              caption={t("Patients seen today")}
              hideCaption
              columns={[
                {
                  header: t("Token"),
                  cell: (v) => (
                    <button
                      type="button"
                      className="hms-row-button hms-token"
                      aria-label={t("Open {token} {name}", {
                        token: v.tokenNumber ?? "",
                        name: v.patientName ?? "",
                      })}
                      onClick={() => setSelected(v.visitId)}
                    >
                      {v.tokenNumber}
                    </button>
                  ),
                },
                { header: t("Patient"), cell: (v) => v.patientName },
                { header: t("Left the room"), cell: (v) => timeOf(v.exitedRoomAt) },
                { header: t("Status"), cell: (v) => <VisitStatusBadge status={v.status} /> },
              ]}
              rows={open}
              rowKey={(v) => v.visitId}
              selectedKey={selected}
              empty={t("Nobody seen yet today.")}
            />
          </Panel>
        </div>
        {visit.data && selected ? (
          <PatientInRoom key={selected} visit={visit.data.visit} />
        ) : selected && !visit.isSuccess ? (
          <Panel title={t("Patient")}>
            <QueryState of={visit} what="the visit" />
          </Panel>
        ) : (
          <Panel title={t("No patient in the room")}>
            <p className="hms-muted">{t("Call the next patient, or open one from your queue.")}</p>
          </Panel>
        )}
      </div>
    </div>
  );
}

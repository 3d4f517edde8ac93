import { CircleCheckBig, DoorClosed, DoorOpen } from "lucide-react";
import { useState } from "react";
import type { OutputOf } from "../../../api/contract.js";
import {
  Button,
  FormError,
  FormFooter,
  Panel,
  RunningTimer,
  TextAreaField,
  TextField,
  useCommand,
  useCommandForm,
  useToast,
  VisitStatusBadge,
} from "../../components/index.js";
import { msg, useT } from "../../i18n/index.js";
import { JourneyButton } from "../shared/journey-dialog.js";
import { PatientHeader } from "../shared/patient-header.js";
import { TokenAndName } from "../shared/token-and-name.js";
import {
  FollowUpForm,
  OrderTestsForm,
  PrescriptionForm,
  ReferralForm,
  VitalsForm,
} from "./clinical-forms.js";
import { VisitTests } from "./lab-results.js";
import { VisitDocuments } from "./visit-documents.js";

type Visit = OutputOf<"visit">["visit"];

const tabs = [
  { id: "vitals", label: msg("Vitals") },
  { id: "prescription", label: msg("Prescription") },
  { id: "tests", label: msg("Order tests") },
  { id: "results", label: msg("Results") },
  { id: "referral", label: msg("Referral") },
  { id: "followup", label: msg("Follow-up") },
  { id: "documents", label: msg("Documents") },
] as const;
type Tab = (typeof tabs)[number]["id"];

// The patient the doctor is seeing: in, out, what was done, and closing the visit. Which buttons show follows the
// visit's status, so a step the rules would refuse is rarely offered; when it is refused anyway (another desk moved
// first) the reason shows here in words.

export function PatientInRoom({ visit }: { visit: Visit }) {
  const t = useT();
  const enter = useCommand("enterRoom");
  const complete = useCommand("completeVisit");
  const notify = useToast();
  const [tab, setTab] = useState<Tab>("vitals");
  const [owed, setOwed] = useState(false);
  const who = `${visit.tokenNumber ?? ""} ${visit.patientName ?? ""}`.trim();
  const withDoctor = visit.status === "in_room" || visit.status === "consulted";
  const leave = useCommandForm("exitRoom", {
    defaultValues: { diagnosis: "", notes: "" },
    toInput: (f) => ({
      visitId: visit.visitId,
      ...(f.notes.trim() ? { notes: f.notes } : {}),
      ...(f.diagnosis.trim() ? { diagnosis: f.diagnosis } : {}),
    }),
    onDone: () => notify(t("{name} left the room", { name: visit.patientName ?? "" })),
  });

  return (
    <Panel
      title={
        <span className="hms-name" title={visit.patientName ?? undefined}>
          <TokenAndName token={visit.tokenNumber} name={visit.patientName} />
        </span>
      }
      actions={
        <div className="hms-actions">
          <VisitStatusBadge status={visit.status} />
          <JourneyButton visitId={visit.visitId} who={who} />
        </div>
      }
    >
      <PatientHeader visitId={visit.visitId} />
      {visit.status === "called" ? (
        <div className="hms-actions">
          <Button
            variant="primary"
            size="large"
            icon={DoorOpen}
            busy={enter.busy}
            onClick={async () => {
              if (await enter.run({ visitId: visit.visitId }))
                notify(t("{name} is in the room", { name: visit.patientName ?? "" }));
            }}
          >
            {t("Patient entered")}
          </Button>
          <span className="hms-muted">{t("Called — waiting for the patient to come in.")}</span>
        </div>
      ) : null}
      <FormError message={enter.formError ?? complete.formError} />
      {visit.status === "in_room" && visit.enteredRoomAt ? (
        <div className="hms-facts">
          <div>
            <span className="hms-fact-label">{t("In the room")}</span>
            <RunningTimer since={visit.enteredRoomAt} label={t("Time in the room")} />
          </div>
        </div>
      ) : null}
      {withDoctor ? (
        <>
          <div className="hms-tabs" role="tablist" aria-label={t("Clinical actions")}>
            {tabs.map((entry) => (
              <button
                key={entry.id}
                type="button"
                role="tab"
                className="hms-tab"
                aria-selected={tab === entry.id}
                aria-controls={`tab-${entry.id}`}
                onClick={() => setTab(entry.id)}
              >
                {t(entry.label)}
              </button>
            ))}
          </div>
          <div
            role="tabpanel"
            id={`tab-${tab}`}
            aria-label={t(tabs.find((entry) => entry.id === tab)?.label ?? "")}
          >
            {tab === "vitals" ? <VitalsForm visitId={visit.visitId} /> : null}
            {tab === "prescription" ? <PrescriptionForm visitId={visit.visitId} /> : null}
            {tab === "tests" ? <OrderTestsForm visitId={visit.visitId} /> : null}
            {tab === "results" ? <VisitTests visitId={visit.visitId} /> : null}
            {tab === "referral" ? <ReferralForm visitId={visit.visitId} /> : null}
            {tab === "followup" ? <FollowUpForm visitId={visit.visitId} /> : null}
            {tab === "documents" ? <VisitDocuments visitId={visit.visitId} /> : null}
          </div>
        </>
      ) : null}
      {visit.status === "in_room" && visit.enteredRoomAt ? (
        <form
          className="hms-form"
          onSubmit={leave.submit}
          aria-label={t("Leaving the room")}
          style={{ borderTop: "1px solid var(--line)", paddingTop: 12 }}
          noValidate
        >
          <div className="hms-form-row">
            <TextField
              label={t("Diagnosis")}
              {...leave.register("diagnosis")}
              error={leave.errorOf("diagnosis")}
            />
          </div>
          <TextAreaField
            label={t("Consultation notes")}
            {...leave.register("notes")}
            rows={2}
            error={leave.errorOf("notes")}
          />
          <FormFooter form={leave} label={t("Patient left the room")} icon={DoorClosed} />
        </form>
      ) : null}
      {visit.status === "consulted" ? (
        <div className="hms-actions" style={{ borderTop: "1px solid var(--line)", paddingTop: 12 }}>
          <Button
            variant="primary"
            icon={CircleCheckBig}
            busy={complete.busy}
            onClick={async () => {
              if (await complete.run({ visitId: visit.visitId }))
                notify(t("Visit of {name} completed", { name: visit.patientName ?? "" }));
              else setOwed(complete.lastRefusal()?.code === "BALANCE_OWED");
            }}
          >
            {t("Complete visit")}
          </Button>
          {owed ? (
            // Money still owed: completing is a deliberate second step, and the visit stays on the owing list.
            <Button
              busy={complete.busy}
              onClick={async () => {
                if (await complete.run({ visitId: visit.visitId, confirmBalanceOwed: true })) {
                  setOwed(false);
                  notify(t("Visit of {name} completed", { name: visit.patientName ?? "" }));
                }
              }}
            >
              {t("Complete anyway; the money stays owed")}
            </Button>
          ) : null}
          <span className="hms-muted">{t("Closes the visit once every test is approved.")}</span>
        </div>
      ) : null}
      {visit.status === "completed" ? (
        <>
          <p className="hms-notice hms-info">
            {t("This visit is completed. A follow-up can still be booked.")}
          </p>
          <FollowUpForm visitId={visit.visitId} />
        </>
      ) : null}
    </Panel>
  );
}

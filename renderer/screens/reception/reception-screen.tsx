import { MonitorPlay } from "lucide-react";
import { useState } from "react";
import { useT } from "../../i18n/index.js";
import { FollowUpsDue } from "./follow-ups-due.js";
import { NewPatientForm } from "./new-patient-form.js";
import { type Patient, PatientFinder } from "./patient-finder.js";
import { QueueBoard } from "./queue-board.js";
import { StartVisitForm } from "./start-visit-form.js";

// The counter: find or register the patient on the left, start their visit, and keep an eye on the queue and the
// follow-ups due on the right. Everything refreshes itself when any desk records a step.

export function ReceptionScreen() {
  const t = useT();
  const [patient, setPatient] = useState<Patient | null>(null);
  const [registering, setRegistering] = useState<{ typed: string } | null>(null);
  const [justRegistered, setJustRegistered] = useState(false);
  return (
    <div className="hms-screen">
      <div className="hms-screen-head">
        <h1>{t("Reception")}</h1>
        <span className="hms-spacer" />
        <a className="hms-button hms-ghost" href="#display" target="_blank" rel="noopener">
          <MonitorPlay size={17} aria-hidden="true" /> {t("Open the waiting-room display")}
        </a>
      </div>
      <div className="hms-columns">
        <div className="hms-stack">
          {registering ? (
            <NewPatientForm
              initialName={/\d/.test(registering.typed) ? "" : registering.typed}
              onRegistered={(p) => {
                setRegistering(null);
                setPatient(p);
                setJustRegistered(true);
              }}
              onUseExisting={(p) => {
                setRegistering(null);
                setPatient(p);
              }}
              onCancel={() => setRegistering(null)}
            />
          ) : (
            <PatientFinder
              selectedId={patient?.id ?? null}
              onSelect={(p) => {
                setPatient(p);
                setJustRegistered(false);
              }}
              onNewPatient={(typed) => setRegistering({ typed })}
            />
          )}
          {patient && !registering ? (
            <StartVisitForm
              key={patient.id}
              patient={patient}
              focusStart={justRegistered}
              onStarted={() => {}}
            />
          ) : null}
        </div>
        <div className="hms-stack">
          <QueueBoard />
          <FollowUpsDue />
        </div>
      </div>
    </div>
  );
}

import { QueryState, useClinicQuery } from "../../components/index.js";
import { useT } from "../../i18n/index.js";
import { ageWords, sexWords } from "./format.js";

// Who the patient is, in the words the doctor and the lab look for first: name, age ("about 28 years" when the
// birth date was estimated from an age), sex and the reason given at the counter. One header for the consultation
// and the lab, read from the visit, its patient's record and the visit's registration.

export function PatientHeader({ visitId }: { visitId: string }) {
  const t = useT();
  const visit = useClinicQuery("visit", { visitId });
  const patientId = visit.data?.visit.patientId ?? null;
  const record = useClinicQuery("patient", patientId ? { patientId } : null);
  const journey = useClinicQuery("visitJourney", { visitId });
  const registered = journey.data?.steps.find((s) => s.eventType === "VISIT_REGISTERED");
  const reason = (registered?.metadata as { reason?: string } | undefined)?.reason;
  const patient = record.data?.patient;
  const name = patient?.name ?? visit.data?.visit.patientName ?? "";
  const age = ageWords(patient?.dateOfBirth ?? null, patient?.dateOfBirthEstimated);
  return (
    <section className="hms-patient-header" aria-label={t("Patient")}>
      <QueryState of={[visit, record, journey]} what="the patient" />
      <dl className="hms-facts">
        <div>
          <dt>{t("Patient")}</dt>
          <dd className="hms-strong hms-name" dir="auto" title={name}>
            {name}
            {patient ? <span className="hms-muted"> · {patient.patientNumber}</span> : null}
          </dd>
        </div>
        <div>
          <dt>{t("Age")}</dt>
          <dd>{age || t("not known")}</dd>
        </div>
        <div>
          <dt>{t("Sex")}</dt>
          <dd>{patient ? t(sexWords[patient.sex] ?? patient.sex) : "—"}</dd>
        </div>
        <div>
          <dt>{t("Reason for the visit")}</dt>
          <dd className="hms-name" dir="auto" title={reason}>
            {reason || t("none given")}
          </dd>
        </div>
      </dl>
    </section>
  );
}

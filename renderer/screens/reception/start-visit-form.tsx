import { Ticket } from "lucide-react";
import { type FormEvent, useEffect, useState } from "react";
import {
  Button,
  FormError,
  Panel,
  SelectField,
  TextField,
  useCommand,
  useLive,
  useToast,
} from "../../components/index.js";
import { useT } from "../../i18n/index.js";
import { ageOf, amountOf, sexWords } from "../shared/format.js";
import type { Patient } from "./patient-finder.js";

// One step at the counter: the visit is registered, joins the doctor's queue with the day's token and the
// consultation is billed (registerVisit writes the three events in one append).

export function StartVisitForm({ patient, onStarted }: { patient: Patient; onStarted: () => void }) {
  const t = useT();
  const doctors = useLive("doctors", {});
  const prefs = useLive("clinicPreferences", {});
  const settings = useLive("settings", {});
  const start = useCommand("registerVisit", { FEE_NOT_SET: "consultationFee", UNKNOWN_STAFF: "doctorId" });
  const notify = useToast();
  const [doctorId, setDoctorId] = useState("");
  const [department, setDepartment] = useState("");
  const [reason, setReason] = useState("");
  const [priority, setPriority] = useState("normal");
  const [fee, setFee] = useState("");
  const [discount, setDiscount] = useState("");
  const [token, setToken] = useState<string | null>(null);

  const usualFee = settings.data?.consultationFee;
  useEffect(() => {
    if (usualFee && fee === "") setFee(String(usualFee));
  }, [usualFee, fee]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await start.run({
      patientId: patient.id,
      ...(doctorId ? { doctorId } : {}),
      ...(department ? { department } : {}),
      ...(reason.trim() ? { reason } : {}),
      priority: priority as "normal",
      ...(fee.trim() ? { consultationFee: amountOf(fee) } : {}),
      ...(discount.trim() ? { discount: amountOf(discount) } : {}),
    });
    if (r) {
      setToken(r.tokenNumber);
      notify(t("{name} is in the queue with token {token}", { name: patient.name, token: r.tokenNumber }));
      setReason("");
      setDiscount("");
      onStarted();
    }
  };

  const err = start.fieldErrors;
  return (
    <Panel title={t("Start a visit")}>
      <div className="hms-facts">
        <div>
          <span className="hms-fact-label">{t("Patient")}</span>
          <span className="hms-strong">{patient.name}</span>
          <span className="hms-muted">
            {patient.patientNumber} · {t(sexWords[patient.sex] ?? patient.sex)}
            {patient.dateOfBirth ? ` · ${ageOf(patient.dateOfBirth)}` : ""}
          </span>
        </div>
        {token ? (
          <div aria-live="polite">
            <span className="hms-fact-label">{t("Token given")}</span>
            <span className="hms-figure hms-token" aria-label={t("Token given")}>
              {token}
            </span>
          </div>
        ) : null}
      </div>
      <form className="hms-form" onSubmit={submit} aria-label={t("Start a visit")}>
        <div className="hms-form-row">
          <SelectField
            label={t("Doctor")}
            value={doctorId}
            onChange={(e) => setDoctorId(e.target.value)}
            placeholder={t("Any doctor (general queue)")}
            options={(doctors.data?.doctors ?? []).map((d) => ({
              value: d.id,
              label: `${d.name} (${d.queueLetter})`,
            }))}
            error={err.doctorId}
          />
          <SelectField
            label={t("Department")}
            value={department}
            onChange={(e) => setDepartment(e.target.value)}
            placeholder="—"
            options={(prefs.data?.departments ?? []).map((d) => ({ value: d, label: d }))}
            error={err.department}
          />
        </div>
        <TextField
          label={t("Reason for the visit")}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          error={err.reason}
        />
        <div className="hms-form-row">
          <SelectField
            label={t("Priority")}
            value={priority}
            onChange={(e) => setPriority(e.target.value)}
            options={[
              { value: "normal", label: t("Normal") },
              { value: "urgent", label: t("Urgent") },
            ]}
          />
          <TextField
            label={t("Consultation fee")}
            inputMode="decimal"
            value={fee}
            onChange={(e) => setFee(e.target.value)}
            error={err.consultationFee}
          />
          <TextField
            label={t("Discount")}
            inputMode="decimal"
            value={discount}
            onChange={(e) => setDiscount(e.target.value)}
            error={err.discount}
          />
        </div>
        <FormError message={start.formError} />
        <div className="hms-actions">
          <Button type="submit" variant="primary" size="large" icon={Ticket} busy={start.busy}>
            {t("Start visit and give token")}
          </Button>
        </div>
      </form>
    </Panel>
  );
}

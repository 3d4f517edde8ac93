import { Ticket } from "lucide-react";
import { type FormEvent, useEffect, useState } from "react";
import {
  Button,
  FormError,
  Panel,
  QueryState,
  SelectField,
  TextField,
  useClinicQuery,
  useCommand,
  useToast,
} from "../../components/index.js";
import { ageOf, amountOf, sexWords } from "../shared/format.js";
import type { Patient } from "./patient-finder.js";

// One step at the counter: the visit is registered, joins the doctor's queue with the day's token and the
// consultation is billed (registerVisit writes the three events in one append).

export function StartVisitForm({ patient, onStarted }: { patient: Patient; onStarted: () => void }) {
  const doctors = useClinicQuery("doctors", {});
  const prefs = useClinicQuery("clinicPreferences", {});
  const settings = useClinicQuery("settings", {});
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
      notify(`${patient.name} is in the queue with token ${r.tokenNumber}`);
      setReason("");
      setDiscount("");
      onStarted();
    }
  };

  const err = start.fieldErrors;
  return (
    <Panel title="Start a visit">
      <div className="hms-facts">
        <div>
          <span className="hms-fact-label">Patient</span>
          <span className="hms-strong">{patient.name}</span>
          <span className="hms-muted">
            {patient.patientNumber} · {sexWords[patient.sex]}
            {patient.dateOfBirth ? ` · ${ageOf(patient.dateOfBirth)}` : ""}
          </span>
        </div>
        {token ? (
          <output aria-label="Token given">
            <span className="hms-fact-label">Token given</span>
            <span className="hms-figure hms-token">{token}</span>
          </output>
        ) : null}
      </div>
      <QueryState of={[doctors, prefs, settings]} what="the doctors and departments" />
      <form className="hms-form" onSubmit={submit} aria-label="Start a visit">
        <div className="hms-form-row">
          <SelectField
            label="Doctor"
            value={doctorId}
            onChange={(e) => setDoctorId(e.target.value)}
            placeholder="Any doctor (general queue)"
            options={(doctors.data?.doctors ?? []).map((d) => ({
              value: d.id,
              label: `${d.name} (${d.queueLetter})`,
            }))}
            error={err.doctorId}
          />
          <SelectField
            label="Department"
            value={department}
            onChange={(e) => setDepartment(e.target.value)}
            placeholder="—"
            options={(prefs.data?.departments ?? []).map((d) => ({ value: d, label: d }))}
            error={err.department}
          />
        </div>
        <TextField
          label="Reason for the visit"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          error={err.reason}
        />
        <div className="hms-form-row">
          <SelectField
            label="Priority"
            value={priority}
            onChange={(e) => setPriority(e.target.value)}
            options={[
              { value: "normal", label: "Normal" },
              { value: "urgent", label: "Urgent" },
            ]}
          />
          <TextField
            label="Consultation fee"
            inputMode="decimal"
            value={fee}
            onChange={(e) => setFee(e.target.value)}
            error={err.consultationFee}
          />
          <TextField
            label="Discount"
            inputMode="decimal"
            value={discount}
            onChange={(e) => setDiscount(e.target.value)}
            error={err.discount}
          />
        </div>
        <FormError message={start.formError} />
        <div className="hms-actions">
          <Button type="submit" variant="primary" size="large" icon={Ticket} busy={start.busy}>
            Start visit and give token
          </Button>
        </div>
      </form>
    </Panel>
  );
}

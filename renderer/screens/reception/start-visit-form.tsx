import { Ticket } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import {
  FormFooter,
  Panel,
  QueryState,
  SelectField,
  TextField,
  useClinicQuery,
  useCommandForm,
  useToast,
} from "../../components/index.js";
import { useT } from "../../i18n/index.js";
import { ageOf, amountOf, sexWords } from "../shared/format.js";
import type { Patient } from "./patient-finder.js";

// One step at the counter: the visit is registered, joins the doctor's queue with the day's token and the
// consultation is billed (registerVisit writes the three events in one append).

interface Typed {
  doctorId: string;
  department: string;
  reason: string;
  priority: string;
  consultationFee: string;
  discount: string;
}

export function StartVisitForm({
  patient,
  onStarted,
  focusStart = false,
}: {
  patient: Patient;
  onStarted: () => void;
  /** Just registered: move the focus to Start visit. */
  focusStart?: boolean;
}) {
  const t = useT();
  const doctors = useClinicQuery("doctors", {});
  const prefs = useClinicQuery("clinicPreferences", {});
  const settings = useClinicQuery("settings", {});
  const notify = useToast();
  const [token, setToken] = useState<string | null>(null);
  const blank: Typed = {
    doctorId: "",
    department: "",
    reason: "",
    priority: "normal",
    consultationFee: "",
    discount: "",
  };
  const form = useCommandForm("registerVisit", {
    defaultValues: blank,
    codeFields: { FEE_NOT_SET: "consultationFee", UNKNOWN_STAFF: "doctorId" },
    toInput: (f) => ({
      patientId: patient.id,
      ...(f.doctorId ? { doctorId: f.doctorId } : {}),
      ...(f.department ? { department: f.department } : {}),
      ...(f.reason.trim() ? { reason: f.reason } : {}),
      priority: f.priority as "normal",
      ...(f.consultationFee.trim() ? { consultationFee: amountOf(f.consultationFee) } : {}),
      ...(f.discount.trim() ? { discount: amountOf(f.discount) } : {}),
    }),
    onDone: (r, f) => {
      setToken(r.tokenNumber);
      notify(t("{name} is in the queue with token {token}", { name: patient.name, token: r.tokenNumber }));
      form.reset({ ...f, reason: "", discount: "" });
      onStarted();
    },
  });

  const usualFee = settings.data?.consultationFee;
  const { getValues, setValue } = form;
  useEffect(() => {
    if (usualFee && getValues("consultationFee") === "") setValue("consultationFee", String(usualFee));
  }, [usualFee, getValues, setValue]);

  // Right after registering, the next thing to do is start the visit: the button has the focus, not the search.
  const footer = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (focusStart) footer.current?.querySelector<HTMLButtonElement>("button[type=submit]")?.focus();
  }, [focusStart]);

  return (
    <Panel title={t("Start a visit")}>
      <div className="hms-facts">
        <div>
          <span className="hms-fact-label">{t("Patient")}</span>
          <span className="hms-strong hms-name" dir="auto" title={patient.name}>
            {patient.name}
          </span>
          <span className="hms-muted">
            {patient.patientNumber} · {t(sexWords[patient.sex] ?? patient.sex)}
            {patient.dateOfBirth ? ` · ${ageOf(patient.dateOfBirth)}` : ""}
          </span>
        </div>
        {token ? (
          <output aria-label={t("Token given")}>
            <span className="hms-fact-label">{t("Token given")}</span>
            <span className="hms-figure hms-token">{token}</span>
          </output>
        ) : null}
      </div>
      <QueryState of={[doctors, prefs, settings]} what="the doctors and departments" />
      <form className="hms-form" onSubmit={form.submit} aria-label={t("Start a visit")} noValidate>
        <div className="hms-form-row">
          <SelectField
            label={t("Doctor")}
            {...form.register("doctorId")}
            placeholder={t("Any doctor (general queue)")}
            options={(doctors.data?.doctors ?? []).map((d) => ({
              value: d.id,
              label: `${d.name} (${d.queueLetter})`,
            }))}
            error={form.errorOf("doctorId")}
          />
          <SelectField
            label={t("Department")}
            {...form.register("department")}
            placeholder="—"
            options={(prefs.data?.departments ?? []).map((d) => ({ value: d, label: d }))}
            error={form.errorOf("department")}
          />
        </div>
        <TextField
          label={t("Reason for the visit")}
          {...form.register("reason")}
          error={form.errorOf("reason")}
        />
        <div className="hms-form-row">
          <SelectField
            label={t("Priority")}
            {...form.register("priority")}
            options={[
              { value: "normal", label: t("Normal") },
              { value: "urgent", label: t("Urgent") },
            ]}
          />
          <TextField
            label={t("Consultation fee")}
            inputMode="decimal"
            {...form.register("consultationFee")}
            error={form.errorOf("consultationFee")}
          />
          <TextField
            label={t("Discount")}
            inputMode="decimal"
            {...form.register("discount")}
            error={form.errorOf("discount")}
          />
        </div>
        <div ref={footer}>
          <FormFooter form={form} label={t("Start visit and give token")} size="large" icon={Ticket} />
        </div>
      </form>
    </Panel>
  );
}

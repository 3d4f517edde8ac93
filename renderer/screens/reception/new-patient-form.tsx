import { TriangleAlert } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { useWatch } from "react-hook-form";
import {
  Button,
  FormFooter,
  Panel,
  QueryState,
  SelectField,
  TextAreaField,
  TextField,
  useClinicQuery,
  useCommandForm,
  useToast,
} from "../../components/index.js";
import { msg, useT } from "../../i18n/index.js";
import { birthDateFromAge } from "../shared/format.js";
import type { Patient } from "./patient-finder.js";

/** The birth date typed, or one estimated from the age in years. */
const birthDateOf = (f: Pick<Typed, "dateOfBirth" | "age">) =>
  f.dateOfBirth || (f.age.trim() && Number(f.age) >= 0 ? birthDateFromAge(Number(f.age)) : "");

// Registers a patient. While the name, birth date and phone are typed, likely duplicates (same name and birth date,
// or same phone) are shown with a button to use that record instead; registering anyway stays possible.

const sexes = [
  { value: "female", label: msg("Female") },
  { value: "male", label: msg("Male") },
  { value: "other", label: msg("Other") },
  { value: "unknown", label: msg("Unknown") },
];

interface Typed {
  name: string;
  sex: string;
  dateOfBirth: string;
  age: string;
  phone: string;
  address: string;
}

export function NewPatientForm({
  initialName,
  onRegistered,
  onUseExisting,
  onCancel,
}: {
  initialName: string;
  onRegistered: (p: Patient) => void;
  onUseExisting: (p: Patient) => void;
  onCancel: () => void;
}) {
  const t = useT();
  const notify = useToast();
  const shownDuplicates = useRef(false);
  const form = useCommandForm("registerPatient", {
    defaultValues: { name: initialName, sex: "", dateOfBirth: "", age: "", phone: "", address: "" } as Typed,
    toInput: (f) => ({
      name: f.name,
      sex: f.sex as "female",
      ...(birthDateOf(f) ? { dateOfBirth: birthDateOf(f) } : {}),
      // A date worked out from an age prints as "about N years" on documents.
      ...(f.age.trim() && !f.dateOfBirth ? { dateOfBirthEstimated: true } : {}),
      // The button says "Register anyway" once likely duplicates are shown: the desk has seen them.
      ...(shownDuplicates.current ? { registerAnyway: true } : {}),
      ...(f.phone.trim() ? { phone: f.phone } : {}),
      ...(f.address.trim() ? { address: f.address } : {}),
    }),
    onDone: (r) => {
      notify(t("{name} registered as {number}", { name: r.patient.name, number: r.patient.patientNumber }));
      onRegistered(r.patient);
    },
  });
  const f = useWatch({ control: form.control }) as Typed;
  const dob = birthDateOf(f);
  const [probe, setProbe] = useState<{ name: string; dateOfBirth?: string; phone?: string } | null>(null);
  useEffect(() => {
    const timer = setTimeout(() => {
      const p = {
        name: f.name.trim(),
        ...(dob ? { dateOfBirth: dob } : {}),
        ...(f.phone.trim() ? { phone: f.phone.trim() } : {}),
      };
      setProbe(p.dateOfBirth || p.phone ? p : null);
    }, 250);
    return () => clearTimeout(timer);
  }, [f.name, f.phone, dob]);
  const dupes = useClinicQuery("possibleDuplicates", probe);
  const duplicates = dupes.data?.patients ?? [];
  shownDuplicates.current = duplicates.length > 0;

  return (
    <Panel title={t("Register a new patient")}>
      <form className="hms-form" onSubmit={form.submit} aria-label={t("Register a new patient")} noValidate>
        <TextField
          label={t("Full name")}
          {...form.register("name")}
          error={form.errorOf("name")}
          autoFocus
          autoComplete="off"
        />
        <div className="hms-form-row">
          <SelectField
            label={t("Sex")}
            {...form.register("sex")}
            options={sexes.map((s) => ({ ...s, label: t(s.label) }))}
            placeholder={t("Choose…")}
            error={form.errorOf("sex")}
          />
          <TextField
            label={t("Date of birth")}
            type="date"
            {...form.register("dateOfBirth")}
            error={form.errorOf("dateOfBirth")}
          />
          <TextField
            label={t("Or age in years")}
            inputMode="numeric"
            {...form.register("age")}
            disabled={Boolean(f.dateOfBirth)}
            hint={f.age && !f.dateOfBirth ? t("Born about {date}", { date: dob }) : undefined}
          />
        </div>
        <TextField
          label={t("Phone")}
          type="tel"
          {...form.register("phone")}
          error={form.errorOf("phone")}
          autoComplete="off"
        />
        <TextAreaField
          label={t("Address")}
          {...form.register("address")}
          error={form.errorOf("address")}
          rows={2}
        />
        <QueryState of={dupes} what="possible duplicates" />
        {duplicates.length > 0 ? (
          <div className="hms-notice hms-warn" role="alert" aria-label={t("Possible duplicate")}>
            <div className="hms-strong" style={{ display: "flex", gap: 6, alignItems: "center" }}>
              <TriangleAlert size={16} aria-hidden="true" /> {t("This patient may already be registered")}
            </div>
            <ul style={{ margin: "6px 0 0", paddingInlineStart: 18 }}>
              {duplicates.map((p) => (
                <li key={p.id} style={{ marginBottom: 4 }}>
                  {p.name} ({p.patientNumber}, {p.dateOfBirth ?? t("no birth date")},{" "}
                  {p.phone ?? t("no phone")}) — {p.why}.{" "}
                  <Button
                    size="small"
                    onClick={() => onUseExisting(p)}
                    aria-label={t("Use this record: {name}", { name: p.name })}
                  >
                    {t("Use this record")}
                  </Button>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        <FormFooter form={form} label={duplicates.length ? t("Register anyway") : t("Register patient")}>
          <Button onClick={onCancel}>{t("Back to search")}</Button>
        </FormFooter>
      </form>
    </Panel>
  );
}

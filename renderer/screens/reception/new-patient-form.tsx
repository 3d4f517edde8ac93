import { TriangleAlert } from "lucide-react";
import { type FormEvent, useEffect, useState } from "react";
import {
  Button,
  FormError,
  Panel,
  SelectField,
  TextAreaField,
  TextField,
  useCommand,
  useLive,
  useToast,
} from "../../components/index.js";
import { msg, useT } from "../../i18n/index.js";
import { birthDateFromAge } from "../shared/format.js";
import type { Patient } from "./patient-finder.js";

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
  const [f, setF] = useState<Typed>({
    name: initialName,
    sex: "",
    dateOfBirth: "",
    age: "",
    phone: "",
    address: "",
  });
  const set = (k: keyof Typed) => (e: { target: { value: string } }) =>
    setF((v) => ({ ...v, [k]: e.target.value }));
  const register = useCommand("registerPatient");
  const notify = useToast();

  const dob = f.dateOfBirth || (f.age.trim() && Number(f.age) >= 0 ? birthDateFromAge(Number(f.age)) : "");
  const [probe, setProbe] = useState<{ name: string; dateOfBirth?: string; phone?: string } | null>(null);
  useEffect(() => {
    const t = setTimeout(() => {
      const p = {
        name: f.name.trim(),
        ...(dob ? { dateOfBirth: dob } : {}),
        ...(f.phone.trim() ? { phone: f.phone.trim() } : {}),
      };
      setProbe(p.dateOfBirth || p.phone ? p : null);
    }, 250);
    return () => clearTimeout(t);
  }, [f.name, f.phone, dob]);
  const dupes = useLive("possibleDuplicates", probe);
  const duplicates = dupes.data?.patients ?? [];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await register.run({
      name: f.name,
      sex: f.sex as "female",
      ...(dob ? { dateOfBirth: dob } : {}),
      ...(f.phone.trim() ? { phone: f.phone } : {}),
      ...(f.address.trim() ? { address: f.address } : {}),
    });
    if (r) {
      notify(t("{name} registered as {number}", { name: r.patient.name, number: r.patient.patientNumber }));
      onRegistered(r.patient);
    }
  };

  const err = register.fieldErrors;
  return (
    <Panel title={t("Register a new patient")}>
      <form className="hms-form" onSubmit={submit} aria-label={t("Register a new patient")}>
        <TextField
          label={t("Full name")}
          value={f.name}
          onChange={set("name")}
          error={err.name}
          autoFocus
          autoComplete="off"
        />
        <div className="hms-form-row">
          <SelectField
            label={t("Sex")}
            value={f.sex}
            onChange={set("sex")}
            options={sexes.map((s) => ({ ...s, label: t(s.label) }))}
            placeholder={t("Choose…")}
            error={err.sex}
          />
          <TextField
            label={t("Date of birth")}
            type="date"
            value={f.dateOfBirth}
            onChange={set("dateOfBirth")}
            error={err.dateOfBirth}
          />
          <TextField
            label={t("Or age in years")}
            inputMode="numeric"
            value={f.age}
            onChange={set("age")}
            disabled={Boolean(f.dateOfBirth)}
            hint={f.age && !f.dateOfBirth ? t("Born about {date}", { date: dob }) : undefined}
          />
        </div>
        <TextField
          label={t("Phone")}
          type="tel"
          value={f.phone}
          onChange={set("phone")}
          error={err.phone}
          autoComplete="off"
        />
        <TextAreaField
          label={t("Address")}
          value={f.address}
          onChange={set("address")}
          error={err.address}
          rows={2}
        />
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
        <FormError message={register.formError} />
        <div className="hms-actions">
          <Button type="submit" variant="primary" busy={register.busy}>
            {duplicates.length ? t("Register anyway") : t("Register patient")}
          </Button>
          <Button onClick={onCancel}>{t("Back to search")}</Button>
        </div>
      </form>
    </Panel>
  );
}

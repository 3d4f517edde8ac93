import { TriangleAlert } from "lucide-react";
import { useEffect, useState } from "react";
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
import { birthDateFromAge } from "../shared/format.js";
import type { Patient } from "./patient-finder.js";

/** The birth date typed, or one estimated from the age in years. */
const birthDateOf = (f: Pick<Typed, "dateOfBirth" | "age">) =>
  f.dateOfBirth || (f.age.trim() && Number(f.age) >= 0 ? birthDateFromAge(Number(f.age)) : "");

// Registers a patient. While the name, birth date and phone are typed, likely duplicates (same name and birth date,
// or same phone) are shown with a button to use that record instead; registering anyway stays possible.

const sexes = [
  { value: "female", label: "Female" },
  { value: "male", label: "Male" },
  { value: "other", label: "Other" },
  { value: "unknown", label: "Unknown" },
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
  const notify = useToast();
  const form = useCommandForm("registerPatient", {
    defaultValues: { name: initialName, sex: "", dateOfBirth: "", age: "", phone: "", address: "" } as Typed,
    toInput: (f) => ({
      name: f.name,
      sex: f.sex as "female",
      ...(birthDateOf(f) ? { dateOfBirth: birthDateOf(f) } : {}),
      ...(f.phone.trim() ? { phone: f.phone } : {}),
      ...(f.address.trim() ? { address: f.address } : {}),
    }),
    onDone: (r) => {
      notify(`${r.patient.name} registered as ${r.patient.patientNumber}`);
      onRegistered(r.patient);
    },
  });
  const f = useWatch({ control: form.control }) as Typed;
  const dob = birthDateOf(f);
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
  const dupes = useClinicQuery("possibleDuplicates", probe);
  const duplicates = dupes.data?.patients ?? [];

  return (
    <Panel title="Register a new patient">
      <form className="hms-form" onSubmit={form.submit} aria-label="Register a new patient" noValidate>
        <TextField
          label="Full name"
          {...form.register("name")}
          error={form.errorOf("name")}
          autoFocus
          autoComplete="off"
        />
        <div className="hms-form-row">
          <SelectField
            label="Sex"
            {...form.register("sex")}
            options={sexes}
            placeholder="Choose…"
            error={form.errorOf("sex")}
          />
          <TextField
            label="Date of birth"
            type="date"
            {...form.register("dateOfBirth")}
            error={form.errorOf("dateOfBirth")}
          />
          <TextField
            label="Or age in years"
            inputMode="numeric"
            {...form.register("age")}
            disabled={Boolean(f.dateOfBirth)}
            hint={f.age && !f.dateOfBirth ? `Born about ${dob}` : undefined}
          />
        </div>
        <TextField
          label="Phone"
          type="tel"
          {...form.register("phone")}
          error={form.errorOf("phone")}
          autoComplete="off"
        />
        <TextAreaField
          label="Address"
          {...form.register("address")}
          error={form.errorOf("address")}
          rows={2}
        />
        <QueryState of={dupes} what="possible duplicates" />
        {duplicates.length > 0 ? (
          <div className="hms-notice hms-warn" role="alert" aria-label="Possible duplicate">
            <div className="hms-strong" style={{ display: "flex", gap: 6, alignItems: "center" }}>
              <TriangleAlert size={16} aria-hidden="true" /> This patient may already be registered
            </div>
            <ul style={{ margin: "6px 0 0", paddingLeft: 18 }}>
              {duplicates.map((p) => (
                <li key={p.id} style={{ marginBottom: 4 }}>
                  {p.name} ({p.patientNumber}, {p.dateOfBirth ?? "no birth date"}, {p.phone ?? "no phone"}) —{" "}
                  {p.why}.{" "}
                  <Button
                    size="small"
                    onClick={() => onUseExisting(p)}
                    aria-label={`Use existing record of ${p.name}`}
                  >
                    Use this record
                  </Button>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        <FormFooter form={form} label={duplicates.length ? "Register anyway" : "Register patient"}>
          <Button onClick={onCancel}>Back to search</Button>
        </FormFooter>
      </form>
    </Panel>
  );
}

import { Plus, Trash2 } from "lucide-react";
import { useFieldArray } from "react-hook-form";
import {
  Button,
  FormError,
  FormFooter,
  QueryState,
  SelectField,
  TextAreaField,
  TextField,
  useClinicQuery,
  useCommandForm,
  useToast,
} from "../../components/index.js";
import { useT } from "../../i18n/index.js";
import { dateOf, daysFromToday } from "../shared/format.js";

// The doctor's forms for one visit, each checked by the contract's own schema before it is sent. What was typed
// stays when the API refuses it, with the error beside the field concerned; after a form is recorded the focus
// goes back to its first field, ready for the next entry.

const num = (s: string) => (s.trim() === "" ? undefined : Number(s.replace(",", ".")));

const vitalSigns = ["temperatureC", "pulse", "systolic", "diastolic", "spo2", "weightKg"] as const;
type Vitals = Record<(typeof vitalSigns)[number], string>;

export function VitalsForm({ visitId }: { visitId: string }) {
  const t = useT();
  const notify = useToast();
  const blank = Object.fromEntries(vitalSigns.map((k) => [k, ""])) as Vitals;
  const form = useCommandForm("recordVitals", {
    defaultValues: { vitals: blank },
    toInput: (f) => ({
      visitId,
      vitals: Object.fromEntries(
        Object.entries(f.vitals)
          .map(([k, s]) => [k, num(s)])
          .filter(([, n]) => n !== undefined),
      ),
    }),
    onDone: () => notify(t("Vitals recorded")),
  });
  const field = (k: keyof Vitals, label: string, inputMode: "decimal" | "numeric") => (
    <TextField
      label={label}
      inputMode={inputMode}
      {...form.register(`vitals.${k}`)}
      error={form.errorOf(`vitals.${k}`)}
    />
  );
  return (
    <form className="hms-form" onSubmit={form.submit} aria-label={t("Vitals")} noValidate>
      <div className="hms-form-row">
        {field("temperatureC", t("Temperature (°C)"), "decimal")}
        {field("pulse", t("Pulse (/min)"), "numeric")}
        {field("systolic", t("Systolic (mmHg)"), "numeric")}
        {field("diastolic", t("Diastolic (mmHg)"), "numeric")}
        {field("spo2", t("SpO₂ (%)"), "numeric")}
        {field("weightKg", t("Weight (kg)"), "decimal")}
      </div>
      {/* "at least one vital sign" concerns the group, not one of its fields */}
      <FormError message={form.errorOf("vitals")} />
      <FormFooter form={form} label={t("Record vitals")} />
    </form>
  );
}

interface Item {
  drug: string;
  dose: string;
  frequency: string;
  duration: string;
  instructions: string;
}
const blankItem: Item = { drug: "", dose: "", frequency: "", duration: "", instructions: "" };

export function PrescriptionForm({ visitId }: { visitId: string }) {
  const t = useT();
  const notify = useToast();
  const form = useCommandForm("prescribe", {
    defaultValues: { items: [blankItem] },
    toInput: (f) => ({
      visitId,
      items: f.items.map(({ instructions, ...it }) => ({
        ...it,
        ...(instructions.trim() ? { instructions } : {}),
      })),
    }),
    onDone: () => {
      notify(t("Prescription recorded"));
      form.reset({ items: [blankItem] });
      form.setFocus("items.0.drug");
    },
  });
  const items = useFieldArray({ control: form.control, name: "items" });
  const err = (i: number, k: keyof Item) => form.errorOf(`items.${i}.${k}`);
  return (
    <form className="hms-form" onSubmit={form.submit} aria-label={t("Prescription")} noValidate>
      {items.fields.map((row, i) => (
        <fieldset key={row.id} className="hms-form-row" style={{ border: 0, padding: 0, margin: 0 }}>
          <legend className="hms-visually-hidden">{t("Medicine {n}", { n: i + 1 })}</legend>
          <TextField
            label={t("Drug {n}", { n: i + 1 })}
            {...form.register(`items.${i}.drug`)}
            error={err(i, "drug")}
          />
          <TextField
            label={t("Dose {n}", { n: i + 1 })}
            {...form.register(`items.${i}.dose`)}
            error={err(i, "dose")}
            placeholder="500 mg"
          />
          <TextField
            label={t("Frequency {n}", { n: i + 1 })}
            {...form.register(`items.${i}.frequency`)}
            error={err(i, "frequency")}
            placeholder={t("3 times a day")}
          />
          <TextField
            label={t("Duration {n}", { n: i + 1 })}
            {...form.register(`items.${i}.duration`)}
            error={err(i, "duration")}
            placeholder={t("5 days")}
          />
          <TextField
            label={t("Instructions {n}", { n: i + 1 })}
            {...form.register(`items.${i}.instructions`)}
            error={err(i, "instructions")}
            placeholder={t("after meals")}
          />
        </fieldset>
      ))}
      <FormFooter form={form} label={t("Prescribe")}>
        <Button icon={Plus} onClick={() => items.append({ ...blankItem })}>
          {t("Another medicine")}
        </Button>
        {items.fields.length > 1 ? (
          <Button variant="ghost" icon={Trash2} onClick={() => items.remove(items.fields.length - 1)}>
            {t("Remove last")}
          </Button>
        ) : null}
      </FormFooter>
    </form>
  );
}

export function OrderTestsForm({ visitId }: { visitId: string }) {
  const t = useT();
  const catalogue = useClinicQuery("testCatalogue", {});
  const notify = useToast();
  const tests = catalogue.data?.tests ?? [];
  const picked = (codes: readonly string[]) => tests.filter((test) => codes.includes(test.code));
  const form = useCommandForm("orderTests", {
    defaultValues: { codes: [] as string[], priority: "normal" },
    toInput: (f) => ({
      visitId,
      tests: picked(f.codes).map((test) => ({ name: test.name, specimen: test.specimen })),
      priority: f.priority as "normal",
    }),
    onDone: (_r, f) => {
      notify(t("{n, plural, one {# test ordered} other {# tests ordered}}", { n: picked(f.codes).length }));
      form.reset({ codes: [], priority: f.priority });
    },
  });
  return (
    <form className="hms-form" onSubmit={form.submit} aria-label={t("Order tests")} noValidate>
      <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
        <legend className="hms-strong" style={{ marginBottom: 6 }}>
          {t("Tests from the catalogue")}
        </legend>
        <QueryState of={catalogue} what="the test catalogue" />
        <div style={{ display: "grid", gridTemplateColumns: "1fr 1fr", gap: 6 }}>
          {tests.map((test) => (
            <label key={test.code} className="hms-check">
              <input type="checkbox" value={test.code} {...form.register("codes")} />
              <span>
                {test.name} <span className="hms-muted">· {test.specimen}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <div style={{ maxWidth: 220 }}>
        <SelectField
          label={t("Priority")}
          {...form.register("priority")}
          options={[
            { value: "normal", label: t("Normal") },
            { value: "urgent", label: t("Urgent") },
            { value: "stat", label: t("Immediately (stat)") },
          ]}
        />
      </div>
      <FormFooter form={form} label={t("Order tests")} />
    </form>
  );
}

export function ReferralForm({ visitId }: { visitId: string }) {
  const t = useT();
  const notify = useToast();
  const blank = { referredTo: "", specialty: "", reason: "" };
  const form = useCommandForm("refer", {
    defaultValues: blank,
    toInput: (f) => ({
      visitId,
      referredTo: f.referredTo,
      ...(f.specialty.trim() ? { specialty: f.specialty } : {}),
      ...(f.reason.trim() ? { reason: f.reason } : {}),
    }),
    onDone: (_r, f) => {
      notify(t("Referral to {whom} recorded", { whom: f.referredTo }));
      form.reset(blank);
      form.setFocus("referredTo");
    },
  });
  return (
    <form className="hms-form" onSubmit={form.submit} aria-label={t("Referral")} noValidate>
      <div className="hms-form-row">
        <TextField
          label={t("Referred to")}
          {...form.register("referredTo")}
          error={form.errorOf("referredTo")}
        />
        <TextField label={t("Specialty")} {...form.register("specialty")} error={form.errorOf("specialty")} />
      </div>
      <TextAreaField
        label={t("Reason for referral")}
        {...form.register("reason")}
        error={form.errorOf("reason")}
        rows={2}
      />
      <FormFooter form={form} label={t("Give referral")} />
    </form>
  );
}

export function FollowUpForm({ visitId }: { visitId: string }) {
  const t = useT();
  const notify = useToast();
  const form = useCommandForm("scheduleFollowUp", {
    defaultValues: { dueDate: daysFromToday(14), reason: "" },
    toInput: (f) => ({ visitId, dueDate: f.dueDate, ...(f.reason.trim() ? { reason: f.reason } : {}) }),
    onDone: (_r, f) => {
      notify(t("Follow-up booked for {date}", { date: dateOf(f.dueDate) }));
      form.reset({ dueDate: f.dueDate, reason: "" });
    },
  });
  return (
    <form className="hms-form" onSubmit={form.submit} aria-label={t("Follow-up")} noValidate>
      <div className="hms-form-row">
        <TextField
          label={t("Follow-up date")}
          type="date"
          {...form.register("dueDate")}
          error={form.errorOf("dueDate")}
        />
        <TextField
          label={t("Follow-up reason")}
          {...form.register("reason")}
          error={form.errorOf("reason")}
        />
      </div>
      <FormFooter form={form} label={t("Book follow-up")} />
    </form>
  );
}

import { Plus, Trash2 } from "lucide-react";
import { type FormEvent, useState } from "react";
import {
  Button,
  FormError,
  QueryState,
  SelectField,
  TextAreaField,
  TextField,
  useClinicQuery,
  useCommand,
  useToast,
} from "../../components/index.js";
import { useT } from "../../i18n/index.js";
import { dateOf, daysFromToday } from "../shared/format.js";

// The doctor's forms for one visit. Each keeps what was typed when the API refuses it and shows the error beside
// the field concerned.

const num = (s: string) => (s.trim() === "" ? undefined : Number(s));

export function VitalsForm({ visitId }: { visitId: string }) {
  const t = useT();
  const record = useCommand("recordVitals");
  const notify = useToast();
  const [v, setV] = useState({
    temperatureC: "",
    pulse: "",
    systolic: "",
    diastolic: "",
    spo2: "",
    weightKg: "",
  });
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) =>
    setV((x) => ({ ...x, [k]: e.target.value }));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const vitals = Object.fromEntries(
      Object.entries(v)
        .map(([k, s]) => [k, num(s)])
        .filter(([, n]) => n !== undefined),
    );
    if (await record.run({ visitId, vitals })) notify(t("Vitals recorded"));
  };
  const err = (k: string) => record.fieldErrors[`vitals.${k}`];
  return (
    <form className="hms-form" onSubmit={submit} aria-label={t("Vitals")}>
      <div className="hms-form-row">
        <TextField
          label={t("Temperature (°C)")}
          inputMode="decimal"
          value={v.temperatureC}
          onChange={set("temperatureC")}
          error={err("temperatureC")}
        />
        <TextField
          label={t("Pulse (/min)")}
          inputMode="numeric"
          value={v.pulse}
          onChange={set("pulse")}
          error={err("pulse")}
        />
        <TextField
          label={t("Systolic (mmHg)")}
          inputMode="numeric"
          value={v.systolic}
          onChange={set("systolic")}
          error={err("systolic")}
        />
        <TextField
          label={t("Diastolic (mmHg)")}
          inputMode="numeric"
          value={v.diastolic}
          onChange={set("diastolic")}
          error={err("diastolic")}
        />
        <TextField
          label={t("SpO₂ (%)")}
          inputMode="numeric"
          value={v.spo2}
          onChange={set("spo2")}
          error={err("spo2")}
        />
        <TextField
          label={t("Weight (kg)")}
          inputMode="decimal"
          value={v.weightKg}
          onChange={set("weightKg")}
          error={err("weightKg")}
        />
      </div>
      <FormError
        message={
          record.formError ??
          (record.fieldErrors.vitals && !Object.keys(record.fieldErrors).some((k) => k.startsWith("vitals."))
            ? record.fieldErrors.vitals
            : null)
        }
      />
      <div className="hms-actions">
        <Button type="submit" variant="primary" busy={record.busy}>
          {t("Record vitals")}
        </Button>
      </div>
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
const blank: Item = { drug: "", dose: "", frequency: "", duration: "", instructions: "" };

export function PrescriptionForm({ visitId }: { visitId: string }) {
  const t = useT();
  const prescribe = useCommand("prescribe");
  const notify = useToast();
  const [items, setItems] = useState<Item[]>([{ ...blank }]);
  const set = (i: number, k: keyof Item) => (e: { target: { value: string } }) =>
    setItems((all) => all.map((it, j) => (j === i ? { ...it, [k]: e.target.value } : it)));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await prescribe.run({
      visitId,
      items: items.map(({ instructions, ...it }) => ({
        ...it,
        ...(instructions.trim() ? { instructions } : {}),
      })),
    });
    if (r) {
      notify(t("Prescription recorded"));
      setItems([{ ...blank }]);
    }
  };
  return (
    <form className="hms-form" onSubmit={submit} aria-label={t("Prescription")}>
      {items.map((it, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are only added and removed at the end, so a position stays one row
        <fieldset key={i} className="hms-form-row" style={{ border: 0, padding: 0, margin: 0 }}>
          <legend className="hms-visually-hidden">Medicine {i + 1}</legend>
          <TextField
            label={t("Drug {n}", { n: i + 1 })}
            value={it.drug}
            onChange={set(i, "drug")}
            error={prescribe.fieldErrors[`items.${i}.drug`]}
          />
          <TextField
            label={t("Dose {n}", { n: i + 1 })}
            value={it.dose}
            onChange={set(i, "dose")}
            error={prescribe.fieldErrors[`items.${i}.dose`]}
            placeholder="500 mg"
          />
          <TextField
            label={t("Frequency {n}", { n: i + 1 })}
            value={it.frequency}
            onChange={set(i, "frequency")}
            error={prescribe.fieldErrors[`items.${i}.frequency`]}
            placeholder="3 times a day"
          />
          <TextField
            label={t("Duration {n}", { n: i + 1 })}
            value={it.duration}
            onChange={set(i, "duration")}
            error={prescribe.fieldErrors[`items.${i}.duration`]}
            placeholder="5 days"
          />
          <TextField
            label={t("Instructions {n}", { n: i + 1 })}
            value={it.instructions}
            onChange={set(i, "instructions")}
            error={prescribe.fieldErrors[`items.${i}.instructions`]}
            placeholder={t("after meals")}
          />
        </fieldset>
      ))}
      <FormError message={prescribe.formError} />
      <div className="hms-actions">
        <Button type="submit" variant="primary" busy={prescribe.busy}>
          {t("Prescribe")}
        </Button>
        <Button icon={Plus} onClick={() => setItems((all) => [...all, { ...blank }])}>
          {t("Another medicine")}
        </Button>
        {items.length > 1 ? (
          <Button variant="ghost" icon={Trash2} onClick={() => setItems((all) => all.slice(0, -1))}>
            {t("Remove last")}
          </Button>
        ) : null}
      </div>
    </form>
  );
}

export function OrderTestsForm({ visitId }: { visitId: string }) {
  const t = useT();
  const catalogue = useClinicQuery("testCatalogue", {});
  const order = useCommand("orderTests");
  const notify = useToast();
  const [chosen, setChosen] = useState<string[]>([]);
  const [priority, setPriority] = useState("normal");
  const tests = catalogue.data?.tests ?? [];
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const picked = tests.filter((test) => chosen.includes(test.code));
    const r = await order.run({
      visitId,
      tests: picked.map((test) => ({ name: test.name, specimen: test.specimen })),
      priority: priority as "normal",
    });
    if (r) {
      notify(t("{n, plural, one {# test ordered} other {# tests ordered}}", { n: picked.length }));
      setChosen([]);
    }
  };
  return (
    <form className="hms-form" onSubmit={submit} aria-label={t("Order tests")}>
      <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
        <legend className="hms-strong" style={{ marginBottom: 6 }}>
          {t("Tests from the catalogue")}
        </legend>
        <QueryState of={catalogue} what="the test catalogue" />
        <div style={{ display: "grid", gridTemplateColumns: "1fr 1fr", gap: 6 }}>
          {tests.map((test) => (
            <label key={test.code} className="hms-check">
              <input
                type="checkbox"
                checked={chosen.includes(test.code)}
                onChange={(e) =>
                  setChosen((c) => (e.target.checked ? [...c, test.code] : c.filter((x) => x !== test.code)))
                }
              />
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
          value={priority}
          onChange={(e) => setPriority(e.target.value)}
          options={[
            { value: "normal", label: t("Normal") },
            { value: "urgent", label: t("Urgent") },
            { value: "stat", label: t("Immediately (stat)") },
          ]}
        />
      </div>
      <FormError
        message={order.formError ?? (order.fieldErrors.tests ? t("Tick at least one test.") : null)}
      />
      <div className="hms-actions">
        <Button type="submit" variant="primary" busy={order.busy}>
          {t("Order tests")}
        </Button>
      </div>
    </form>
  );
}

export function ReferralForm({ visitId }: { visitId: string }) {
  const t = useT();
  const refer = useCommand("refer");
  const notify = useToast();
  const [f, setF] = useState({ referredTo: "", specialty: "", reason: "" });
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) =>
    setF((x) => ({ ...x, [k]: e.target.value }));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await refer.run({
      visitId,
      referredTo: f.referredTo,
      ...(f.specialty.trim() ? { specialty: f.specialty } : {}),
      ...(f.reason.trim() ? { reason: f.reason } : {}),
    });
    if (r) {
      notify(t("Referral to {whom} recorded", { whom: f.referredTo }));
      setF({ referredTo: "", specialty: "", reason: "" });
    }
  };
  return (
    <form className="hms-form" onSubmit={submit} aria-label={t("Referral")}>
      <div className="hms-form-row">
        <TextField
          label={t("Referred to")}
          value={f.referredTo}
          onChange={set("referredTo")}
          error={refer.fieldErrors.referredTo}
        />
        <TextField label={t("Specialty")} value={f.specialty} onChange={set("specialty")} />
      </div>
      <TextAreaField label={t("Reason for referral")} value={f.reason} onChange={set("reason")} rows={2} />
      <FormError message={refer.formError} />
      <div className="hms-actions">
        <Button type="submit" variant="primary" busy={refer.busy}>
          {t("Give referral")}
        </Button>
      </div>
    </form>
  );
}

export function FollowUpForm({ visitId }: { visitId: string }) {
  const t = useT();
  const book = useCommand("scheduleFollowUp");
  const notify = useToast();
  const [dueDate, setDueDate] = useState(daysFromToday(14));
  const [reason, setReason] = useState("");
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await book.run({ visitId, dueDate, ...(reason.trim() ? { reason } : {}) })) {
      notify(t("Follow-up booked for {date}", { date: dateOf(dueDate) }));
      setReason("");
    }
  };
  return (
    <form className="hms-form" onSubmit={submit} aria-label={t("Follow-up")}>
      <div className="hms-form-row">
        <TextField
          label={t("Follow-up date")}
          type="date"
          value={dueDate}
          onChange={(e) => setDueDate(e.target.value)}
          error={book.fieldErrors.dueDate}
        />
        <TextField
          label={t("Follow-up reason")}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          error={book.fieldErrors.reason}
        />
      </div>
      <FormError message={book.formError} />
      <div className="hms-actions">
        <Button type="submit" variant="primary" busy={book.busy}>
          {t("Book follow-up")}
        </Button>
      </div>
    </form>
  );
}

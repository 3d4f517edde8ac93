import { type FormEvent, useEffect, useState } from "react";
import {
  Button,
  FormError,
  Panel,
  QueryState,
  TextField,
  useClinicQuery,
  useCommand,
  useToast,
} from "../../components/index.js";
import { useT } from "../../i18n/index.js";

// The clinic's settings: its name, the idle-lock time and the usual consultation fee.

export function SettingsScreen() {
  const t = useT();
  const current = useClinicQuery("settings", {});
  const save = useCommand("updateSettings");
  const toast = useToast();
  const [form, setForm] = useState({
    clinicName: "",
    lockAfterMinutes: "5",
    consultationFee: "",
    currency: "",
  });
  useEffect(() => {
    const s = current.data;
    if (s)
      setForm({
        clinicName: s.clinicName,
        lockAfterMinutes: String(s.lockAfterMinutes),
        consultationFee: s.consultationFee === null ? "" : String(s.consultationFee),
        currency: s.currency ?? "",
      });
  }, [current.data]);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [k]: e.target.value });

  async function submit(e: FormEvent) {
    e.preventDefault();
    const saved = await save.run({
      clinicName: form.clinicName,
      lockAfterMinutes: Number(form.lockAfterMinutes),
      consultationFee: form.consultationFee.trim() === "" ? null : Number(form.consultationFee),
      currency: form.currency.trim() === "" ? null : form.currency,
    });
    if (saved) toast("Settings saved. The new idle-lock time applies from the next sign-in.");
  }

  return (
    <div className="hms-screen">
      <h1>{t("Settings")}</h1>
      <div className="shell-narrow">
        <Panel title={t("This clinic")}>
          <QueryState of={current} what="the settings" />
          <form className="hms-form" onSubmit={submit} aria-label={t("Clinic settings")}>
            <TextField
              label={t("Clinic name")}
              value={form.clinicName}
              onChange={set("clinicName")}
              error={save.fieldErrors.clinicName}
            />
            <TextField
              label={t("Lock the screen after (minutes without use)")}
              type="number"
              min={1}
              max={240}
              value={form.lockAfterMinutes}
              onChange={set("lockAfterMinutes")}
              error={save.fieldErrors.lockAfterMinutes}
            />
            <TextField
              label={t("Usual consultation fee")}
              inputMode="decimal"
              value={form.consultationFee}
              onChange={set("consultationFee")}
              error={save.fieldErrors.consultationFee}
              hint={t("Billed at registration unless the desk types another amount")}
            />
            <TextField
              label={t("Currency code")}
              value={form.currency}
              onChange={set("currency")}
              error={save.fieldErrors.currency}
              hint={t("Three letters, e.g. KES, NGN, USD")}
              maxLength={3}
            />
            <FormError message={save.formError} />
            <Button type="submit" variant="primary" busy={save.busy}>
              {t("Save settings")}
            </Button>
          </form>
        </Panel>
      </div>
    </div>
  );
}

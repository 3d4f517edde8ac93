import type { OutputOf } from "../../../api/contract.js";
import {
  FormFooter,
  Panel,
  QueryState,
  TextField,
  useClinicQuery,
  useCommandForm,
  useToast,
} from "../../components/index.js";
import { useT } from "../../i18n/index.js";

// The clinic's settings: its name, the idle-lock time and the usual consultation fee.

export function SettingsScreen() {
  const t = useT();
  const current = useClinicQuery("settings", {});
  return (
    <div className="hms-screen">
      <h1>{t("Settings")}</h1>
      <div className="shell-narrow">
        <Panel title={t("This clinic")}>
          <QueryState of={current} what="the settings" />
          {/* the form is filled once, from the settings as they first arrive */}
          {current.data ? <SettingsForm loaded={current.data} /> : null}
        </Panel>
      </div>
    </div>
  );
}

function SettingsForm({ loaded }: { loaded: OutputOf<"settings"> }) {
  const t = useT();
  const toast = useToast();
  const form = useCommandForm("updateSettings", {
    defaultValues: {
      clinicName: loaded.clinicName,
      lockAfterMinutes: String(loaded.lockAfterMinutes),
      consultationFee: loaded.consultationFee === null ? "" : String(loaded.consultationFee),
      currency: loaded.currency ?? "",
    },
    toInput: (f) => ({
      clinicName: f.clinicName,
      lockAfterMinutes: Number(f.lockAfterMinutes),
      consultationFee: f.consultationFee.trim() === "" ? null : Number(f.consultationFee.replace(",", ".")),
      currency: f.currency.trim() === "" ? null : f.currency,
    }),
    onDone: () => toast(t("Settings saved. The new idle-lock time applies from the next sign-in.")),
  });
  return (
    <form className="hms-form" onSubmit={form.submit} aria-label={t("Clinic settings")} noValidate>
      <TextField
        label={t("Clinic name")}
        {...form.register("clinicName")}
        error={form.errorOf("clinicName")}
      />
      <TextField
        label={t("Lock the screen after (minutes without use)")}
        type="number"
        min={1}
        max={240}
        {...form.register("lockAfterMinutes")}
        error={form.errorOf("lockAfterMinutes")}
      />
      <TextField
        label={t("Usual consultation fee")}
        inputMode="decimal"
        {...form.register("consultationFee")}
        error={form.errorOf("consultationFee")}
        hint={t("Billed at registration unless the desk types another amount")}
      />
      <TextField
        label={t("Currency code")}
        {...form.register("currency")}
        error={form.errorOf("currency")}
        hint={t("Three letters, e.g. KES, NGN, USD")}
        maxLength={3}
      />
      <FormFooter form={form} label={t("Save settings")} />
    </form>
  );
}

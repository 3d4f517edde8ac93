import { type FormEvent, useState } from "react";
import type { OutputOf } from "../../api/contract.js";
import type { ClinicClient } from "../api/client.js";
import { Button, FormError, TextField } from "../components/index.js";
import { useT } from "../i18n/index.js";
import { useFormCall } from "./use-form-call.js";

// First run: the clinic's name and its administrator. Nothing else works until this is done.

export function SetupScreen({
  client,
  onDone,
}: {
  client: ClinicClient;
  onDone(session: OutputOf<"setupClinic">): void;
}) {
  const t = useT();
  const call = useFormCall(client, "setupClinic", { WEAK_PASSWORD: "password" });
  const [form, setForm] = useState({
    clinicName: "",
    adminName: "",
    username: "",
    password: "",
    confirm: "",
  });
  const [mismatch, setMismatch] = useState<string | null>(null);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [k]: e.target.value });

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (form.password !== form.confirm) {
      setMismatch(t("The two passwords are not the same."));
      return;
    }
    setMismatch(null);
    const { confirm: _confirm, ...input } = form;
    const session = await call.run(input);
    if (session) onDone(session);
  }

  return (
    <main className="shell-centre">
      <form className="shell-card" onSubmit={submit} aria-labelledby="setup-title">
        <h1 id="setup-title">{t("Set up this clinic")}</h1>
        <p className="hms-muted">
          {t(
            "This is the first start. Name the clinic and create the administrator's account; the administrator then adds reception, doctors and the laboratory.",
          )}
        </p>
        <TextField
          label={t("Clinic name")}
          value={form.clinicName}
          onChange={set("clinicName")}
          error={call.fieldErrors.clinicName}
          autoFocus
        />
        <TextField
          label={t("Administrator's full name")}
          value={form.adminName}
          onChange={set("adminName")}
          error={call.fieldErrors.adminName}
          autoComplete="name"
        />
        <TextField
          label={t("Username")}
          value={form.username}
          onChange={set("username")}
          error={call.fieldErrors.username}
          autoComplete="username"
          hint={t("Letters, digits, '.', '_' or '-'")}
        />
        <TextField
          label={t("Password")}
          type="password"
          value={form.password}
          onChange={set("password")}
          error={call.fieldErrors.password}
          autoComplete="new-password"
          hint={t("At least 8 characters; not a common password")}
        />
        <TextField
          label={t("Password again")}
          type="password"
          value={form.confirm}
          onChange={set("confirm")}
          error={mismatch ?? undefined}
          autoComplete="new-password"
        />
        <FormError message={call.formError} />
        <Button type="submit" variant="primary" size="large" busy={call.busy}>
          {t("Create the clinic")}
        </Button>
      </form>
    </main>
  );
}

import type { OutputOf } from "../../api/contract.js";
import type { ClinicClient } from "../api/client.js";
import { FormFooter, TextField, useCommandForm } from "../components/index.js";
import { useT } from "../i18n/index.js";

// First run: the clinic's name and its administrator. Nothing else works until this is done.

export function SetupScreen({
  client,
  onDone,
}: {
  client: ClinicClient;
  onDone(session: OutputOf<"setupClinic">): void;
}) {
  const t = useT();
  const form = useCommandForm("setupClinic", {
    client,
    defaultValues: { clinicName: "", adminName: "", username: "", password: "", confirm: "" },
    codeFields: { WEAK_PASSWORD: "password" },
    toInput: ({ confirm: _confirm, ...input }) => input,
    onDone: (session) => onDone(session),
  });
  // The password typed twice is the form's own check: the server never sees the second copy.
  const submit = (e?: { preventDefault(): void }) => {
    e?.preventDefault();
    const { password, confirm } = form.getValues();
    if (password !== confirm) {
      form.setError("confirm", { type: "client", message: t("The two passwords are not the same.") });
      form.setFocus("confirm");
      return;
    }
    return form.submit();
  };
  return (
    <main className="shell-centre">
      <form className="shell-card" onSubmit={submit} aria-labelledby="setup-title" noValidate>
        <h1 id="setup-title">{t("Set up this clinic")}</h1>
        <p className="hms-muted">
          {t(
            "This is the first start. Name the clinic and create the administrator's account; the administrator then adds reception, doctors and the laboratory.",
          )}
        </p>
        <TextField
          label={t("Clinic name")}
          {...form.register("clinicName")}
          error={form.errorOf("clinicName")}
          autoFocus
        />
        <TextField
          label={t("Administrator's full name")}
          {...form.register("adminName")}
          error={form.errorOf("adminName")}
          autoComplete="name"
        />
        <TextField
          label={t("Username")}
          {...form.register("username")}
          error={form.errorOf("username")}
          autoComplete="username"
          hint={t("Letters, digits, '.', '_' or '-'")}
        />
        <TextField
          label={t("Password")}
          type="password"
          {...form.register("password")}
          error={form.errorOf("password")}
          autoComplete="new-password"
          hint={t("At least 8 characters; not a common password")}
        />
        <TextField
          label={t("Password again")}
          type="password"
          {...form.register("confirm")}
          error={form.errorOf("confirm")}
          autoComplete="new-password"
        />
        <FormFooter form={form} label={t("Create the clinic")} size="large" />
      </form>
    </main>
  );
}

import type { OutputOf } from "../../api/contract.js";
import type { ClinicClient } from "../api/client.js";
import { FormFooter, TextField, useCommandForm } from "../components/index.js";
import { useT } from "../i18n/index.js";

export function SignInScreen({
  client,
  clinicName,
  notice,
  onSignedIn,
}: {
  client: ClinicClient;
  clinicName: string | null;
  notice?: string | null;
  onSignedIn(session: OutputOf<"signIn">): void;
}) {
  const t = useT();
  const form = useCommandForm("signIn", {
    client,
    defaultValues: { username: "", password: "" },
    toInput: (f) => f,
    onDone: (session) => onSignedIn(session),
    // A refused sign-in empties the password, ready to be typed again.
    onRefused: () => form.setValue("password", ""),
  });
  return (
    <main className="shell-centre">
      <form className="shell-card" onSubmit={form.submit} aria-labelledby="sign-in-title" noValidate>
        <p className="shell-clinic">{clinicName}</p>
        <h1 id="sign-in-title">{t("Sign in")}</h1>
        {notice ? <p className="hms-notice">{notice}</p> : null}
        <TextField
          label={t("Username")}
          {...form.register("username")}
          error={form.errorOf("username")}
          autoComplete="username"
          autoFocus
        />
        <TextField
          label={t("Password")}
          type="password"
          {...form.register("password")}
          error={form.errorOf("password")}
          autoComplete="current-password"
        />
        <FormFooter form={form} label={t("Sign in")} size="large" />
      </form>
    </main>
  );
}

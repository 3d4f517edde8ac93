import { type FormEvent, useState } from "react";
import type { OutputOf } from "../../api/contract.js";
import type { ClinicClient } from "../api/client.js";
import { Button, FormError, TextField } from "../components/index.js";
import { useT } from "../i18n/index.js";
import { useFormCall } from "./use-form-call.js";

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
  const call = useFormCall(client, "signIn");
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");

  async function submit(e: FormEvent) {
    e.preventDefault();
    const session = await call.run({ username, password });
    if (session) onSignedIn(session);
    else setPassword("");
  }

  return (
    <main className="shell-centre">
      <form className="shell-card" onSubmit={submit} aria-labelledby="sign-in-title">
        <p className="shell-clinic">{clinicName}</p>
        <h1 id="sign-in-title">{t("Sign in")}</h1>
        {notice ? <p className="hms-notice">{notice}</p> : null}
        <TextField
          label={t("Username")}
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          error={call.fieldErrors.username}
          autoComplete="username"
          autoFocus
        />
        <TextField
          label={t("Password")}
          type="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={call.fieldErrors.password}
          autoComplete="current-password"
        />
        <FormError message={call.formError} />
        <Button type="submit" variant="primary" size="large" busy={call.busy}>
          {t("Sign in")}
        </Button>
      </form>
    </main>
  );
}

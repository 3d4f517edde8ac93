import { type FormEvent, useState } from "react";
import type { ClinicClient } from "../api/client.js";
import type { SignedInStaff } from "../components/index.js";
import { Button, FormError, TextField } from "../components/index.js";
import { useT } from "../i18n/index.js";
import { useFormCall } from "./use-form-call.js";

// The screen locked after idle time (or by the Lock button). Only the person signed in can unlock with their
// password; anyone else signs them out and signs in fully. Nothing of the work screen shows behind it.

export function LockScreen({
  client,
  staff,
  clinicName,
  onUnlocked,
  onSwitchUser,
}: {
  client: ClinicClient;
  staff: SignedInStaff;
  clinicName: string;
  onUnlocked(): void;
  onSwitchUser(): void;
}) {
  const t = useT();
  const call = useFormCall(client, "unlock");
  const [password, setPassword] = useState("");

  async function submit(e: FormEvent) {
    e.preventDefault();
    const r = await call.run({ password });
    setPassword("");
    if (r) onUnlocked();
  }

  async function switchUser() {
    await client.call("signOut", {});
    onSwitchUser();
  }

  return (
    <main className="shell-centre">
      <form className="shell-card" onSubmit={submit} aria-labelledby="lock-title">
        <p className="shell-clinic">{clinicName}</p>
        <h1 id="lock-title">{t("Screen locked")}</h1>
        <p>
          {t("Signed in as {name}. Type your password to carry on where you left off.", { name: staff.name })}
        </p>
        <TextField
          label={t("Password")}
          type="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          autoComplete="current-password"
          autoFocus
        />
        <FormError message={call.formError} />
        <div className="shell-row">
          <Button type="submit" variant="primary" busy={call.busy}>
            {t("Unlock")}
          </Button>
          <Button variant="ghost" onClick={switchUser}>
            {t("Sign in as someone else")}
          </Button>
        </div>
      </form>
    </main>
  );
}

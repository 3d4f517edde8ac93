import type { ClinicClient } from "../api/client.js";
import type { SignedInStaff } from "../components/index.js";
import { Button, FormFooter, TextField, useCommandForm } from "../components/index.js";
import { useT } from "../i18n/index.js";

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
  const form = useCommandForm("unlock", {
    client,
    defaultValues: { password: "" },
    toInput: (f) => f,
    onDone: () => onUnlocked(),
    onRefused: () => form.setValue("password", ""),
  });

  async function switchUser() {
    await client.call("signOut", {});
    onSwitchUser();
  }

  return (
    <main className="shell-centre">
      <form className="shell-card" onSubmit={form.submit} aria-labelledby="lock-title" noValidate>
        <p className="shell-clinic">{clinicName}</p>
        <h1 id="lock-title">{t("Screen locked")}</h1>
        <p>
          {t("Signed in as {name}. Type your password to carry on where you left off.", { name: staff.name })}
        </p>
        <TextField
          label={t("Password")}
          type="password"
          {...form.register("password")}
          error={form.errorOf("password")}
          autoComplete="current-password"
          autoFocus
        />
        <FormFooter form={form} label={t("Unlock")}>
          <Button variant="ghost" onClick={switchUser}>
            {t("Sign in as someone else")}
          </Button>
        </FormFooter>
      </form>
    </main>
  );
}

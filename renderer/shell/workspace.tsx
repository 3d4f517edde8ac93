import { useMemo, useState } from "react";

import type { ClinicClient } from "../api/client.js";
import { Button, ClinicProvider, type SignedInStaff, SyncBadge } from "../components/index.js";
import { roleWords } from "../i18n/contract-words.js";
import { useT } from "../i18n/index.js";
import { LanguagePicker, useScreenLanguage } from "../i18n/language-picker.js";
import { screensFor } from "./navigation.js";
import { screenComponents } from "./screens.js";
import { useAuthWatchedClient } from "./use-auth-client.js";
import { useIdleLock } from "./use-idle-lock.js";

// The signed-in frame: the clinic's name, the screens this role may use, who is signed in, Lock and Sign out.

export function Workspace({
  client,
  session,
  onLocked,
  onSignedOut,
}: {
  client: ClinicClient;
  session: { staff: SignedInStaff; clinicName: string; lockAfterMinutes: number };
  onLocked(): void;
  onSignedOut(notice: string | null): void;
}) {
  const t = useT();
  const { staff } = session;
  const entries = useMemo(() => screensFor(staff.role), [staff.role]);
  const [current, setCurrent] = useState(entries[0]?.id ?? "");
  const watched = useAuthWatchedClient(client, {
    locked: onLocked,
    signedOut: () => onSignedOut(t("Your session ended; please sign in again.")),
    activity: () => {},
  });

  const lock = async () => {
    await client.call("lock", {});
    onLocked();
  };
  useIdleLock({
    enabled: true,
    lockAfterMinutes: session.lockAfterMinutes,
    onIdle: () => void lock(),
    // Tells the router this person is still here, so its own idle clock does not lock a busy screen.
    onActiveAgain: () => void watched.call("session", {}),
  });

  const signOut = async () => {
    await client.call("signOut", {});
    onSignedOut(null);
  };

  const language = useScreenLanguage(watched);
  const Screen = screenComponents[current];
  return (
    <div className="shell">
      <header className="shell-bar">
        <span className="shell-brand">{session.clinicName}</span>
        <nav aria-label={t("Screens")} className="shell-nav">
          {entries.map((s) => (
            <button
              key={s.id}
              type="button"
              className="shell-nav-item"
              aria-current={s.id === current ? "page" : undefined}
              onClick={() => setCurrent(s.id)}
            >
              {t(s.label)}
            </button>
          ))}
        </nav>
        <SyncBadge client={watched} />
        <span className="shell-who">
          <span className="hms-visually-hidden">{t("Signed in as")} </span>
          {staff.name} <span className="shell-role">{t(roleWords[staff.role])}</span>
        </span>
        <LanguagePicker chosen={language.chosen} onChoose={(l) => void language.choose(l)} />
        <Button size="small" variant="ghost" onClick={lock}>
          {t("Lock")}
        </Button>
        <Button size="small" variant="ghost" onClick={signOut}>
          {t("Sign out")}
        </Button>
      </header>
      <ClinicProvider client={watched} staff={staff} moneyFormat={{ currency: null, locale: null }}>
        <main className="shell-main">{Screen ? <Screen client={watched} staff={staff} /> : null}</main>
      </ClinicProvider>
    </div>
  );
}

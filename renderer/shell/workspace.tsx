import { Suspense, useMemo } from "react";
import { HashRouter, Navigate, NavLink, Route, Routes, useParams } from "react-router";
import type { ClinicClient } from "../api/client.js";
import { Button, ClinicProvider, type SignedInStaff, SyncBadge } from "../components/index.js";
import { roleWords } from "../i18n/contract-words.js";
import { useT } from "../i18n/index.js";
import { LanguagePicker, useScreenLanguage } from "../i18n/language-picker.js";
import { type ScreenEntry, screensFor } from "./navigation.js";
import { screenComponents } from "./screens.js";
import { useAuthWatchedClient } from "./use-auth-client.js";
import { useIdleLock } from "./use-idle-lock.js";

// The signed-in frame: the clinic's name, the screens this role may use, who is signed in, Lock and Sign out. The
// screen shown is the one the address names (addresses.ts), so reload, back and forward keep the place.

/**
 * A menu whose words, in the language on screen, run longer than this takes a row of its own under the bar
 * (shell.css): beside the controls the doctor's three French entries already needed two rows.
 */
const longMenuCharacters = 40;

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
  const menu = entries.filter((s) => !s.offMenu);
  const menuCharacters = menu.reduce((n, s) => n + t(s.label).length, 0);
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
  return (
    // Without transitions a click on the menu takes the old screen away at once ("Loading…" while the new screen's
    // code arrives). With them the old screen stayed, buttons and all, and took clicks meant for the new one.
    <HashRouter useTransitions={false}>
      <ClinicProvider client={watched} staff={staff}>
        <div className="shell">
          <header className="shell-bar" data-menu={menuCharacters > longMenuCharacters ? "long" : undefined}>
            <span className="shell-brand">{session.clinicName}</span>
            <nav aria-label={t("Screens")} className="shell-nav">
              {menu.map((s) => (
                <NavLink key={s.id} to={`/${s.id}`} className="shell-nav-item">
                  {t(s.label)}
                </NavLink>
              ))}
            </nav>
            <SyncBadge />
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
          <main className="shell-main">
            <Suspense fallback={<p className="shell-loading">{t("Loading…")}</p>}>
              <Routes>
                {["/:screen", "/:screen/visit/:visitId", "/:screen/visit/:visitId/bill/:billId"].map(
                  (path) => (
                    <Route key={path} path={path} element={<AddressedScreen entries={entries} />} />
                  ),
                )}
                <Route
                  path="/lab/test/:visitId/:testOrderId"
                  element={<AddressedScreen entries={entries} />}
                />
                <Route path="*" element={<Navigate to={`/${entries[0]?.id ?? ""}`} replace />} />
              </Routes>
            </Suspense>
          </main>
        </div>
      </ClinicProvider>
    </HashRouter>
  );
}

/** The screen the address names, if this role may use it; otherwise this role's first screen. */
function AddressedScreen({ entries }: { entries: readonly ScreenEntry[] }) {
  const screen = useParams().screen ?? "lab";
  const Screen = entries.some((e) => e.id === screen) ? screenComponents[screen] : undefined;
  return Screen ? <Screen /> : <Navigate to={`/${entries[0]?.id ?? ""}`} replace />;
}

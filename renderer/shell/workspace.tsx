import { Suspense, useMemo } from "react";
import { HashRouter, Navigate, NavLink, Route, Routes, useParams } from "react-router";
import { roleLabels } from "../../api/roles.js";
import type { ClinicClient } from "../api/client.js";
import { Button, ClinicProvider, type SignedInStaff, SyncBadge } from "../components/index.js";
import { type ScreenEntry, screensFor } from "./navigation.js";
import { screenComponents } from "./screens.js";
import { useAuthWatchedClient } from "./use-auth-client.js";
import { useIdleLock } from "./use-idle-lock.js";

// The signed-in frame: the clinic's name, the screens this role may use, who is signed in, Lock and Sign out. The
// screen shown is the one the address names (addresses.ts), so reload, back and forward keep the place.

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
  const { staff } = session;
  const entries = useMemo(() => screensFor(staff.role), [staff.role]);
  const watched = useAuthWatchedClient(client, {
    locked: onLocked,
    signedOut: () => onSignedOut("Your session ended; please sign in again."),
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

  return (
    <HashRouter>
      <ClinicProvider client={watched} staff={staff}>
        <div className="shell">
          <header className="shell-bar">
            <span className="shell-brand">{session.clinicName}</span>
            <nav aria-label="Screens" className="shell-nav">
              {entries.map((s) => (
                <NavLink key={s.id} to={`/${s.id}`} className="shell-nav-item">
                  {s.label}
                </NavLink>
              ))}
            </nav>
            <SyncBadge />
            <span className="shell-who" role="note" aria-label="Signed in as">
              {staff.name} <span className="shell-role">{roleLabels[staff.role]}</span>
            </span>
            <Button size="small" variant="ghost" onClick={lock}>
              Lock
            </Button>
            <Button size="small" variant="ghost" onClick={signOut}>
              Sign out
            </Button>
          </header>
          <div className="shell-main">
            <Suspense fallback={<p className="shell-loading">Opening…</p>}>
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
          </div>
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

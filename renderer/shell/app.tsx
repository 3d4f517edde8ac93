import { useCallback, useEffect, useState } from "react";
import type { OutputOf } from "../../api/contract.js";
import type { ClinicClient } from "../api/client.js";
import type { SignedInStaff } from "../components/index.js";
import { useT } from "../i18n/index.js";
import { LockScreen } from "./lock-screen.js";
import { screensFor } from "./navigation.js";
import { SetupScreen } from "./setup-screen.js";
import { SignInScreen } from "./sign-in-screen.js";
import { Workspace } from "./workspace.js";

// The app shell's states: first-run setup, sign-in, signed in (working or locked). Which one shows is decided by
// the router's answers, never by the page alone.

interface Signed {
  staff: SignedInStaff;
  clinicName: string;
  lockAfterMinutes: number;
}

type State =
  | { kind: "loading" }
  | { kind: "unreachable"; message: string }
  | { kind: "setup" }
  | { kind: "signIn"; clinicName: string | null; notice: string | null }
  | { kind: "working" | "locked"; session: Signed };

export function App({ client }: { client: ClinicClient }) {
  const t = useT();
  const [state, setState] = useState<State>({ kind: "loading" });

  const start = useCallback(
    async (notice: string | null = null) => {
      const status = await client.call("setupStatus", {});
      if (!status.ok) return setState({ kind: "unreachable", message: status.error.message });
      if (status.value.needsSetup) return setState({ kind: "setup" });
      const session = await client.call("session", {});
      if (session.ok) {
        const { staff, clinicName, lockAfterMinutes, locked } = session.value;
        startAtFirstScreen(staff.role);
        return setState({
          kind: locked ? "locked" : "working",
          session: { staff, clinicName, lockAfterMinutes },
        });
      }
      setState({ kind: "signIn", clinicName: status.value.clinicName, notice });
    },
    [client],
  );

  useEffect(() => {
    void start();
  }, [start]);

  const signedIn = (s: OutputOf<"signIn">) => {
    startAtFirstScreen(s.staff.role);
    setState({
      kind: "working",
      session: { staff: s.staff, clinicName: s.clinicName, lockAfterMinutes: s.lockAfterMinutes },
    });
  };

  switch (state.kind) {
    case "loading":
      return <p className="shell-loading">{t("Opening the clinic…")}</p>;
    case "unreachable":
      return (
        <main className="shell-centre">
          <div className="shell-card" role="alert">
            <h1>{t("The clinic cannot be reached")}</h1>
            <p>{state.message}</p>
          </div>
        </main>
      );
    case "setup":
      return <SetupScreen client={client} onDone={signedIn} />;
    case "signIn":
      return (
        <SignInScreen
          client={client}
          clinicName={state.clinicName}
          notice={state.notice}
          onSignedIn={signedIn}
        />
      );
    case "locked":
      return (
        <LockScreen
          client={client}
          staff={state.session.staff}
          clinicName={state.session.clinicName}
          onUnlocked={() => setState({ kind: "working", session: state.session })}
          onSwitchUser={() => void start()}
        />
      );
    case "working":
      return (
        <Workspace
          client={client}
          session={state.session}
          onLocked={() => setState({ kind: "locked", session: state.session })}
          onSignedOut={(notice) => void start(notice)}
        />
      );
  }
}

/**
 * A bare address gets this role's first screen before the workspace's router reads it. A redirect inside the router
 * would run after the first paint and could replace a screen chosen in between by a quick click on the menu.
 */
function startAtFirstScreen(role: SignedInStaff["role"]): void {
  if (/^#\/[^/]/.test(window.location.hash)) return;
  window.history.replaceState(window.history.state, "", `#/${screensFor(role)[0]?.id ?? ""}`);
}

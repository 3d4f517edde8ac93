import { lazy, StrictMode, Suspense } from "react";
import { createRoot } from "react-dom/client";
import { connect } from "./api/connect.js";
import { App } from "./shell/app.js";
import "./styles/screens.css";
import "./styles/shell.css";

const WaitingDisplay = lazy(async () => ({
  default: (await import("./screens/display/waiting-display.js")).WaitingDisplay,
}));

const root = document.getElementById("root");
if (root)
  createRoot(root).render(
    <StrictMode>
      {/* The waiting-room display (#display) needs no sign-in: it shows tokens, never names. */}
      {location.hash === "#display" ? (
        <Suspense>
          <WaitingDisplay client={connect()} />
        </Suspense>
      ) : (
        <App client={connect()} />
      )}
    </StrictMode>,
  );

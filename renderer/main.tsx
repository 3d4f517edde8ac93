import { lazy, StrictMode, Suspense } from "react";
import { createRoot } from "react-dom/client";
import { connect } from "./api/connect.js";
import { applyLanguage, deskLanguage } from "./i18n/index.js";
import { App } from "./shell/app.js";
import "./styles/screens.css";
import "./styles/shell.css";

const WaitingDisplay = lazy(async () => ({
  default: (await import("./screens/display/waiting-display.js")).WaitingDisplay,
}));

// Until someone signs in (and their own choice or the clinic's applies), the screens speak this desk's last language.
applyLanguage(deskLanguage());

const root = document.getElementById("root");
if (root)
  createRoot(root).render(
    <StrictMode>
      {/* The waiting-room display (#display) needs no sign-in: it shows tokens, never names. */}
      {location.hash.startsWith("#display") ? (
        <Suspense>
          <WaitingDisplay client={connect()} />
        </Suspense>
      ) : (
        <App client={connect()} />
      )}
    </StrictMode>,
  );

import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { connect } from "./api/connect.js";
import { App } from "./shell/app.js";
import "./styles/screens.css";
import "./styles/shell.css";

const root = document.getElementById("root");
if (root)
  createRoot(root).render(
    <StrictMode>
      <App client={connect()} />
    </StrictMode>,
  );

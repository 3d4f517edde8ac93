// Runs in the sandboxed preload of every clinic window. Exposes `window.clinic` and nothing else: no ipcRenderer,
// no Node. Bundled to dist-electron/preload.cjs (a sandboxed preload may only require "electron").
import { contextBridge, ipcRenderer } from "electron";
import { createClinicBridge } from "./bridge.js";

contextBridge.exposeInMainWorld(
  "clinic",
  createClinicBridge(ipcRenderer, { platform: process.platform, versions: process.versions }),
);

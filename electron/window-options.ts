import type { BrowserWindowConstructorOptions } from "electron";

/**
 * Options for every clinic window. The page runs sandboxed, isolated from the preload, with no Node: it can only
 * reach the clinic's data through the narrow `window.clinic` object, and only as its signed-in user.
 */
export function clinicWindowOptions(options: {
  preloadPath: string;
  /** DevTools only in development builds: a packaged workstation has no console to poke the router from. */
  devTools: boolean;
}): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 600,
    title: "Clinic",
    // Shown on ready-to-show, so a reception desk never sees a white flash on start.
    show: false,
    backgroundColor: "#ffffff",
    autoHideMenuBar: true,
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: options.devTools,
    },
  };
}

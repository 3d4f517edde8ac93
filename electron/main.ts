// The desktop shell's main process: the one place that loads the real `electron` module. Everything it wires
// (paths, window options, guards, the IPC adapter, the app:// server) lives in files that import Electron's types
// only, so they are tested under plain Node with stand-ins.
import { join } from "node:path";
import { app, BrowserWindow, dialog, ipcMain, protocol, session } from "electron";
import desktopLog from "electron-log/node";
import { createRouter } from "../api/router.js";
import { type ClinicDb, openClinicDb } from "../db/open.js";
import { setFontsFolder } from "../reports/fonts.js";
import { createSyncJob, type SyncJob } from "../sync/index.js";
import { clinicPaths } from "./app-paths.js";
import { APP_ENTRY_URL, APP_ORIGIN, APP_SCHEME, appSchemePrivileges, serveAppFile } from "./app-protocol.js";
import { contentSecurityPolicy } from "./content-security.js";
import { mountRouter, relayEventsAppended } from "./ipc-adapter.js";
import { originOf } from "./trusted-sender.js";
import { guardContents, guardSession } from "./web-guards.js";
import { clinicWindowOptions } from "./window-options.js";

const paths = clinicPaths({
  env: process.env,
  userDataDir: app.getPath("userData"),
  isPackaged: app.isPackaged,
  resourcesPath: process.resourcesPath,
  appPath: app.getAppPath(),
  cwd: process.cwd(),
});

// The desktop's log: <data folder>/logs/desktop.log beside the database (where HMS_DATA_DIR puts a portable
// install's data, its log goes too), rolled to desktop.old.log at 10 MB. It holds what went wrong (start-up
// failures, refused IPC senders, blocked navigation, channel errors), never a channel's input or answer, so no
// password, token or patient detail reaches it. The error dialog names this file. electron-log's Node entry is
// enough: the sandboxed renderer logs nothing of its own, so the main entry's IPC bridge would only widen the
// surface a page can reach.
const logFile = join(paths.dataDir, "logs", "desktop.log");
desktopLog.transports.file.resolvePathFn = () => logFile;
desktopLog.transports.file.maxSize = 10 * 1024 * 1024;
desktopLog.errorHandler.startCatching({ showDialog: false });
const log = {
  warn: (message: string) => desktopLog.warn(message),
  error: (message: string, error?: unknown) => desktopLog.error(message, error ?? ""),
};

// A development run may load the page from Vite's dev server; a packaged app never does.
const devServerUrl = app.isPackaged ? undefined : process.env.HMS_DEV_SERVER_URL;
const devServerOrigin = devServerUrl ? (originOf(devServerUrl) ?? undefined) : undefined;
const trustedOrigins = devServerOrigin ? [APP_ORIGIN, devServerOrigin] : [APP_ORIGIN];

// Sandbox every renderer, whatever a window's options say.
app.enableSandbox();
protocol.registerSchemesAsPrivileged([appSchemePrivileges]);

// One process owns the database file (one writer connection); a second launch focuses the first one's window.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on("second-instance", () => {
    const [win] = BrowserWindow.getAllWindows();
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  app.on("web-contents-created", (_event, contents) => guardContents(contents, log));
  app.whenReady().then(start, (err) => fail(err));
}

let db: ClinicDb | undefined;
let sync: SyncJob | undefined;

function start(): void {
  setFontsFolder(paths.fontsFolder);
  desktopLog.info(`Starting; database ${paths.databaseFile}`);
  try {
    db = openClinicDb(paths.databaseFile, {
      migrationsFolder: paths.migrationsFolder,
      ...(paths.nativeBinding ? { nativeBinding: paths.nativeBinding } : {}),
    });
  } catch (err) {
    fail(err, paths.nativeBinding);
    return;
  }
  const openDb = db;

  guardSession(session.defaultSession, contentSecurityPolicy(devServerOrigin));
  protocol.handle(APP_SCHEME, (request) => serveAppFile(request.url, paths.rendererDir));

  // The desk's sync job idles until the desk is enrolled (`hms enroll`); local work never waits for it.
  sync = createSyncJob(openDb);
  sync.start();
  mountRouter({
    ipcMain,
    router: createRouter({ db: openDb, sync, log: (line) => log.error(line) }),
    trustedOrigins,
    log,
  });
  relayEventsAppended({
    events: openDb.events,
    records: openDb.recordChanges,
    targets: () => BrowserWindow.getAllWindows().map((w) => w.webContents),
    trustedOrigins,
  });

  openWindow(paths.preloadPath);
  app.on("activate", () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow(paths.preloadPath);
  });
}

function openWindow(preloadPath: string): void {
  const win = new BrowserWindow(clinicWindowOptions({ preloadPath, devTools: !app.isPackaged }));
  win.once("ready-to-show", () => win.show());
  void win.loadURL(devServerUrl ?? APP_ENTRY_URL);
}

function fail(err: unknown, nativeBinding?: string): void {
  let message = err instanceof Error ? err.message : String(err);
  // A checkout started with `npm start` before the driver was rebuilt for Electron fails here; say what to do.
  if (/NODE_MODULE_VERSION/.test(message) && !nativeBinding)
    message += "\n\nThe database driver is built for Node, not Electron: run `npm run rebuild:native` first.";
  log.error("Could not start", err);
  dialog.showErrorBox(
    "The clinic app could not start",
    `${message}\n\nThe app's log, with the details: ${logFile}`,
  );
  app.exit(1);
}

app.on("window-all-closed", () => {
  if (process.platform !== "darwin") app.quit();
});

// The sync job may be writing pulled events: stop it, then close the database, then quit.
let stopping = false;
app.on("before-quit", (event) => {
  if (stopping || !sync) return;
  event.preventDefault();
  stopping = true;
  void sync.stop().finally(() => app.quit());
});

app.on("will-quit", () => {
  db?.close();
});

import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire, isBuiltin } from "node:module";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildElectron } from "../../electron/build.js";
import { tempDir } from "../support/temp-db.js";

// Builds the shell exactly as `npm run build:electron` does, then loads the real bundle under plain Node with a
// stand-in `electron` module (fixtures/run-main-with-fake-electron.cjs): the bundle's own wiring runs, with a real
// SQLite file, and only the Electron runtime is pretended.

const root = resolve(import.meta.dirname, "../..");
// A folder of its own inside the checkout (so the bundle resolves better-sqlite3 from node_modules as it would
// from dist-electron/), so this suite never races another one building dist-electron/.
const outdir = join(root, ".tmp", `electron-bundle-${process.pid}`);
const mainCjs = join(outdir, "main.cjs");
const preloadCjs = join(outdir, "preload.cjs");
const runner = join(import.meta.dirname, "fixtures", "run-main-with-fake-electron.cjs");

const requiresIn = (file: string) =>
  [
    ...new Set(
      [...readFileSync(file, "utf8").matchAll(/\brequire\((["'])([^"']+)\1\)/g)].map((m) => m[2] as string),
    ),
  ].sort();

interface Seen {
  sandbox: boolean;
  handlers: string[];
  protocols: string[];
  windows: { url: string; webPreferences: Record<string, unknown> }[];
  errors: { title: string; message: string }[];
  trustedReply: { ok: boolean; status?: number; error?: { code: string } };
  untrustedReply: { ok: boolean; status?: number; error?: { code: string } };
  appProtocol: { status: number; csp: string };
  /** Quit ran before-quit (the sync job stopped) and then will-quit (the database closed) without an error. */
  quitCleanly?: boolean;
}

function runMain(args: string[], env: Record<string, string> = {}): Seen {
  const out = execFileSync(process.execPath, [runner, mainCjs, ...args], {
    env: { ...process.env, ...env },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  return JSON.parse(out.trim().split("\n").at(-1) as string) as Seen;
}

let tmp: { dir: string; cleanup: () => void };
beforeAll(async () => {
  tmp = tempDir("hms-electron-bundle-");
  await buildElectron(outdir);
});
afterAll(() => {
  tmp.cleanup();
  rmSync(outdir, { recursive: true, force: true });
});

describe("npm run build:electron", () => {
  it("writes CommonJS main and preload bundles", () => {
    expect(existsSync(mainCjs)).toBe(true);
    expect(existsSync(preloadCjs)).toBe(true);
  });

  it("leaves only electron, better-sqlite3 and Node built-ins outside the main bundle", () => {
    // ajv's code generator keeps `require("ajv/dist/runtime/...")` as text, for the code it writes in its standalone
    // mode; the checks it compiles here are handed those functions and never require them (a bundle of the FHIR check
    // runs from a folder with no node_modules).
    const ajvText = /^ajv\/dist\/runtime\/[a-z_0-9]+$/;
    for (const spec of requiresIn(mainCjs))
      expect(
        spec === "electron" || spec === "better-sqlite3" || isBuiltin(spec) || ajvText.test(spec),
        spec,
      ).toBe(true);
  });

  it("gives the sandboxed preload nothing to require but electron", () => {
    expect(requiresIn(preloadCjs)).toEqual(["electron"]);
  });
});

describe("the bundled main process, under a stand-in electron", () => {
  it("opens the database in HMS_DATA_DIR, mounts the router, guards the sender, and opens a locked-down window", () => {
    const dataDir = join(tmp.dir, "portable-data");
    const seen = runMain([root, join(tmp.dir, "user-data")], { HMS_DATA_DIR: dataDir });
    expect(seen.errors).toEqual([]);
    expect(seen.quitCleanly).toBe(true);
    expect(existsSync(join(dataDir, "clinic.sqlite"))).toBe(true);
    expect(existsSync(join(tmp.dir, "user-data", "clinic.sqlite"))).toBe(false);
    expect(seen.sandbox).toBe(true);
    expect(seen.handlers).toEqual(["clinic:call"]);
    expect(seen.protocols).toEqual(["app"]);
    expect(seen.windows).toHaveLength(1);
    expect(seen.windows[0]?.url).toBe("app://clinic/index.html");
    expect(seen.windows[0]?.webPreferences).toMatchObject({
      preload: join(root, "dist-electron", "preload.cjs"),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    });
    // The router answered (a reply value from the contract), and an untrusted frame never reached it.
    expect(seen.trustedReply).toHaveProperty("ok");
    expect(seen.trustedReply.error?.code).not.toBe("UNTRUSTED_SENDER");
    expect(seen.untrustedReply).toMatchObject({
      ok: false,
      status: 403,
      error: { code: "UNTRUSTED_SENDER" },
    });
    expect(seen.appProtocol.status).toBe(404);
    expect(seen.appProtocol.csp).toContain("default-src 'none'");
  });

  it("as a packaged app, takes migrations and the native driver from its resources folder", () => {
    // The packaged layout electron-builder.yml produces: resources/migrations and resources/native.
    const resources = join(tmp.dir, "resources");
    cpSync(join(root, "db", "migrations"), join(resources, "migrations"), { recursive: true });
    mkdirSync(join(resources, "native"), { recursive: true });
    // Under plain Node the Node build stands in for the Electron one; the point is that this path is the one used.
    const nodeBuild = createRequire(import.meta.url).resolve(
      "better-sqlite3/build/Release/better_sqlite3.node",
    );
    cpSync(nodeBuild, join(resources, "native", "better_sqlite3.node"));
    const userData = join(tmp.dir, "packaged-user-data");
    const seen = runMain([join(tmp.dir, "no-such-app.asar"), userData, resources], { HMS_DATA_DIR: "" });
    expect(seen.errors).toEqual([]);
    expect(existsSync(join(userData, "clinic.sqlite"))).toBe(true);
    expect(seen.windows[0]?.webPreferences.devTools).toBe(false);
  });

  it("shows a clear error and exits when the packaged native driver is missing", () => {
    const resources = join(tmp.dir, "broken-resources");
    cpSync(join(root, "db", "migrations"), join(resources, "migrations"), { recursive: true });
    const seen = runMain([join(tmp.dir, "no-such-app.asar"), join(tmp.dir, "ud2"), resources], {
      HMS_DATA_DIR: "",
    });
    expect(seen.errors).toHaveLength(1);
    expect(seen.errors[0]?.title).toBe("The clinic app could not start");
    expect(seen.errors[0]?.message).toContain(join(resources, "native", "better_sqlite3.node"));
    // The dialog names the app's log, which exists and holds the failure.
    const logFile = join(tmp.dir, "ud2", "logs", "desktop.log");
    expect(seen.errors[0]?.message).toContain(`The app's log, with the details: ${logFile}`);
    expect(readFileSync(logFile, "utf8")).toContain("Could not start");
    expect(seen.handlers).toEqual([]);
    expect(seen.windows).toEqual([]);
  });
});

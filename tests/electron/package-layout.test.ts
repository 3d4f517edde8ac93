import { execFileSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { extractAll, listPackage } from "@electron/asar";
import type { Configuration } from "app-builder-lib";
import { getConfig } from "app-builder-lib/out/util/config/config.js";
import { build, Platform } from "electron-builder";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildElectron } from "../../electron/build.js";
import { tempDir } from "../support/temp-db.js";

// Runs electron-builder for real, as `npm run dist` would, but only to the unpacked folder (target "dir") and with a
// stand-in Electron distribution, since the real one cannot be downloaded here. The fuses step is left out because
// it patches the real Electron binary. What this checks is the package's layout, and that the bundled main process
// starts from it: asar contents, resources/migrations, resources/native.

const root = resolve(import.meta.dirname, "../..");
const runner = join(import.meta.dirname, "fixtures", "run-main-with-fake-electron.cjs");
let tmp: { dir: string; cleanup: () => void };
let unpacked: string;

beforeAll(async () => {
  tmp = tempDir("hms-package-");
  await buildElectron();
  if (!existsSync(join(root, "dist", "index.html")))
    execFileSync(process.execPath, [join(root, "node_modules", "vite", "bin", "vite.js"), "build"], {
      cwd: root,
      stdio: "ignore",
    });
  const electronDist = join(tmp.dir, "electron-dist");
  mkdirSync(join(electronDist, "resources"), { recursive: true });
  writeFileSync(join(electronDist, "electron"), "#!/bin/sh\n");
  chmodSync(join(electronDist, "electron"), 0o755);
  // The Node build stands in for the Electron one so the unpacked app can be started under plain Node below.
  const native = join(tmp.dir, "better_sqlite3.node");
  cpSync(createRequire(import.meta.url).resolve("better-sqlite3/build/Release/better_sqlite3.node"), native);

  const config = await getConfig(root, "electron-builder.yml", null);
  const extraResources = (config.extraResources as { from: string; to: string }[]).map((r) =>
    r.to === "native/better_sqlite3.node" ? { ...r, from: native } : r,
  );
  // A config file of its own: an object passed as `config` would be merged with electron-builder.yml again.
  const configFile = join(tmp.dir, "electron-builder.json");
  const { electronFuses: _fuses, ...rest } = config;
  writeFileSync(
    configFile,
    JSON.stringify({
      ...rest,
      extraResources,
      electronDist,
      directories: { ...config.directories, output: join(tmp.dir, "release") },
    } satisfies Configuration),
  );
  await build({ projectDir: root, targets: Platform.LINUX.createTarget("dir"), config: configFile });
  unpacked = join(tmp.dir, "release", "linux-unpacked");
}, 240_000);
afterAll(() => tmp?.cleanup());

describe("the unpacked Linux package", () => {
  it("holds the shell, the renderer and better-sqlite3's JavaScript, and nothing it does not run", () => {
    const files = listPackage(join(unpacked, "resources", "app.asar"), { isPack: false });
    for (const f of [
      "/package.json",
      "/dist-electron/main.cjs",
      "/dist-electron/preload.cjs",
      "/dist/index.html",
      "/node_modules/better-sqlite3/lib/index.js",
    ])
      expect(files, f).toContain(f);
    expect(files.filter((f) => f.endsWith(".map"))).toEqual([]);
    expect(files.filter((f) => /better-sqlite3\/(build|deps|src)\b/.test(f))).toEqual([]);
    const modules = new Set(files.filter((f) => f.startsWith("/node_modules/")).map((f) => f.split("/")[2]));
    expect([...modules].sort()).toEqual(["better-sqlite3", "bindings", "file-uri-to-path"]);
  });

  it("puts the migrations and the native driver in resources/, where the app looks", () => {
    expect(readdirSync(join(unpacked, "resources", "migrations"))).toEqual(
      expect.arrayContaining(["0000_init.sql", "meta"]),
    );
    expect(existsSync(join(unpacked, "resources", "native", "better_sqlite3.node"))).toBe(true);
    expect(readdirSync(join(unpacked, "resources", "fonts"))).toContain("NotoSansArabic_400Regular.ttf");
    expect(existsSync(join(unpacked, "clinic-hms"))).toBe(true);
  });

  it("starts from the package: opens its database with the packaged driver and migrations, mounts the router", () => {
    const app = join(tmp.dir, "app");
    extractAll(join(unpacked, "resources", "app.asar"), app);
    const userData = join(tmp.dir, "user-data");
    const out = execFileSync(
      process.execPath,
      [runner, join(app, "dist-electron", "main.cjs"), app, userData, join(unpacked, "resources")],
      { env: { ...process.env, HMS_DATA_DIR: "" }, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
    );
    const seen = JSON.parse(out.trim().split("\n").at(-1) as string);
    expect(seen.errors).toEqual([]);
    expect(existsSync(join(userData, "clinic.sqlite"))).toBe(true);
    expect(seen.handlers).toEqual(["clinic:call"]);
    expect(seen.trustedReply.ok).toBe(true);
    expect(seen.trustedReply.value).toMatchObject({ needsSetup: true });
    expect(seen.windows[0].url).toBe("app://clinic/index.html");
  });
});

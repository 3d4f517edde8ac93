import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Configuration } from "app-builder-lib";
import { getConfig, validateConfiguration } from "app-builder-lib/out/util/config/config.js";
import { DebugLogger } from "builder-util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type RebuildRequest, rebuildNativeForElectron } from "../../electron/rebuild-native.js";
import { fontPackageFiles } from "../../reports/fonts.js";
import { tempDir } from "../support/temp-db.js";

const root = resolve(import.meta.dirname, "../..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));

// electron-builder's own loader and schema validation, the first thing `electron-builder` does: it runs offline.
// Building the packages needs the Electron binary, which cannot be downloaded here.
let validated: Promise<Configuration> | undefined;
function loadConfig(): Promise<Configuration> {
  validated ??= getConfig(root, "electron-builder.yml", null).then(async (config) => {
    await validateConfiguration(config, new DebugLogger(false));
    return config;
  });
  return validated;
}

const targetsOf = (platform: { target?: unknown } | null | undefined) =>
  ((platform?.target ?? []) as (string | { target: string })[]).map((t) =>
    typeof t === "string" ? t : t.target,
  );

describe("electron-builder.yml", () => {
  it("passes electron-builder's configuration schema", async () => {
    await expect(loadConfig()).resolves.toBeTruthy();
  });

  it("the validation would catch a mistake (a misspelt key is refused)", async () => {
    const config = await getConfig(root, "electron-builder.yml", null);
    await expect(
      validateConfiguration({ ...config, extraResource: [] } as Configuration, new DebugLogger(false)),
    ).rejects.toThrow(/extraResource/);
  });

  it("builds AppImage and deb for Linux, NSIS for Windows, dmg for macOS", async () => {
    const config = await loadConfig();
    expect(targetsOf(config.linux)).toEqual(["AppImage", "deb"]);
    expect(targetsOf(config.win)).toEqual(["nsis"]);
    expect(targetsOf(config.mac)).toEqual(["dmg"]);
  });

  it("ships the migrations, the Electron build of better-sqlite3 and the documents' fonts where the app looks", async () => {
    const config = await loadConfig();
    expect(config.extraResources).toEqual([
      { from: "db/migrations", to: "migrations", filter: ["**/*"] },
      { from: "dist-native/better_sqlite3.node", to: "native/better_sqlite3.node" },
      // reports/fonts.ts reads <resources>/fonts/<file name> in a packaged app, whose node_modules are left out.
      ...fontPackageFiles.map((file) => ({
        from: `node_modules/${file}`,
        to: `fonts/${file.split("/").at(-1)}`,
      })),
    ]);
    expect(existsSync(join(root, "db", "migrations", "meta", "_journal.json"))).toBe(true);
  });

  it("never rebuilds node_modules in place, and leaves the Node build of better-sqlite3 out of the package", async () => {
    const config = await loadConfig();
    expect(config.npmRebuild).toBe(false);
    expect(config.nodeGypRebuild).toBe(false);
    expect(config.buildDependenciesFromSource).toBe(false);
    // electron-builder's loader normalises the list into one file set.
    const files = (config.files as { filter: string[] }[]).flatMap((set) => set.filter);
    // Every dependency but better-sqlite3's JavaScript is bundled into main.cjs, so node_modules is left out...
    expect(files).toEqual(
      expect.arrayContaining([
        "dist/**/*",
        "dist-electron/**/*",
        "!node_modules/**/*",
        "node_modules/better-sqlite3/lib/**/*",
      ]),
    );
    // ...and nothing brings back better-sqlite3's Node build or sources (package-layout.test.ts checks the result).
    expect(files.filter((f) => !f.startsWith("!") && /better-sqlite3\/(build|deps|src|\*)/.test(f))).toEqual(
      [],
    );
  });

  it("packages the entry point package.json names, and turns off Electron's run-as-Node and inspect fuses", async () => {
    const config = await loadConfig();
    expect(pkg.main).toBe("dist-electron/main.cjs");
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
    });
  });

  it("has npm scripts that build, rebuild the driver into dist-native/, then package", () => {
    expect(pkg.scripts["build:electron"]).toBe("tsx electron/build.ts");
    expect(pkg.scripts["rebuild:native"]).toBe("tsx electron/rebuild-native.ts");
    expect(pkg.scripts.dist).toBe(
      "npm run build && npm run rebuild:native && electron-builder --config electron-builder.yml",
    );
  });
});

describe("rebuilding better-sqlite3 for Electron", () => {
  let out: string;
  let cleanup: () => void;
  beforeEach(() => {
    const t = tempDir("hms-native-");
    out = join(t.dir, "dist-native");
    cleanup = t.cleanup;
  });
  afterEach(() => cleanup());

  const nodeBuild = join(root, "node_modules", "better-sqlite3", "build", "Release", "better_sqlite3.node");
  const sha = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");
  const abi = readFileSync(join(root, "node_modules", "electron", "abi_version"), "utf8").trim();

  // Stands in for @electron/rebuild (Electron's headers cannot be downloaded here): checks what it was handed,
  // then writes what a successful build leaves behind.
  const standInRebuild = (binary: Buffer, seen: RebuildRequest[]) => async (request: RebuildRequest) => {
    seen.push(request);
    const moduleDir = join(request.buildPath, "node_modules", "better-sqlite3");
    // Sources are there to build from; the Node build is not (so nothing can be mistaken for the result).
    expect(existsSync(join(moduleDir, "binding.gyp"))).toBe(true);
    expect(existsSync(join(moduleDir, "src", "better_sqlite3.cpp"))).toBe(true);
    expect(existsSync(join(moduleDir, "deps"))).toBe(true);
    expect(existsSync(join(moduleDir, "build"))).toBe(false);
    mkdirSync(join(moduleDir, "build", "Release"), { recursive: true });
    writeFileSync(join(moduleDir, "build", "Release", "better_sqlite3.node"), binary);
  };

  it("builds in a staging copy and puts the result in dist-native/, leaving the Node build untouched", async () => {
    const before = sha(nodeBuild);
    const seen: RebuildRequest[] = [];
    const fake = Buffer.from(`\x7fELF...node_register_module_v${abi}...`);
    const result = await rebuildNativeForElectron({
      projectDir: root,
      outDir: out,
      rebuild: standInRebuild(fake, seen),
    });
    expect(seen).toEqual([
      {
        buildPath: join(out, "stage"),
        electronVersion: pkg.devDependencies.electron.replace(/^\^/, ""),
        onlyModules: ["better-sqlite3"],
        force: true,
      },
    ]);
    expect(result.binary).toBe(join(out, "better_sqlite3.node"));
    expect(readFileSync(result.binary)).toEqual(fake);
    expect(JSON.parse(readFileSync(join(out, "BUILT_FOR.json"), "utf8"))).toMatchObject({
      abi,
      electronVersion: result.electronVersion,
    });
    expect(existsSync(join(out, "stage"))).toBe(false);
    expect(sha(nodeBuild)).toBe(before);
  });

  it("refuses a result built for Node's ABI instead of Electron's", async () => {
    await expect(
      rebuildNativeForElectron({
        projectDir: root,
        outDir: out,
        rebuild: standInRebuild(readFileSync(nodeBuild), []),
      }),
    ).rejects.toThrow(`not built for Electron`);
    expect(existsSync(join(out, "better_sqlite3.node"))).toBe(false);
  });
});

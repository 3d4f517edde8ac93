// Bundles the desktop shell for Electron: dist-electron/main.cjs and dist-electron/preload.cjs, CommonJS because
// package.json says "type": "module" and a sandboxed preload cannot load ES modules. `electron` is provided by the
// runtime; better-sqlite3 stays external because its native binary is loaded from a path chosen at run time.
import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BuildOptions, build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const common: BuildOptions = {
  absWorkingDir: root,
  bundle: true,
  format: "cjs",
  platform: "node",
  // Electron 45 runs Node 22.
  target: "node22",
  sourcemap: true,
  logLevel: "warning",
  outExtension: { ".js": ".cjs" },
};

/** Builds into dist-electron/ (or another folder, for tests that must not race a real build). */
export async function buildElectron(outdir = join(root, "dist-electron")): Promise<void> {
  rmSync(outdir, { recursive: true, force: true });
  await build({
    ...common,
    outdir,
    entryPoints: { main: "electron/main.ts" },
    external: ["electron", "better-sqlite3"],
    // ES-module code asks import.meta.url for its own location; in a CommonJS bundle that is the bundle's file.
    define: { "import.meta.url": "__bundleUrl" },
    banner: { js: 'const __bundleUrl = require("node:url").pathToFileURL(__filename).href;' },
  });
  await build({
    ...common,
    outdir,
    entryPoints: { preload: "electron/preload.ts" },
    // A sandboxed preload may require "electron" and nothing else: everything else must be bundled in.
    external: ["electron"],
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildElectron().then(
    () =>
      console.log(`Built ${join("dist-electron", "main.cjs")} and ${join("dist-electron", "preload.cjs")}`),
    (err) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}

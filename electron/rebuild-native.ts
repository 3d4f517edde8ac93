// Rebuilds better-sqlite3 for Electron's ABI into dist-native/, for packaging (electron-builder.yml ships it as
// resources/native/better_sqlite3.node) and for `npm start` in a checkout (electron/app-paths.ts looks there).
// node_modules/better-sqlite3 keeps its Node build, which the tests and the CLI load: the module's sources are
// copied to a staging folder and rebuilt there, and the Node binary is checked to be byte-for-byte unchanged.
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

export interface RebuildRequest {
  buildPath: string;
  electronVersion: string;
  onlyModules: string[];
  force: boolean;
}

export interface NativeBuild {
  binary: string;
  electronVersion: string;
  abi: string;
}

const NODE_BINARY = join("node_modules", "better-sqlite3", "build", "Release", "better_sqlite3.node");

const hashOf = (file: string) =>
  existsSync(file) ? createHash("sha256").update(readFileSync(file)).digest("hex") : null;

export async function rebuildNativeForElectron(options: {
  projectDir: string;
  outDir?: string;
  /** @electron/rebuild's rebuild(); tests pass a stand-in, since Electron's headers cannot be downloaded there. */
  rebuild?: (request: RebuildRequest) => Promise<void>;
}): Promise<NativeBuild> {
  const { projectDir } = options;
  const outDir = options.outDir ?? join(projectDir, "dist-native");
  const electronPkg = JSON.parse(
    readFileSync(join(projectDir, "node_modules", "electron", "package.json"), "utf8"),
  );
  const electronVersion: string = electronPkg.version;
  const abi = readFileSync(join(projectDir, "node_modules", "electron", "abi_version"), "utf8").trim();
  const moduleDir = join(projectDir, "node_modules", "better-sqlite3");
  const modulePkg = JSON.parse(readFileSync(join(moduleDir, "package.json"), "utf8"));

  const nodeBinary = join(projectDir, NODE_BINARY);
  const nodeBinaryBefore = hashOf(nodeBinary);

  // A staging project holding only better-sqlite3's sources (no build/): @electron/rebuild builds it in place there.
  const stage = join(outDir, "stage");
  const stagedModule = join(stage, "node_modules", "better-sqlite3");
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stagedModule, { recursive: true });
  writeFileSync(
    join(stage, "package.json"),
    JSON.stringify({
      name: "clinic-native-stage",
      private: true,
      dependencies: { "better-sqlite3": modulePkg.version },
    }),
  );
  cpSync(moduleDir, stagedModule, {
    recursive: true,
    filter: (src) => {
      const rel = relative(moduleDir, src);
      return (
        rel !== "build" &&
        !rel.startsWith(`build${sep}`) &&
        rel !== "node_modules" &&
        !rel.startsWith(`node_modules${sep}`)
      );
    },
  });

  const rebuild = options.rebuild ?? (await import("@electron/rebuild")).rebuild;
  await rebuild({ buildPath: stage, electronVersion, onlyModules: ["better-sqlite3"], force: true });

  const built = join(stagedModule, "build", "Release", "better_sqlite3.node");
  if (!existsSync(built)) throw new Error(`The Electron rebuild produced no ${relative(projectDir, built)}.`);
  // A native module names its ABI in the symbol Node/Electron look up when loading it. node-gyp quietly building
  // against Node's headers instead of Electron's would give a binary that crashes the packaged app on start.
  const abiSymbol = `node_register_module_v${abi}`;
  if (!readFileSync(built).includes(abiSymbol))
    throw new Error(
      `The rebuilt better_sqlite3.node is not built for Electron ${electronVersion} (no ${abiSymbol}).`,
    );
  const binary = join(outDir, "better_sqlite3.node");
  cpSync(built, binary);
  writeFileSync(
    join(outDir, "BUILT_FOR.json"),
    `${JSON.stringify({ electronVersion, abi, platform: process.platform, arch: process.arch }, null, 2)}\n`,
  );
  rmSync(stage, { recursive: true, force: true });

  if (hashOf(nodeBinary) !== nodeBinaryBefore)
    throw new Error(
      `${NODE_BINARY} changed during the Electron rebuild; run \`npm rebuild better-sqlite3\`.`,
    );
  return { binary, electronVersion, abi };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const projectDir = join(dirname(fileURLToPath(import.meta.url)), "..");
  // `npm start` asks for the build only when there is none yet, so starting the app stays quick after the first time.
  const built = join(projectDir, "dist-native", "better_sqlite3.node");
  if (process.argv.includes("--if-missing") && existsSync(built)) process.exit(0);
  rebuildNativeForElectron({ projectDir }).then(
    (b) =>
      console.log(`Built ${relative(projectDir, b.binary)} for Electron ${b.electronVersion} (ABI ${b.abi})`),
    (err) => {
      console.error(
        `Could not rebuild better-sqlite3 for Electron: ${err instanceof Error ? err.message : err}`,
      );
      process.exitCode = 1;
    },
  );
}

// Compiles the `clinic-hms` command into one ES module, dist-cli/hms.js, so an installed package runs on plain
// Node with its dependencies only (no tsx, no TypeScript). Our own code is bundled; every package stays an import
// that npm installs (better-sqlite3's native binary and pdfkit's font files are found beside their own code).
import { chmodSync, readFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Metafile, type Plugin } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Our modules find things beside themselves (db/migrations, the built screens in dist/, package.json) through
 * import.meta.url. In the bundle that would be dist-cli/hms.js for all of them, so each module's import.meta.url is
 * rewritten to the address its source file has in the package, which ships those folders where the checkout has them.
 */
function sourceLocations(outdir: string): Plugin {
  return {
    name: "source-locations",
    setup(b) {
      b.onLoad({ filter: /\.tsx?$/ }, (args) => {
        if (args.path.includes(`${sep}node_modules${sep}`)) return undefined;
        const text = readFileSync(args.path, "utf8");
        if (!text.includes("import.meta.url")) return undefined;
        const fromBundle = relative(outdir, args.path).split(sep).join("/");
        return {
          contents: text.replaceAll(
            "import.meta.url",
            `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`,
          ),
          loader: args.path.endsWith(".tsx") ? "tsx" : "ts",
        };
      });
    },
  };
}

/** Builds into dist-cli/ (or another folder, for tests); returns esbuild's record of what went in and out. */
export async function buildCli(outdir = join(root, "dist-cli")): Promise<Metafile> {
  const outfile = join(outdir, "hms.js");
  const result = await build({
    absWorkingDir: root,
    entryPoints: ["cli/hms.ts"],
    outfile,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    banner: {
      js: [
        "#!/usr/bin/env node",
        'const __hmsAnalyticsThread = new URL("./analytics-thread.js", import.meta.url).href;',
        'const __hmsAuditThread = new URL("./audit-thread.js", import.meta.url).href;',
      ].join("\n"),
    },
    plugins: [sourceLocations(outdir)],
    metafile: true,
    logLevel: "warning",
  });
  chmodSync(outfile, 0o755);
  // The worker threads run these modules beside the command: the analytics (db/analytics-worker.ts) and the audit
  // export and chain check (audit/off-thread.ts).
  await build({
    absWorkingDir: root,
    entryPoints: { "analytics-thread": "db/analytics-thread.ts", "audit-thread": "audit/audit-thread.ts" },
    outdir,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    plugins: [sourceLocations(outdir)],
    logLevel: "warning",
  });
  return result.metafile;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildCli().then(
    () => console.log(`Built ${join("dist-cli", "hms.js")}`),
    (err) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}

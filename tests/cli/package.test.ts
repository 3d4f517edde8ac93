import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { builtinModules } from "node:module";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCli } from "../../cli/build.js";
import { commands } from "../../cli/command-list.js";
import { tempDir } from "../support/temp-db.js";

// The installed `clinic-hms` command: compiled into one file that needs only the package's dependencies (never a
// devDependency such as tsx), and working from any folder, not only from a checkout.

const root = resolve(import.meta.dirname, "../..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  name: string;
  bin: Record<string, string>;
  files: string[];
  dependencies: Record<string, string>;
};
// Inside the checkout, so the bundle's package imports resolve as they would in an installed package's folder.
mkdirSync(join(root, ".tmp"), { recursive: true });
const outdir = mkdtempSync(join(root, ".tmp", "cli-"));
let imports: string[] = [];
const work = tempDir("hms-cli-");

beforeAll(async () => {
  const meta = await buildCli(outdir);
  imports = Object.values(meta.outputs).flatMap((o) => o.imports.map((i) => i.path));
});
afterAll(() => {
  rmSync(outdir, { recursive: true, force: true });
  work.cleanup();
});

const packageOf = (spec: string) =>
  spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : (spec.split("/")[0] as string);
const builtin = (spec: string) =>
  spec.startsWith("node:") || builtinModules.includes(spec.split("/")[0] ?? "");
const cli = (...args: string[]) =>
  spawnSync(process.execPath, [join(outdir, "hms.js"), ...args], { cwd: work.dir, encoding: "utf8" });

describe("the installed clinic-hms command", () => {
  it("is named clinic-hms (not hms, an unrelated package on the registry) and ships its compiled file", () => {
    expect(pkg.bin).toEqual({ "clinic-hms": "dist-cli/hms.js" });
    // The bundle reads both migration folders beside where their modules sit in the package (cli/build.ts).
    expect(pkg.files).toEqual(
      expect.arrayContaining(["dist-cli/", "db/migrations/", "server/postgres/migrations/"]),
    );
  });

  it("lists every command file, and nothing else", () => {
    const files = readdirSync(join(root, "cli", "commands"))
      .filter((f) => f.endsWith(".ts"))
      .map((f) => f.slice(0, -3))
      .sort();
    expect(Object.keys(commands).sort()).toEqual(files);
  });

  it("imports only Node's own modules and the package's dependencies", () => {
    const packages = [...new Set(imports.filter((i) => !builtin(i)).map(packageOf))];
    expect(packages.length).toBeGreaterThan(0);
    for (const p of packages) expect(Object.keys(pkg.dependencies), `the CLI imports ${p}`).toContain(p);
    expect(imports).not.toContain("tsx");
  });

  it("runs from another folder: help, then a new clinic file seeded and verified with its migrations", () => {
    const help = cli("--help");
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/^Usage: clinic-hms <command>/);
    const db = join(work.dir, "demo.sqlite");
    const seeded = cli("seed", "--db", db, "--days", "1", "--visits-per-day", "3", "--random-seed", "cli");
    expect(seeded.status, seeded.stderr).toBe(0);
    const verified = cli("verify", "--db", db);
    expect(verified.status, verified.stderr).toBe(0);
    expect(verified.stdout).toMatch(/OK|verified|chain/i);
  });

  it("ships the analytics thread beside the command, and it works out a clinic's figures on its own", async () => {
    const db = join(work.dir, "thread.sqlite");
    expect(cli("seed", "--db", db, "--days", "1", "--visits-per-day", "4", "--random-seed", "t").status).toBe(
      0,
    );
    const worker = new Worker(pathToFileURL(join(outdir, "analytics-thread.js")), {
      workerData: {
        path: db,
        bounds: { from: "2000-01-01T00:00:00.000Z", to: "2100-01-01T00:00:00.000Z" },
        now: new Date().toISOString(),
        localDays: false,
      },
    });
    const answer = await new Promise<{ ok: boolean; value?: { consultation: { sessions: number } } }>(
      (done, fail) => {
        worker.once("message", done);
        worker.once("error", fail);
      },
    );
    await worker.terminate();
    expect(answer.ok).toBe(true);
    expect(answer.value?.consultation.sessions).toBeGreaterThan(0);
    // The bundle names that file for db/analytics-worker.ts, so the installed command uses it.
    expect(readFileSync(join(outdir, "hms.js"), "utf8")).toContain(
      'new URL("./analytics-thread.js", import.meta.url)',
    );
  });
});

import { spawn, spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ServerProcess } from "../../sync/support/processes.js";

// Sync-server processes on PostgreSQL, through the real CLI.

const root = fileURLToPath(new URL("../../../", import.meta.url));
const cli = fileURLToPath(new URL("../../../cli/hms.ts", import.meta.url));
const tsx = ["--import", "tsx"];
// With --postgres a server writes logs/ in its current folder: the tests' servers run in one under .tmp/ (ignored by
// git, inside the checkout so that `--import tsx` still resolves), never in the checkout itself.
const serverFolder = join(root, ".tmp", "pg-servers");
mkdirSync(serverFolder, { recursive: true });

/** Runs `hms sync-server <action> --postgres URL ... --json` and returns what it printed. */
export function syncServerJson<T>(url: string, action: string, args: string[] = []): T {
  const r = spawnSync(
    process.execPath,
    [...tsx, cli, "sync-server", action, "--postgres", url, ...args, "--json"],
    { cwd: serverFolder, encoding: "utf8" },
  );
  if (r.status !== 0) throw new Error(`hms sync-server ${action} failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

export async function startPostgresServer(url: string): Promise<ServerProcess> {
  const proc = spawn(process.execPath, [...tsx, cli, "sync-server", "--postgres", url, "--port", "0"], {
    cwd: serverFolder,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const listening = await new Promise<string>((resolve, reject) => {
    proc.stdout?.on("data", (d: Buffer) => {
      output += d.toString();
      const m = /listening on (\S+)/.exec(output);
      if (m?.[1]) resolve(m[1]);
    });
    proc.stderr?.on("data", (d: Buffer) => {
      output += d.toString();
    });
    proc.once("exit", (code) => reject(new Error(`sync server exited (${code}): ${output}`)));
  });
  const exited = () =>
    new Promise<void>((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) resolve();
      else proc.once("exit", () => resolve());
    });
  return {
    url: listening,
    port: Number(new URL(listening).port),
    proc,
    async kill() {
      proc.kill("SIGKILL");
      await exited();
    },
    async stop() {
      proc.kill("SIGTERM");
      await exited();
    },
  };
}

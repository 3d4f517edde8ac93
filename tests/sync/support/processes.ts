import { type ChildProcess, fork, spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { SyncJobOptions, SyncStatus } from "../../../sync/job.js";
import type { DeskState } from "./desk-state.js";

// Real processes for the sync tests: the server through the real CLI, each desk through desk-runner.ts.

const root = fileURLToPath(new URL("../../../", import.meta.url));
const cli = fileURLToPath(new URL("../../../cli/hms.ts", import.meta.url));
const runner = fileURLToPath(new URL("./desk-runner.ts", import.meta.url));
const tsx = ["--import", "tsx"];

/** Runs `hms <args>` to completion and returns its stdout; throws with stderr on a non-zero exit. */
export function hms(args: string[]): string {
  const r = spawnSync(process.execPath, [...tsx, cli, ...args], { cwd: root, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`hms ${args.join(" ")} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

export function hmsJson<T>(args: string[]): T {
  return JSON.parse(hms([...args, "--json"])) as T;
}

export interface ServerProcess {
  url: string;
  port: number;
  proc: ChildProcess;
  /** SIGKILL: no goodbye, no flush beyond what SQLite already made durable. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

const exited = (proc: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) resolve();
    else proc.once("exit", () => resolve());
  });

export async function startServer(dbPath: string, port = 0, extra: string[] = []): Promise<ServerProcess> {
  const proc = spawn(
    process.execPath,
    [...tsx, cli, "sync-server", "--db", dbPath, "--port", String(port), ...extra],
    {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d.toString();
      const m = /listening on (\S+)/.exec(output);
      if (m?.[1]) resolve(m[1]);
    };
    proc.stdout?.on("data", onData);
    proc.stderr?.on("data", (d: Buffer) => {
      output += d.toString();
    });
    proc.once("exit", (code) => reject(new Error(`sync server exited (${code}): ${output}`)));
  });
  return {
    url,
    port: Number(new URL(url).port),
    proc,
    async kill() {
      proc.kill("SIGKILL");
      await exited(proc);
    },
    async stop() {
      proc.kill("SIGTERM");
      await exited(proc);
    },
  };
}

export interface DeskProcess {
  name: string;
  deviceId: string;
  call<T = unknown>(cmd: string, args?: unknown): Promise<T>;
  enroll(serverUrl: string, code: string): Promise<void>;
  start(options?: SyncJobOptions): Promise<void>;
  status(): Promise<SyncStatus>;
  state(): Promise<DeskState>;
  /** Appends and throws if the desk refused. Returns the stored events. */
  append(events: unknown[], performedAt?: string): Promise<{ id: string; visitId: string }[]>;
  exit(): Promise<void>;
}

/** Fast failure and recovery for tests; the defaults (seconds to minutes) suit a clinic, not a test run. */
export const testJobOptions: SyncJobOptions = { intervalMs: 2000, backoffBaseMs: 100, backoffMaxMs: 800 };

export async function startDesk(name: string, dbPath: string, clockOffsetMs = 0): Promise<DeskProcess> {
  const proc = fork(runner, [dbPath, String(clockOffsetMs)], { cwd: root, execArgv: tsx, stdio: "pipe" });
  let stderr = "";
  proc.stderr?.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let next = 1;
  const ready = new Promise<void>((resolve, reject) => {
    proc.once("exit", (code) => reject(new Error(`desk ${name} exited (${code}): ${stderr}`)));
    proc.on("message", (m: { id: number; ok: boolean; value?: unknown; error?: string }) => {
      if (m.id === 0) return resolve();
      const w = waiting.get(m.id);
      waiting.delete(m.id);
      if (m.ok) w?.resolve(m.value);
      else w?.reject(new Error(`desk ${name}: ${m.error}`));
    });
  });
  await ready;
  const call = <T>(cmd: string, args?: unknown) =>
    new Promise<T>((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      proc.send({ id, cmd, args });
    });
  const deviceId = await call<string>("deviceId");
  return {
    name,
    deviceId,
    call,
    async enroll(serverUrl, code) {
      const r = await call<{ ok: boolean; message?: string }>("enroll", { serverUrl, code, name });
      if (!r.ok) throw new Error(`desk ${name} could not enrol: ${r.message}`);
    },
    async start(options = testJobOptions) {
      await call("start", options);
    },
    status: () => call<SyncStatus>("status"),
    state: () => call<DeskState>("state"),
    async append(events, performedAt) {
      const r = await call<{
        ok: boolean;
        value?: { id: string; visitId: string }[];
        error?: { message: string };
      }>("append", { events, performedAt });
      if (!r.ok) throw new Error(`desk ${name} refused: ${r.error?.message}`);
      return r.value ?? [];
    },
    async exit() {
      if (proc.exitCode !== null) return;
      const gone = exited(proc);
      proc.send({ id: next++, cmd: "exit" });
      await gone;
    },
  };
}

/** Polls until `check` returns a value other than undefined/false; fails with `what` after the deadline. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  ms = 45_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v as T;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(`Gave up waiting for ${what}${last ? `: ${String(last)}` : ""}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

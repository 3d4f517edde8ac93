import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { DatabaseOpenError } from "../db/open.js";
import { openLog } from "../ops/log.js";

// Long commands leave one line in logs/cli.N.log beside the clinic database they worked on: which command, how it
// ended and how long it took, so the person running the clinic can see when the last backup or rebuild ran. Only the
// command's name and the database path are written, never its other options (an enrolment code is one). Nothing is
// written beside a file the command refused as not being a clinic database.

export const loggedCommands = new Set([
  "seed",
  "rebuild",
  "export-audit",
  "backup",
  "restore",
  "verify",
  "sync",
]);

function dbOption(args: string[]): string | null {
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === "--db") return args[i + 1] ?? null;
    if (a.startsWith("--db=")) return a.slice(5);
  }
  return null;
}

export async function logCommand(
  command: string,
  args: string[],
  outcome: { exitCode: number; ms: number; error?: unknown },
): Promise<void> {
  const db = dbOption(args);
  if (!loggedCommands.has(command) || !db || !existsSync(db) || outcome.error instanceof DatabaseOpenError)
    return;
  const logs = await openLog(join(dirname(resolve(db)), "logs"), "cli");
  const line = { command, db: resolve(db), exitCode: outcome.exitCode, ms: outcome.ms };
  if (outcome.error) logs.log.error({ ...line, err: (outcome.error as Error).message }, "command failed");
  else logs.log.info(line, outcome.exitCode === 0 ? "command done" : "command refused");
  await logs.close();
}

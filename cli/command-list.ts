// Every sub-command of `clinic-hms`. Each lives in cli/commands/<name>.ts and exports `run(args): Promise<number>`
// (the exit code) and `summary` (one line for the help). Adding a command means adding its file and one line here
// (a test checks the two agree); the list is written out, not read from the folder, so the command can be compiled
// into one file for an installed package (cli/build.ts).

export interface CliCommand {
  summary: string;
  run(args: string[]): Promise<number>;
}

export const commands: Record<string, () => Promise<CliCommand>> = {
  analytics: () => import("./commands/analytics.js"),
  backup: () => import("./commands/backup.js"),
  docs: () => import("./commands/docs.js"),
  enroll: () => import("./commands/enroll.js"),
  "export-audit": () => import("./commands/export-audit.js"),
  rebuild: () => import("./commands/rebuild.js"),
  restore: () => import("./commands/restore.js"),
  seed: () => import("./commands/seed.js"),
  sync: () => import("./commands/sync.js"),
  "sync-server": () => import("./commands/sync-server.js"),
  verify: () => import("./commands/verify.js"),
  "verify-audit": () => import("./commands/verify-audit.js"),
  web: () => import("./commands/web.js"),
};

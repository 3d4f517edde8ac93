// The `clinic-hms` command (`npm run hms -- ...` in a checkout); its sub-commands are listed in command-list.ts.

import { type CliCommand, commands } from "./command-list.js";
import { logCommand } from "./command-log.js";

const available = () => Object.keys(commands).sort();

async function help(): Promise<void> {
  const lines = ["Usage: clinic-hms <command> [options]", "", "Commands:"];
  for (const name of available())
    lines.push(`  ${name.padEnd(16)} ${(await (commands[name] as () => Promise<CliCommand>)()).summary}`);
  lines.push("", "Run `clinic-hms <command> --help` for a command's options.");
  console.log(lines.join("\n"));
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    await help();
    return name ? 0 : 1;
  }
  const load = commands[name];
  if (!load) {
    console.error(`clinic-hms: unknown command "${name}".`);
    await help();
    return 2;
  }
  const started = Date.now();
  let exitCode = 1;
  let failure: { error: unknown } | null = null;
  try {
    exitCode = await (await load()).run(args);
  } catch (error) {
    failure = { error };
  }
  // A log that cannot be written never changes how the command itself ended.
  await logCommand(name, args, { exitCode, ms: Date.now() - started, ...(failure ?? {}) }).catch(() => {});
  if (failure) throw failure.error;
  return exitCode;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`clinic-hms: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  },
);

import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

// The `hms` command. Each sub-command lives in cli/commands/<name>.ts and exports `run(args): Promise<number>`
// (the exit code) and `summary` (one line for the help). Adding a command means adding a file, nothing else.

export interface CliCommand {
  summary: string;
  run(args: string[]): Promise<number>;
}

const commandsDir = fileURLToPath(new URL("./commands", import.meta.url));
const available = () =>
  readdirSync(commandsDir)
    .filter((f) => f.endsWith(".ts"))
    .map((f) => f.slice(0, -3))
    .sort();

async function load(name: string): Promise<CliCommand> {
  return (await import(`./commands/${name}.ts`)) as CliCommand;
}

async function help(): Promise<void> {
  const lines = ["Usage: hms <command> [options]", "", "Commands:"];
  for (const name of available()) lines.push(`  ${name.padEnd(16)} ${(await load(name)).summary}`);
  lines.push("", "Run `hms <command> --help` for a command's options.");
  console.log(lines.join("\n"));
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    await help();
    return name ? 0 : 1;
  }
  if (!available().includes(name)) {
    console.error(`hms: unknown command "${name}".`);
    await help();
    return 2;
  }
  return (await load(name)).run(args);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`hms: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  },
);

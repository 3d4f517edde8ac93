import type { TestProject } from "vitest/node";
import type { RunningPostgres } from "./embedded-postgres.js";

// One PostgreSQL for the whole test run (HMS_TEST_PG_URL when one is already running): each suite makes its own
// database in it (tests/server/support/databases.ts).

declare module "vitest" {
  export interface ProvidedContext {
    hmsPostgresUrl: string;
    /** Why PostgreSQL could not be started, when it could not: only the suites that need it fail, with this. */
    hmsPostgresError: string;
  }
}

let running: RunningPostgres | null = null;

/**
 * The embedded-postgres package registers async-exit-hook on the process's `beforeExit` and `exit`: the first calls
 * process.exit(0), which in the test runner's process turned a run with failed tests into exit code 0; the second
 * runs its shutdown without the callback it then calls, which fails a run that passed. The run stops its PostgreSQL
 * itself (teardown), so the handlers the import adds are taken off again; the signal handlers stay.
 */
async function embeddedPostgres() {
  const beforeExit = new Set(process.listeners("beforeExit"));
  const exit = new Set(process.listeners("exit"));
  const loaded = await import("./embedded-postgres.js");
  for (const l of process.listeners("beforeExit")) if (!beforeExit.has(l)) process.off("beforeExit", l);
  for (const l of process.listeners("exit")) if (!exit.has(l)) process.off("exit", l);
  return loaded;
}

export async function setup(project: TestProject): Promise<void> {
  const given = process.env.HMS_TEST_PG_URL;
  if (given) {
    project.provide("hmsPostgresUrl", given);
    return;
  }
  try {
    running = await (await embeddedPostgres()).startEmbeddedPostgres();
    project.provide("hmsPostgresUrl", running.url);
  } catch (err) {
    project.provide("hmsPostgresUrl", "");
    project.provide(
      "hmsPostgresError",
      `${(err as Error).message}\nSet HMS_TEST_PG_URL to a PostgreSQL superuser URL to use a running server instead.`,
    );
  }
}

export async function teardown(): Promise<void> {
  await running?.stop();
  running = null;
}

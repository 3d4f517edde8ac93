import type { TestProject } from "vitest/node";
import type { RunningPostgres } from "./embedded-postgres.js";
import { loadEmbeddedPostgres } from "./load-embedded-postgres.js";

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

export async function setup(project: TestProject): Promise<void> {
  const given = process.env.HMS_TEST_PG_URL;
  if (given) {
    project.provide("hmsPostgresUrl", given);
    return;
  }
  try {
    running = await (await loadEmbeddedPostgres()).startEmbeddedPostgres();
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

import type { TestProject } from "vitest/node";
import { type RunningPostgres, startEmbeddedPostgres } from "./embedded-postgres.js";

// One PostgreSQL for the whole test run (HMS_TEST_PG_URL when one is already running): each suite makes its own
// database in it (tests/server/support/databases.ts).

declare module "vitest" {
  export interface ProvidedContext {
    hmsPostgresUrl: string;
  }
}

let running: RunningPostgres | null = null;

export async function setup(project: TestProject): Promise<void> {
  const given = process.env.HMS_TEST_PG_URL;
  if (given) {
    project.provide("hmsPostgresUrl", given);
    return;
  }
  running = await startEmbeddedPostgres();
  project.provide("hmsPostgresUrl", running.url);
}

export async function teardown(): Promise<void> {
  await running?.stop();
  running = null;
}

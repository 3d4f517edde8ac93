import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";

// A new, empty database per suite in the test run's PostgreSQL, dropped afterwards, so suites never see each
// other's clinics.

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

function adminUrl(): string {
  const url = inject("hmsPostgresUrl");
  if (!url) throw new Error(`The tests' PostgreSQL did not start: ${inject("hmsPostgresError")}`);
  return url;
}

async function asAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `hms_test_${randomBytes(6).toString("hex")}`;
  await asAdmin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => asAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

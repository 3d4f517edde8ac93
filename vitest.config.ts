import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Suites open real SQLite files and real processes; two cores are all this machine has.
    maxWorkers: 2,
    // One PostgreSQL per run for the sync server's PostgreSQL storage (or HMS_TEST_PG_URL when set).
    globalSetup: ["tests/server/support/postgres-global-setup.ts"],
  },
});

import { defineConfig } from "vitest/config";

const shared = {
  testTimeout: 60_000,
  hookTimeout: 60_000,
};

export default defineConfig({
  test: {
    // Suites open real SQLite files and real processes; two cores are all this machine has.
    maxWorkers: 2,
    projects: [
      {
        test: {
          ...shared,
          name: "unit",
          include: ["tests/**/*.test.ts"],
          exclude: ["tests/e2e/**", "tests/ops/browser-discovery.test.ts"],
          // One PostgreSQL per run for the sync server's PostgreSQL storage (or HMS_TEST_PG_URL when set).
          globalSetup: ["tests/server/support/postgres-global-setup.ts"],
        },
      },
      {
        // The browser tests share one build of the renderer, made once per run by the global setup.
        test: {
          ...shared,
          name: "browser",
          // The browser discovery test launches the run's browser, so it runs here.
          include: ["tests/e2e/**/*.test.ts", "tests/ops/browser-discovery.test.ts"],
          // Finds (or installs) the Chromium the browser tests drive, and builds the renderer, once per run.
          globalSetup: ["tests/setup/browser.ts", "tests/e2e/build-renderer.ts"],
        },
      },
    ],
  },
});

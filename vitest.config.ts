import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // Finds (or installs) the Chromium the browser tests drive, once per run.
    globalSetup: ["tests/setup/browser.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Suites open real SQLite files and real processes; two cores are all this machine has.
    maxWorkers: 2,
  },
});

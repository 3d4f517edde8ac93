import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { TestProject } from "vitest/node";
import { BROWSER_ENV, findBrowser } from "../support/browser.js";

// Once per test run: find a Chromium or Chrome for the browser tests, install one when this machine can (Debian's
// package when running as root, else Playwright's download), and otherwise stop the run with one line saying what
// to install, rather than letting every browser test fail with a launch error.

const require = createRequire(import.meta.url);

type Attempt = { what: string; command: string; args: string[] };

function installAttempts(): Attempt[] {
  const attempts: Attempt[] = [];
  const root = typeof process.getuid === "function" && process.getuid() === 0;
  if (root && spawnSync("apt-get", ["--version"], { stdio: "ignore" }).status === 0)
    attempts.push({
      what: "Debian's chromium package",
      command: "sh",
      args: [
        "-c",
        "DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core",
      ],
    });
  attempts.push({
    what: "Playwright's Chromium",
    command: process.execPath,
    // playwright-core's own command line (not in its exports map, so found beside its package.json).
    args: [join(dirname(require.resolve("playwright-core/package.json")), "cli.js"), "install", "chromium"],
  });
  return attempts;
}

export const missingBrowserLine =
  `No Chromium or Chrome found for the browser tests: install one (Debian/Ubuntu: sudo apt-get install chromium; ` +
  `elsewhere: npx playwright-core install chromium, or Google Chrome) or set ${BROWSER_ENV}=/path/to/chrome.`;

/** The browser to use, installing one if needed; null when none could be found or installed. */
export function ensureBrowser(
  find: () => string | null = findBrowser,
  attempts: Attempt[] = installAttempts(),
  say: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): string | null {
  const found = find();
  if (found) return found;
  for (const attempt of attempts) {
    say(`No browser for the browser tests yet; installing ${attempt.what}...`);
    spawnSync(attempt.command, attempt.args, { stdio: "ignore", timeout: 600_000 });
    const installed = find();
    if (installed) return installed;
  }
  return null;
}

export default function setup(project: TestProject): void {
  const path = ensureBrowser();
  if (!path) {
    // One line, no stack: the run cannot go on, and the reader needs the fix, not where it was noticed.
    process.stderr.write(`\n${missingBrowserLine}\n\n`);
    process.exit(1);
  }
  project.provide("browserPath", path);
}

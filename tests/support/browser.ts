import { accessSync, constants } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium } from "playwright-core";
import { inject } from "vitest";

// Which Chromium the browser tests drive. tests/setup/browser.ts finds (or installs) one once per run and hands
// its path to every test file; launchBrowser() starts it with the flags a headless test machine needs.

declare module "vitest" {
  export interface ProvidedContext {
    browserPath: string;
  }
}

/** Set HMS_BROWSER to a Chromium or Chrome executable to use that one and skip the search. */
export const BROWSER_ENV = "HMS_BROWSER";

const isExecutable = (path: string): boolean => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** Playwright's own download first (it matches playwright-core), then the usual system installs. */
export function browserCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  const fromEnv = env[BROWSER_ENV]?.trim();
  if (fromEnv) return [fromEnv];
  const onPath = (env.PATH ?? "")
    .split(process.platform === "win32" ? ";" : ":")
    .filter(Boolean)
    .flatMap((dir) =>
      ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"].map((name) =>
        join(dir, name),
      ),
    );
  const programFiles = [env.PROGRAMFILES, env["PROGRAMFILES(X86)"], env.LOCALAPPDATA].filter(
    (d): d is string => Boolean(d),
  );
  return [
    chromium.executablePath(),
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
    "/usr/bin/google-chrome-stable",
    ...onPath,
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    ...programFiles.map((d) => join(d, "Google", "Chrome", "Application", "chrome.exe")),
  ];
}

export function findBrowser(candidates: readonly string[] = browserCandidates()): string | null {
  return candidates.find(isExecutable) ?? null;
}

/** Starts the run's browser headless, with no sandbox (containers run as root), GPU or background traffic. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: inject("browserPath"),
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

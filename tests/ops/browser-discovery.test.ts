import { chmodSync, existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ensureBrowser, missingBrowserLine } from "../setup/browser.js";
import { browserCandidates, findBrowser, launchBrowser } from "../support/browser.js";
import { tempDir } from "../support/temp-db.js";

// How the browser tests find their Chromium on a machine that has one, gets one where it can, and otherwise says
// in one line what to install.

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function folder() {
  const t = tempDir("hms-browser-");
  cleanups.push(t.cleanup);
  return t.dir;
}

describe("finding a browser for the browser tests", () => {
  it("takes the first candidate that is an executable file, skipping missing and non-executable ones", () => {
    const dir = folder();
    const notExecutable = join(dir, "chromium-text");
    const executable = join(dir, "chrome");
    writeFileSync(notExecutable, "not a program");
    writeFileSync(executable, "#!/bin/sh\n");
    chmodSync(executable, 0o755);
    expect(findBrowser([join(dir, "missing"), notExecutable, executable])).toBe(executable);
    expect(findBrowser([join(dir, "missing"), notExecutable])).toBeNull();
  });

  it("uses HMS_BROWSER alone when it is set, and otherwise looks at Playwright's own Chromium first", () => {
    expect(browserCandidates({ HMS_BROWSER: "/opt/chrome/chrome" })).toEqual(["/opt/chrome/chrome"]);
    const usual = browserCandidates({ PATH: "/usr/local/bin" });
    expect(usual[0]).toMatch(/ms-playwright/);
    expect(usual).toContain("/usr/bin/chromium");
    expect(usual).toContain("/usr/local/bin/google-chrome");
  });

  it("installs one when none is there, falling through an install that fails to one that works", () => {
    const dir = folder();
    const target = join(dir, "chromium");
    const lines: string[] = [];
    const found = ensureBrowser(
      () => findBrowser([target]),
      [
        { what: "a package that cannot be fetched", command: "sh", args: ["-c", "exit 100"] },
        {
          what: "a download that works",
          command: "sh",
          args: ["-c", `printf '#!/bin/sh\\n' > '${target}' && chmod +x '${target}'`],
        },
      ],
      (line) => lines.push(line),
    );
    expect(found).toBe(target);
    expect(lines).toEqual([
      "No browser for the browser tests yet; installing a package that cannot be fetched...",
      "No browser for the browser tests yet; installing a download that works...",
    ]);
  });

  it("gives up with nothing found when every install fails, and the line it prints says what to install", () => {
    const dir = folder();
    const found = ensureBrowser(
      () => findBrowser([join(dir, "chromium")]),
      [{ what: "Playwright's Chromium", command: "sh", args: ["-c", "exit 1"] }],
      () => {},
    );
    expect(found).toBeNull();
    expect(existsSync(join(dir, "chromium"))).toBe(false);
    expect(missingBrowserLine.split("\n")).toHaveLength(1);
    expect(missingBrowserLine).toMatch(/apt-get install chromium/);
    expect(missingBrowserLine).toMatch(/playwright-core install chromium/);
  });

  it("finds this machine's browser for the run, and the browser tests can launch it", async () => {
    expect(findBrowser()).not.toBeNull();
    const browser = await launchBrowser();
    try {
      expect(browser.version()).toMatch(/^\d+\./);
    } finally {
      await browser.close();
    }
  });
});

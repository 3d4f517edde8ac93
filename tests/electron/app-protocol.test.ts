import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appFileFor, serveAppFile } from "../../electron/app-protocol.js";
import { contentSecurityPolicy } from "../../electron/content-security.js";
import { tempDir } from "../support/temp-db.js";

let root: string;
let outside: string;
let cleanup: () => void;
beforeEach(() => {
  const t = tempDir("hms-app-protocol-");
  cleanup = t.cleanup;
  root = join(t.dir, "dist");
  outside = join(t.dir, "secret.txt");
  mkdirSync(join(root, "assets"), { recursive: true });
  writeFileSync(join(root, "index.html"), "<!doctype html><title>Clinic</title>");
  writeFileSync(join(root, "assets", "index-abc.js"), "console.log('hi')");
  writeFileSync(outside, "patient list");
});
afterEach(() => cleanup());

describe("app:// protocol", () => {
  it("serves the renderer's files with their type, the CSP and no-sniff", async () => {
    const page = await serveAppFile("app://clinic/index.html", root);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(page.headers.get("content-security-policy")).toBe(contentSecurityPolicy());
    expect(page.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await page.text()).toContain("<title>Clinic</title>");

    const script = await serveAppFile("app://clinic/assets/index-abc.js", root);
    expect(script.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(await script.text()).toBe("console.log('hi')");

    expect(await (await serveAppFile("app://clinic/", root)).text()).toContain("<title>Clinic</title>");
  });

  it("answers 404 (with the CSP) for missing files, other hosts and anything outside the renderer folder", async () => {
    for (const url of [
      "app://clinic/missing.js",
      "app://other/index.html",
      "app://clinic/../secret.txt",
      "app://clinic/%2e%2e/secret.txt",
      "app://clinic/assets/%2e%2e%2f%2e%2e%2fsecret.txt",
      "app://clinic/..%5csecret.txt",
      `app://clinic/${encodeURIComponent(outside)}`,
      "app://clinic/assets",
      "https://clinic/index.html",
    ]) {
      const res = await serveAppFile(url, root);
      expect(res.status, url).toBe(404);
      expect(res.headers.get("content-security-policy"), url).toBe(contentSecurityPolicy());
      expect(await res.text(), url).not.toContain("patient list");
    }
  });

  it("maps URLs to files under the folder only", () => {
    expect(appFileFor("app://clinic/assets/index-abc.js", root)).toBe(join(root, "assets", "index-abc.js"));
    // The URL parser resolves encoded dot segments itself, so this one stays inside the folder...
    expect(appFileFor("app://clinic/%2e%2e/secret.txt", root)).toBe(join(root, "secret.txt"));
    // ...and an encoded slash, which it does not resolve, is caught after decoding.
    expect(appFileFor("app://clinic/assets/%2e%2e%2f%2e%2e%2fsecret.txt", root)).toBeNull();
    expect(appFileFor("app://clinic/%E0%A4%A", root)).toBeNull();
  });
});

import { readFileSync } from "node:fs";

// The app's name and version as package.json states them, for manifests: an auditor can tell which build wrote a
// file, and so which canonical forms it used.
let cached: { name: string; version: string } | undefined;

export function appVersion(): { name: string; version: string } {
  if (!cached) {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
      name: string;
      version: string;
    };
    cached = { name: pkg.name, version: pkg.version };
  }
  return cached;
}

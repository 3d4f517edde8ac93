import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// The layering DESIGN.md fixes, checked on the imports themselves: domain/ is pure (no I/O, no other layer), and only
// electron/main.ts may load the `electron` module at run time (elsewhere `import type` only), because requiring it
// from plain Node tries to download the Electron binary.

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "node_modules" ? [] : files(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

const valueImports = (source: string) =>
  [
    ...source.matchAll(/^\s*import\s+(?!type\b)[^;]*?from\s+["']([^"']+)["']/gm),
    ...source.matchAll(/import\(["']([^"']+)["']\)/g),
  ].map((m) => m[1] as string);

// The two files Electron itself loads: the main process and the preload script.
const electronEntryPoints = [join("electron", "main.ts"), join("electron", "preload.ts")];

describe("layering", () => {
  it("domain/ imports nothing but domain/, zod and node:crypto", () => {
    for (const file of files("domain")) {
      const source = readFileSync(file, "utf8");
      const imports = [...source.matchAll(/from\s+["']([^"']+)["']/g)].map((m) => m[1] as string);
      for (const spec of imports)
        expect(
          spec.startsWith("./") || spec === "zod" || spec === "node:crypto",
          `${file} imports ${spec}`,
        ).toBe(true);
    }
  });

  it("no file but the Electron entry points loads the electron module at run time", () => {
    const roots = [
      "domain",
      "db",
      "api",
      "cli",
      "server",
      "sync",
      "audit",
      "renderer",
      "electron",
      "seed",
      "reports",
    ];
    for (const root of roots) {
      let all: string[];
      try {
        all = files(root);
      } catch {
        continue;
      }
      for (const file of all) {
        if (electronEntryPoints.includes(file)) continue;
        const specs = valueImports(readFileSync(file, "utf8"));
        expect(specs.includes("electron"), `${file} imports electron at run time`).toBe(false);
      }
    }
  });
});

import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

/**
 * Where a worker thread's module is, or null when this build has none (the work then runs on the caller's thread):
 * the command-line bundle's compiled file (`bundled`, set by cli/build.ts); compiled JavaScript named `name`.js
 * beside the caller (`here`, its import.meta.url); in development the TypeScript source, started through a two-line
 * module that first registers tsx's loader in the new thread.
 */
export function workerEntry(bundled: string | undefined, here: string, name: string): URL | null {
  if (typeof bundled === "string") return new URL(bundled);
  if (!here.endsWith(".ts")) {
    const compiled = new URL(`./${name}.js`, here);
    return existsSync(compiled) ? compiled : null;
  }
  let tsx: string;
  try {
    tsx = pathToFileURL(createRequire(here).resolve("tsx/esm/api")).href.replace(/\.cjs$/, ".mjs");
  } catch {
    return null;
  }
  const source = new URL(`./${name}.ts`, here);
  if (!existsSync(source)) return null;
  const boot = `import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(source.href)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(boot)}`);
}

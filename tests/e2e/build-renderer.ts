import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { buildRenderer } from "../../bench/renderer-size.js";

// The browser tests' global setup: the renderer is built once per test run, into a temp folder (never over the
// dist/ someone may be serving), and every browser test file is handed its path through `inject("rendererDir")`.

declare module "vitest" {
  export interface ProvidedContext {
    rendererDir: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), "hms-renderer-"));
  const rendererDir = join(dir, "renderer");
  await buildRenderer(rendererDir);
  project.provide("rendererDir", rendererDir);
  return () => rmSync(dir, { recursive: true, force: true });
}

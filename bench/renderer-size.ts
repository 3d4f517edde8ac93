import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "vite";
import type { BenchRow } from "./types.js";

// How much JavaScript a person waits for: the renderer is built as for release, and the chunks the first screen
// needs (the entry and everything it imports statically) are gzipped and added up; the reception screen, the first
// work screen most people see, is counted with the chunks it adds when it is opened.

interface ManifestChunk {
  file: string;
  imports?: string[];
}
type Manifest = Record<string, ManifestChunk>;

export async function buildRenderer(outDir: string, options: { manifest?: boolean } = {}): Promise<void> {
  await build({
    configFile: resolve("vite.config.ts"),
    logLevel: "error",
    build: { outDir, emptyOutDir: true, manifest: options.manifest ?? false },
  });
}

/** The files a manifest entry loads before it runs: itself and its static imports, each once. */
export function chunksOf(manifest: Manifest, key: string, seen = new Set<string>()): Set<string> {
  const chunk = manifest[key];
  if (!chunk || seen.has(chunk.file)) return seen;
  seen.add(chunk.file);
  for (const i of chunk.imports ?? []) chunksOf(manifest, i, seen);
  return seen;
}

export async function benchRendererSize(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), "hms-renderer-size-"));
  try {
    await buildRenderer(dir, { manifest: true });
    const manifest = JSON.parse(readFileSync(join(dir, ".vite", "manifest.json"), "utf8")) as Manifest;
    const gzipped = (files: Iterable<string>) =>
      [...files].reduce((sum, f) => sum + gzipSync(readFileSync(join(dir, f))).length, 0) / 1024;
    const first = chunksOf(manifest, "index.html");
    const reception = chunksOf(manifest, "renderer/screens/reception/reception-screen.tsx", new Set(first));
    return [
      { name: "first screen's JavaScript, gzipped", value: gzipped(first), unit: "KB", goal: "value < 200" },
      { name: "with the reception screen, gzipped", value: gzipped(reception), unit: "KB" },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// `npx tsx bench/renderer-size.ts` prints the figures on their own.
if (import.meta.url === `file://${process.argv[1]}`) {
  for (const row of await benchRendererSize())
    console.log(`${row.name}: ${row.value.toFixed(1)} ${row.unit}`);
}

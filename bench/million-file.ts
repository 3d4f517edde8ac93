import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { createClinicFile } from "../db/new-clinic-file.js";
import { planClinic } from "../seed/plan.js";
import { type SeedProgress, writeClinic } from "../seed/write.js";

// The benchmark's big files, seeded exactly as `hms seed` seeds a new file (db/new-clinic-file.ts: the store's own
// checked append, a day per call): "1m" is about a year of a busy clinic (400 days x 160 visits, a little over
// 1,000,000 events), "10m" six and a half years of a clinic twice that size (2,350 days x 320 visits, a little
// over 10,000,000 events: its visits are shorter, about 13.5 events each). Building one takes minutes, so it is kept under .tmp/bench/ and reused while its
// key (this file's version, the seed's options, the migrations and the seed's code) is unchanged; a stale one of
// the same scale is deleted.

const root = fileURLToPath(new URL("../", import.meta.url));
export const BENCH_FILE_VERSION = 2;

export const benchScales = {
  "1m": { randomSeed: "bench-1m", days: 400, visitsPerDay: 160, until: "2026-01-31T23:00:00.000Z" },
  "10m": { randomSeed: "bench-10m", days: 2350, visitsPerDay: 320, until: "2026-01-31T23:00:00.000Z" },
} as const;
export type BenchScale = keyof typeof benchScales;
export const isBenchScale = (s: string): s is BenchScale => Object.hasOwn(benchScales, s);

function cacheKey(scale: BenchScale): string {
  const h = createHash("sha256").update(JSON.stringify({ BENCH_FILE_VERSION, seed: benchScales[scale] }));
  for (const folder of ["db/migrations", "seed"])
    for (const name of readdirSync(join(root, folder)).sort())
      if (/\.(sql|ts)$/.test(name)) h.update(name).update(readFileSync(join(root, folder, name)));
  return h.digest("hex").slice(0, 12);
}

export interface BenchFile {
  path: string;
  events: number;
  /** Set when this call had to build the file. */
  buildMs?: number;
  /** The build's own events per second (the seed's rate), when this call built it. */
  eventsPerSecond?: number;
}
/** The 1m file's shape, under the name the other benchmarks know it by. */
export type MillionFile = BenchFile;

export async function ensureBenchFile(
  scale: BenchScale,
  onProgress?: (p: SeedProgress) => void,
): Promise<BenchFile> {
  const seed = benchScales[scale];
  const dir = join(root, ".tmp", "bench");
  mkdirSync(dir, { recursive: true });
  const prefix = `clinic-${scale}-`;
  const name = `${prefix}${cacheKey(scale)}.sqlite`;
  const path = join(dir, name);
  if (existsSync(path)) {
    const sqlite = new Database(path, { readonly: true });
    const events = sqlite.prepare("SELECT MAX(position) FROM visit_events").pluck().get() as number;
    sqlite.close();
    return { path, events };
  }
  for (const old of readdirSync(dir)) if (old.startsWith(prefix)) rmSync(join(dir, old), { force: true });
  const started = Date.now();
  const fresh = createClinicFile(path);
  try {
    const plan = planClinic({ ...seed, until: new Date(seed.until) });
    const written = writeClinic(fresh.db, plan, seed.days, {
      batchMinutes: 24 * 60,
      batchSize: 20_000,
      ...(onProgress ? { onProgress } : {}),
    });
    if (!written.ok) throw new Error(`Building the benchmark file failed: ${written.error.message}`);
    fresh.finish();
    const buildMs = Date.now() - started;
    return {
      path,
      events: written.value.events,
      buildMs,
      eventsPerSecond: written.value.events / (buildMs / 1000),
    };
  } catch (err) {
    fresh.abandon();
    throw err;
  }
}

export function ensureMillionEventFile(onProgress?: (p: SeedProgress) => void): Promise<MillionFile> {
  return ensureBenchFile("1m", onProgress);
}

import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { openClinicDb } from "../db/open.js";
import { planClinic } from "../seed/plan.js";
import { type SeedProgress, writeClinic } from "../seed/write.js";

// The benchmark's big file: about a year of a busy clinic (400 days x 160 visits, a little over 1,000,000 events),
// seeded through the store's own append in big batches. Building it takes minutes, so it is kept under .tmp/bench/
// and reused while its key (this file's version, the seed's options, the migrations and the seed's code) is
// unchanged; a stale one is deleted.

const root = fileURLToPath(new URL("../", import.meta.url));
export const BENCH_FILE_VERSION = 1;
const seed = { randomSeed: "bench-1m", days: 400, visitsPerDay: 160, until: "2026-01-31T23:00:00.000Z" };

function cacheKey(): string {
  const h = createHash("sha256").update(JSON.stringify({ BENCH_FILE_VERSION, seed }));
  for (const folder of ["db/migrations", "seed"])
    for (const name of readdirSync(join(root, folder)).sort())
      if (/\.(sql|ts)$/.test(name)) h.update(name).update(readFileSync(join(root, folder, name)));
  return h.digest("hex").slice(0, 12);
}

export interface MillionFile {
  path: string;
  events: number;
  /** Set when this call had to build the file. */
  buildMs?: number;
}

export async function ensureMillionEventFile(onProgress?: (p: SeedProgress) => void): Promise<MillionFile> {
  const dir = join(root, ".tmp", "bench");
  mkdirSync(dir, { recursive: true });
  const name = `clinic-1m-${cacheKey()}.sqlite`;
  const path = join(dir, name);
  if (existsSync(path)) {
    const sqlite = new Database(path, { readonly: true });
    const events = sqlite.prepare("SELECT MAX(position) FROM visit_events").pluck().get() as number;
    sqlite.close();
    return { path, events };
  }
  for (const old of readdirSync(dir))
    if (old.startsWith("clinic-1m-") && !old.startsWith(name)) rmSync(join(dir, old), { force: true });
  const building = `${path}.building`;
  for (const suffix of ["", "-wal", "-shm"]) rmSync(building + suffix, { force: true });
  const started = Date.now();
  const db = openClinicDb(building);
  const plan = planClinic({ ...seed, until: new Date(seed.until) });
  // A whole day per append: the file is built for reading, and fewer commits make it quicker.
  const written = writeClinic(db, plan, seed.days, { batchMinutes: 24 * 60, batchSize: 20_000, onProgress });
  if (!written.ok) {
    db.close();
    throw new Error(`Building the benchmark file failed: ${written.error.message}`);
  }
  db.sqlite.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  renameSync(building, path);
  return { path, events: written.value.events, buildMs: Date.now() - started };
}

import { execFile } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { build } from "esbuild";
import { openClinicDb } from "../db/open.js";
import { registerPatient } from "../db/patients.js";
import { addStaff } from "../db/staff.js";
import { eventHash, type HashedFields } from "../domain/event-hash.js";
import { EVENTS_PER_JOURNEY, journey } from "../tests/audit/support/journeys.js";
import { ensureMillionEventFile } from "./million-file.js";
import type { BenchRow } from "./types.js";

// The audit part of `npm run bench`: the hash chain's share of an append, then an NDJSON export of the shared
// 1,000,000-event bench file (or a file of `events` built here) in a child process whose peak RSS is its own, for
// the whole log and for a tenth of it (memory must not grow with size), CSV and FHIR on the tenth, and the
// verifier on the whole export. Returns rows; prints nothing (progress goes to the optional callback).

export interface AuditBenchOptions {
  /** Build a file of this many visit events instead of using the shared 1,000,000-event bench file. */
  events?: number;
  progress?: (message: string) => void;
}

const run = promisify(execFile);
const root = fileURLToPath(new URL("../", import.meta.url));
// The child runs as one bundled file on plain node, as the packaged app runs: under tsx the loader alone would
// add some 80 MB to the RSS being measured. It sits in .tmp/ so that ../package.json is still the app's.
const childBundle = join(root, ".tmp", "audit-bench-child.mjs");

async function bundleChild(): Promise<void> {
  await build({
    entryPoints: [join(root, "bench", "audit-export-child.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outfile: childBundle,
    packages: "external",
    logLevel: "silent",
  });
}

async function inChild(args: string[]): Promise<{ records: number; ms: number; maxRssMB: number }> {
  const { stdout } = await run(process.execPath, [childBundle, ...args], {
    maxBuffer: 1024 * 1024,
    cwd: root,
  });
  return JSON.parse(stdout.trim().split("\n").at(-1) as string);
}

/** A clinic file of `events` visit events in valid journeys, appended through the store in big batches. */
function buildClinic(path: string, events: number): { appendUs: number } {
  const db = openClinicDb(path);
  try {
    const staff = (name: string, role: "reception" | "doctor" | "admin") => {
      const r = addStaff(db, { name, role });
      if (!r.ok) throw new Error(r.error.message);
      return r.value.id;
    };
    const reception = staff("Rita Mensah", "reception");
    const doctor = staff("Dr Daniel Okoro", "doctor");
    staff("Ada Admin", "admin");
    const patient = registerPatient(db, { name: "Amina Yusuf", sex: "female" });
    if (!patient.ok) throw new Error(patient.error.message);
    const people = { patientId: patient.value.id, reception, doctor };
    const visits = Math.ceil(events / EVENTS_PER_JOURNEY);
    const start = Date.parse("2025-01-01T08:00:00Z");
    let appendMs = 0;
    for (let v = 0; v < visits; v += 200) {
      const batch = [];
      for (let i = v; i < Math.min(visits, v + 200); i++)
        batch.push(...journey(`V-${i}`, people, start + i * 10 * 60_000));
      const t = performance.now();
      const r = db.events.append(batch);
      appendMs += performance.now() - t;
      if (!r.ok) throw new Error(r.error.message);
    }
    return { appendUs: (appendMs * 1000) / (visits * EVENTS_PER_JOURNEY) };
  } finally {
    db.close();
  }
}

export async function benchAuditExport(opts: AuditBenchOptions = {}): Promise<BenchRow[]> {
  const say = opts.progress ?? (() => {});
  const dir = mkdtempSync(join(tmpdir(), "hms-bench-audit-"));
  const rows: BenchRow[] = [];
  try {
    // The chain's cost beside the plain append: 20,000 events appended, then the same rows hashed again.
    say("audit: appending 20,000 events");
    const small = join(dir, "append.sqlite");
    const { appendUs } = buildClinic(small, 20_000);
    const sampleDb = new Database(small, { readonly: true });
    const sample = sampleDb
      .prepare(
        "SELECT id, visitId, eventType, description, metadata, performedBy, performedAt, deviceId, schemaVersion, recordedAt, prevHash FROM visit_events",
      )
      .all() as HashedFields[];
    sampleDb.close();
    const t = performance.now();
    for (const e of sample) eventHash(e);
    const hashUs = ((performance.now() - t) * 1000) / sample.length;
    rows.push({
      name: "visit event append incl. hash chain (batches of 1,800)",
      value: round(appendUs),
      unit: "µs/event",
    });
    rows.push({
      name: "  of which the hash chain (SHA-256 of the canonical form)",
      value: round(hashUs, 2),
      unit: "µs/event",
      baseline: round(appendUs),
      ratio: round(hashUs / appendUs, 3),
    });

    // The big file: the shared 1,000,000-event bench file (copied: an export records itself in the security log).
    const path = join(dir, "clinic.sqlite");
    if (opts.events) buildClinic(path, opts.events);
    else {
      say("audit: getting the 1,000,000-event file");
      const big = await ensureMillionEventFile();
      for (const suffix of ["", "-wal"])
        if (existsSync(big.path + suffix)) copyFileSync(big.path + suffix, path + suffix);
    }
    await bundleChild();
    const probe = new Database(path, { readonly: true });
    const admin = probe
      .prepare("SELECT id FROM staff WHERE role = 'admin' AND active = 1 LIMIT 1")
      .pluck()
      .get() as string;
    const total = probe.prepare("SELECT COUNT(*) FROM visit_events").pluck().get() as number;
    const tenthTo = probe
      .prepare("SELECT performedAt FROM visit_events ORDER BY position LIMIT 1 OFFSET ?")
      .pluck()
      .get(Math.floor(total / 10)) as string;
    probe.close();

    say(`audit: exporting ${total} events as NDJSON`);
    const full = await inChild(["export", path, join(dir, "all.ndjson"), admin, "ndjson"]);
    rows.push({
      name: `audit export NDJSON, ${full.records.toLocaleString("en")} events`,
      value: Math.round(full.records / (full.ms / 1000)),
      unit: "events/s",
      goal: "value >= 100000",
    });
    const tenth = await inChild(["export", path, join(dir, "tenth.ndjson"), admin, "ndjson", tenthTo]);
    rows.push({
      name: `audit export NDJSON peak RSS, ${full.records.toLocaleString("en")} events (baseline: ${tenth.records.toLocaleString("en")})`,
      value: full.maxRssMB,
      unit: "MB",
      baseline: tenth.maxRssMB,
      ratio: round(full.maxRssMB / tenth.maxRssMB, 2),
      goal: "value < 150",
    });
    for (const format of ["csv", "fhir"] as const) {
      say(`audit: exporting a tenth as ${format}`);
      const r = await inChild(["export", path, join(dir, `tenth.${format}`), admin, format, tenthTo]);
      rows.push({
        name: `audit export ${format.toUpperCase()}, ${r.records.toLocaleString("en")} events`,
        value: Math.round(r.records / (r.ms / 1000)),
        unit: "events/s",
      });
    }
    say("audit: verifying the NDJSON export");
    const verified = await inChild(["verify", "", join(dir, "all.ndjson")]);
    rows.push({
      name: `verify-audit NDJSON, ${verified.records.toLocaleString("en")} records`,
      value: Math.round(verified.records / (verified.ms / 1000)),
      unit: "records/s",
    });
    rows.push({ name: "verify-audit peak RSS", value: verified.maxRssMB, unit: "MB", goal: "value < 150" });
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

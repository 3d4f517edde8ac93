import { execFile } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { build } from "esbuild";
import { exportAudit } from "../audit/export.js";
import { openClinicDb } from "../db/open.js";
import { registerPatient } from "../db/patients.js";
import { addStaff, getStaff } from "../db/staff.js";
import { eventHash, type HashedFields } from "../domain/event-hash.js";
import { EVENTS_PER_JOURNEY, journey } from "../tests/audit/support/journeys.js";
import { ensureMillionEventFile } from "./million-file.js";
import { nowMs, percentile } from "./stats.js";
import type { BenchRow } from "./types.js";

// The audit part of `npm run bench`: the hash chain's share of an append; then each format exported from the shared
// 1,000,000-event bench file (or a file of `events` built here) in a child process whose peak RSS is its own, for
// the whole log and for a tenth of it (memory must not grow with size), and each export verified; then how quickly
// the desk's small reads answer while an export runs on its worker thread. The child runs the export as the
// command does, on the audit worker thread (bundled beside it). Returns rows; prints nothing (progress goes to the
// optional callback). Rates are records per second of the export itself; opening the clinic file (its integrity
// check) is not counted.

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

/** The child, and the audit thread's module beside it, where audit/off-thread.ts looks for it in a build. */
async function bundleChild(): Promise<void> {
  await build({
    entryPoints: {
      "audit-bench-child": join(root, "bench", "audit-export-child.ts"),
      "audit-thread": join(root, "audit", "audit-thread.ts"),
    },
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outdir: join(root, ".tmp"),
    packages: "external",
    logLevel: "silent",
  });
  renameSync(join(root, ".tmp", "audit-thread.mjs"), join(root, ".tmp", "audit-thread.js"));
}

interface ChildRun {
  records: number;
  ms: number;
  cpuMs: number;
  maxRssMB: number;
}

async function inChild(args: string[]): Promise<ChildRun> {
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

    const goals = { ndjson: 120_000, csv: 100_000, fhir: 60_000 } as const;
    const perSecond = (r: ChildRun) => Math.round(r.records / (r.ms / 1000));
    for (const format of ["ndjson", "csv", "fhir"] as const) {
      const name = format.toUpperCase();
      say(`audit: exporting ${total} events as ${name}, and a tenth of them`);
      const whole = await inChild(["export", path, join(dir, `all.${format}`), admin, format]);
      const tenth = await inChild(["export", path, join(dir, `tenth.${format}`), admin, format, tenthTo]);
      rows.push({
        name: `audit export ${name}, ${whole.records.toLocaleString("en")} events`,
        value: perSecond(whole),
        unit: "events/s",
        goal: `value >= ${goals[format]}`,
      });
      if (perSecond(whole) < goals[format]) rows.push(shortOf(whole, exportCosts[format]));
      rows.push({
        name: `audit export ${name} peak RSS, ${whole.records.toLocaleString("en")} events (baseline: ${tenth.records.toLocaleString("en")})`,
        value: whole.maxRssMB,
        unit: "MB",
        baseline: tenth.maxRssMB,
        ratio: round(whole.maxRssMB / tenth.maxRssMB, 2),
        goal: "value < 150",
      });
      say(`audit: verifying the ${name} export`);
      const verified = await inChild(["verify", "", join(dir, `all.${format}`)]);
      rows.push({
        name: `verify-audit ${name}, ${verified.records.toLocaleString("en")} records`,
        value: perSecond(verified),
        unit: "records/s",
        goal: "value >= 100000",
      });
      if (perSecond(verified) < 100_000) rows.push(shortOf(verified, verifyCosts[format]));
      rows.push({
        name: `verify-audit ${name} peak RSS`,
        value: verified.maxRssMB,
        unit: "MB",
        goal: "value < 150",
      });
      for (const f of [`all.${format}`, `tenth.${format}`])
        for (const suffix of ["", ".manifest.json"]) rmSync(join(dir, f + suffix), { force: true });
    }

    say("audit: the desk's small reads while an export runs on its thread");
    rows.push(...(await readsDuringExport(path, admin, join(dir, "during.ndjson"))));
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The p99 of a small read on the desk's connection (one member of staff, as every screen asks), asked every
 * millisecond: first with nothing else running (the baseline), then while an NDJSON export of the whole file runs.
 */
async function readsDuringExport(path: string, admin: string, file: string): Promise<BenchRow[]> {
  const db = openClinicDb(path);
  try {
    const sample = async (until: () => boolean): Promise<number[]> => {
      const times: number[] = [];
      while (!until()) {
        // A read asked for a millisecond from now: its time is from then until it has answered, so a read that
        // waits behind other work on this thread counts that wait.
        const due = nowMs() + 1;
        await new Promise((r) => setTimeout(r, 1));
        getStaff(db, admin);
        times.push(Math.max(0, nowMs() - due));
      }
      return times;
    };
    const idleUntil = nowMs() + 2000;
    const idle = await sample(() => nowMs() > idleUntil);
    let finished = false;
    const run = exportAudit(db, { file, format: "ndjson", exportedBy: admin }).finally(() => {
      finished = true;
    });
    const busy = await sample(() => finished);
    const r = await run;
    if (!r.ok) throw new Error(r.error.message);
    const p99 = round(percentile(busy, 99), 2);
    const idleP99 = round(percentile(idle, 99), 2);
    return [
      {
        name: `p99 of a small desk read during an NDJSON export of ${r.value.records.toLocaleString("en")} events (${busy.length} reads; baseline: idle)`,
        value: p99,
        unit: "ms",
        baseline: idleP99,
        ratio: round(p99 / Math.max(idleP99, 0.01), 1),
        goal: "value < 50",
      },
    ];
  } finally {
    db.close();
  }
}

/**
 * Where the time of each export and verification goes, from CPU profiles of a 108,000-event clinic file: what is
 * left is per-record work that every check needs. Printed beside a rate that falls short of its goal.
 */
const exportCosts = {
  ndjson:
    "the rows' reads (a fifth), collecting the garbage of a million rows and lines (a quarter: the thread's heap is kept small to hold the RSS goal), each line's JSON text, the running digest (a SHA-256 a record)",
  csv: "as NDJSON, plus the two reading aids' lookups a row (patient, staff name) and the quoting",
  fhir: "building each AuditEvent and its JSON text (a third), its schema check (compiled, a tenth), the rows' reads (a tenth) and the garbage collection all of it costs (a fifth)",
} as const;
const verifyCosts = {
  ndjson:
    "JSON.parse, the canonical re-serialisation a line must match, two SHA-256 a record (hash and digest)",
  csv: "two SHA-256 a record (hash and digest), writing each row again to compare its bytes, the canonical form",
  fhir: "JSON.parse of each AuditEvent (a fifth), rebuilding it from the hashed record and its JSON text (a fifth), its schema check (compiled, a tenth), two SHA-256 a record",
} as const;

/** The row that says what was measured when a rate falls short: the same work's CPU time, and where it goes. */
const shortOf = (r: ChildRun, costs: string): BenchRow => ({
  name: `  short of the goal: on CPU time alone (wall time stretches with the machine's load) it ran at this rate; the time goes to ${costs}`,
  value: Math.round(r.records / (r.cpuMs / 1000)),
  unit: "records/s (CPU)",
});

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

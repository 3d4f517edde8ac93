import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { openClinicDb } from "../db/open.js";
import { registerPatient } from "../db/patients.js";
import { addStaff } from "../db/staff.js";
import { eventHash, type HashedFields } from "../domain/event-hash.js";
import { EVENTS_PER_JOURNEY, journey } from "../tests/audit/support/journeys.js";
import type { BenchRow } from "./types.js";

// The audit part of `npm run bench`: builds a clinic file of valid visit journeys through the store's append (big
// batches), then exports it as NDJSON in a child process and reads that process's peak RSS, for the whole log and
// for a tenth of it (memory must not grow with size), and verifies the file. Also the hash chain's share of an
// append. Returns rows; prints nothing.

export interface AuditBenchOptions {
  /** Visit events in the file (default 1,000,000). */
  events?: number;
}

const run = promisify(execFile);
const child = new URL("./audit-export-child.ts", import.meta.url).pathname;

async function inChild(args: string[]): Promise<{ records: number; ms: number; maxRssMB: number }> {
  const { stdout } = await run(process.execPath, ["--import", "tsx", child, ...args], {
    maxBuffer: 1024 * 1024,
  });
  return JSON.parse(stdout.trim().split("\n").at(-1) as string);
}

export async function benchAuditExport(opts: AuditBenchOptions = {}): Promise<BenchRow[]> {
  const target = opts.events ?? 1_000_000;
  const dir = mkdtempSync(join(tmpdir(), "hms-bench-audit-"));
  const rows: BenchRow[] = [];
  try {
    const path = join(dir, "clinic.sqlite");
    const db = openClinicDb(path);
    const staff = (name: string, role: "reception" | "doctor" | "admin") => {
      const r = addStaff(db, { name, role });
      if (!r.ok) throw new Error(r.error.message);
      return r.value.id;
    };
    const reception = staff("Rita Mensah", "reception");
    const doctor = staff("Dr Daniel Okoro", "doctor");
    const admin = staff("Ada Admin", "admin");
    const patient = registerPatient(db, { name: "Amina Yusuf", sex: "female" });
    if (!patient.ok) throw new Error(patient.error.message);
    const people = { patientId: patient.value.id, reception, doctor };

    const visits = Math.ceil(target / EVENTS_PER_JOURNEY);
    const start = Date.parse("2025-01-01T08:00:00Z");
    const perBatch = 200;
    let appendMs = 0;
    for (let v = 0; v < visits; v += perBatch) {
      const batch = [];
      for (let i = v; i < Math.min(visits, v + perBatch); i++)
        batch.push(...journey(`V-${i}`, people, start + i * 10 * 60_000));
      const t = performance.now();
      const r = db.events.append(batch);
      appendMs += performance.now() - t;
      if (!r.ok) throw new Error(r.error.message);
    }
    const events = visits * EVENTS_PER_JOURNEY;
    const appendUs = (appendMs * 1000) / events;

    // The chain's own cost: hashing the canonical form of stored rows, as the append does for each new event.
    const sample = db.sqlite
      .prepare(
        "SELECT id, visitId, eventType, description, metadata, performedBy, performedAt, deviceId, schemaVersion, recordedAt, prevHash FROM visit_events LIMIT 20000",
      )
      .all() as HashedFields[];
    const t = performance.now();
    for (const e of sample) eventHash(e);
    const hashUs = ((performance.now() - t) * 1000) / sample.length;
    const tenthTo = new Date(start + Math.floor(visits / 10) * 10 * 60_000).toISOString();
    db.close();

    rows.push({
      name: "visit event append, hash chain included (batches of 1,800)",
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

    const full = await inChild(["export", path, join(dir, "all.ndjson"), admin, "ndjson"]);
    rows.push({
      name: `audit export NDJSON, ${full.records.toLocaleString("en")} events`,
      value: Math.round(full.records / (full.ms / 1000)),
      unit: "events/s",
      goal: ">= 100,000 events/s",
    });
    const tenth = await inChild(["export", path, join(dir, "tenth.ndjson"), admin, "ndjson", tenthTo]);
    rows.push({
      name: `audit export NDJSON peak RSS, ${full.records.toLocaleString("en")} events`,
      value: full.maxRssMB,
      unit: "MB",
      baseline: tenth.maxRssMB,
      ratio: round(full.maxRssMB / tenth.maxRssMB, 2),
      goal: `< 150 MB and flat (baseline: ${tenth.records.toLocaleString("en")} events)`,
    });
    for (const format of ["csv", "fhir"] as const) {
      const r = await inChild(["export", path, join(dir, `tenth.${format}`), admin, format, tenthTo]);
      rows.push({
        name: `audit export ${format.toUpperCase()}, ${r.records.toLocaleString("en")} events`,
        value: Math.round(r.records / (r.ms / 1000)),
        unit: "events/s",
      });
    }
    const verified = await inChild(["verify", "", join(dir, "all.ndjson")]);
    rows.push({
      name: `verify-audit NDJSON, ${verified.records.toLocaleString("en")} records`,
      value: Math.round(verified.records / (verified.ms / 1000)),
      unit: "records/s",
    });
    rows.push({ name: "verify-audit peak RSS", value: verified.maxRssMB, unit: "MB", goal: "< 150 MB" });
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

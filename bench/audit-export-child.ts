// Runs one audit export or verification in a process of its own, so its peak memory (maxRSS) is its own and not
// the bench's, which built the database. Prints one JSON line for bench/audit-export.ts: the records, the time the
// work took (opening the clinic file, with its integrity check, is timed apart as openMs), the CPU time it used
// (on a busy machine the wall time stretches with the load; the CPU time much less) and the peak RSS.

import { readFileSync } from "node:fs";
import { exportAudit } from "../audit/export.js";
import type { ExportFormatName } from "../audit/formats/format.js";
import { verifyExport } from "../audit/verify-export.js";
import { openClinicDb } from "../db/open.js";

// Bundled into .tmp/ by the bench, so the migrations are found from the working folder (the repository's root).
const migrationsFolder = `${process.cwd()}/db/migrations`;

const [mode, db, out, by, format, to] = process.argv.slice(2);
let records = 0;
let openMs = 0;
let started = performance.now();
let cpu = process.cpuUsage();
if (mode === "export") {
  const clinic = openClinicDb(db as string, { migrationsFolder });
  openMs = performance.now() - started;
  started = performance.now();
  cpu = process.cpuUsage();
  const r = await exportAudit(clinic, {
    file: out as string,
    format: format as ExportFormatName,
    exportedBy: by as string,
    ...(to ? { to } : {}),
  });
  clinic.close();
  if (!r.ok) throw new Error(r.error.message);
  records = r.value.records;
} else {
  const r = await verifyExport(out as string);
  if (!r.ok) throw new Error(`${r.line}: ${r.problem}`);
  records = r.records;
}
const ms = performance.now() - started;
const used = process.cpuUsage(cpu);
process.stdout.write(
  `${JSON.stringify({
    records,
    ms: Math.round(ms),
    cpuMs: Math.round((used.user + used.system) / 1000),
    openMs: Math.round(openMs),
    maxRssMB: Math.round(ownPeakRssKb() / 1024),
  })}\n`,
);

/**
 * This process's own peak RSS. On Linux, getrusage's maxRSS survives exec: a child spawned by a bench that holds
 * hundreds of MB reports the bench's size. VmHWM belongs to the process's current memory map, so it is the child's.
 */
function ownPeakRssKb(): number {
  try {
    const m = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync("/proc/self/status", "utf8"));
    if (m) return Number(m[1]);
  } catch {
    // Not Linux: maxRSS is this process's own there (no exec inheritance to correct for).
  }
  return process.resourceUsage().maxRSS;
}

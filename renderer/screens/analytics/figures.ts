import type { OutputOf } from "../../../api/contract.js";
import { formatNumber, i18n } from "../../i18n/index.js";
import { localDate } from "../shared/format.js";

// Pure helpers that turn the analytics reply into what the screen draws.

export type Analytics = OutputOf<"analytics">;
export type DayBar = Analytics["daily"][number];

/** Minutes to one decimal, as the figures are computed ("14.8 min"); a dash when there is nothing to average. */
export function minutesText(minutes: number | null): string {
  if (minutes === null) return "—";
  const m = Math.round(minutes * 10) / 10;
  if (m < 60) return i18n.t("{m} min", { m: formatNumber(m, 1) });
  const h = Math.floor(m / 60);
  return i18n.t("{h} h {m} min", { h, m: Math.round(m - h * 60) });
}

/** Every day of the range, those without visits as zero, so the chart's gaps are days and not missing bars. */
export function everyDay(from: string, to: string, daily: readonly DayBar[]): DayBar[] {
  const byDate = new Map(daily.map((d) => [d.date, d]));
  const days: DayBar[] = [];
  const [y, m, d] = from.split("-").map(Number) as [number, number, number];
  // Day by day on the calendar (noon, so a daylight-saving change never skips or repeats a date); capped at a year.
  for (let i = 0; i < 366; i++) {
    const date = localDate(new Date(y, m - 1, d + i, 12));
    if (date > to) break;
    days.push(
      byDate.get(date) ?? { date, totalVisits: 0, completed: 0, cancelled: 0, rescheduled: 0, open: 0 },
    );
  }
  return days;
}

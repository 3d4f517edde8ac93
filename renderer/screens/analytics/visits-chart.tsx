import { useId } from "react";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { DataTable } from "../../components/index.js";
import { msg, useT } from "../../i18n/index.js";
import type { DayBar } from "./figures.js";

// Visits per day as stacked bars (how each day's visits stand now), drawn by recharts. The same numbers are in a
// table for screen readers, since a chart is a picture to them.

const parts = [
  { key: "completed", name: msg("Completed"), colour: "#0f766e" },
  { key: "open", name: msg("Still open"), colour: "#5eead4" },
  { key: "rescheduled", name: msg("Rescheduled"), colour: "#a16207" },
  { key: "cancelled", name: msg("Cancelled"), colour: "#b91c1c" },
] as const;

export function VisitsChart({ days, locale }: { days: readonly DayBar[]; locale: string | undefined }) {
  const t = useT();
  const titleId = useId();
  const dayLabel = (date: string) =>
    new Date(`${date}T12:00:00`).toLocaleDateString(locale, { weekday: "short", day: "numeric" });
  const longDay = (date: string) =>
    new Date(`${date}T12:00:00`).toLocaleDateString(locale, { dateStyle: "medium" });
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: the chart is one keyboard stop so its caption and the table beside it are reachable (axe: a region keyboard users could not reach)
    <figure className="hms-analytics-chart" aria-labelledby={titleId} tabIndex={0}>
      <figcaption id={titleId} className="hms-visually-hidden">
        {t("Visits per day, by how they stand now")}
      </figcaption>
      <div aria-hidden="true" inert className="hms-analytics-chart-area">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={[...days]} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
            <CartesianGrid vertical={false} stroke="#e2e8f0" />
            <XAxis dataKey="date" tickFormatter={dayLabel} tick={{ fontSize: 13, fill: "#475569" }} />
            <YAxis allowDecimals={false} tick={{ fontSize: 13, fill: "#475569" }} />
            <Tooltip labelFormatter={(d) => longDay(String(d))} cursor={{ fill: "#f0fdfa" }} />
            <Legend
              iconType="square"
              itemSorter={null}
              wrapperStyle={{ fontSize: 13 }}
              formatter={(name) => <span className="hms-analytics-legend">{name}</span>}
            />
            {parts.map((p) => (
              <Bar
                key={p.key}
                dataKey={p.key}
                name={t(p.name)}
                stackId="visits"
                fill={p.colour}
                maxBarSize={56}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <div className="hms-visually-hidden">
        <DataTable
          caption={t("Visits per day")}
          columns={[
            { header: t("Day"), cell: (d) => longDay(d.date) },
            { header: t("Visits"), cell: (d) => d.totalVisits, numeric: true },
            ...parts.map((p) => ({ header: t(p.name), cell: (d: DayBar) => d[p.key], numeric: true })),
          ]}
          rows={days}
          rowKey={(d) => d.date}
          empty={t("No days in this range.")}
        />
      </div>
    </figure>
  );
}

import { analyticsOffThread } from "../../db/analytics-worker.js";
import { moneyBetween } from "../../db/bills.js";
import { visitCounts, visitsPerDay } from "../../db/visits.js";
import type { AreaHandlers } from "../handler.js";
import { done, invalidField } from "../handler.js";
import { localDayRange } from "../local-day.js";
import type { analyticsChannels } from "./analytics.js";

// The seed's analytics questions: counts of visits and money from the read models; durations, event counts and
// visits per day from the log itself (db/analytics.ts), over the clinic's local days.
const round1 = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);

export const analyticsHandlers: AreaHandlers<typeof analyticsChannels> = {
  async analytics(input, ctx) {
    const now = ctx.now();
    const to = localDayRange(input.to, now);
    const weekAgo = new Date(Date.parse(to.from) - 6 * 86_400_000);
    const from = localDayRange(input.from, weekAgo);
    if (from.from >= to.to)
      return invalidField("from", "The first day must not be after the last day.", "RANGE_REVERSED");
    const range = { from: from.from, to: to.to };
    const visits = visitCounts(ctx.db, range);
    // The log's figures run on a worker thread, so the desk's other requests keep answering meanwhile.
    const fromLog = await analyticsOffThread(ctx.db, range, now, { localDays: true });
    const { consultation, wait } = fromLog;
    const money = moneyBetween(ctx.db, range);
    const perDay = visitsPerDay(ctx.db, range);
    return done({
      from: from.date,
      to: to.date,
      visits: visits.visits,
      completed: visits.completed,
      cancelled: visits.cancelled,
      averageWaitMinutes: round1(wait.averageMinutes),
      averageConsultationMinutes: round1(consultation.averageMinutes),
      billed: money.billed / 100,
      paid: money.paid / 100,
      outstanding: money.outstanding / 100,
      refunded: money.refunded / 100,
      perDay,
      eventCounts: fromLog.eventTypes,
      consultation,
      wait,
      daily: fromLog.daily,
    });
  },
};

import { statement } from "../../db/statements.js";
import { eventCatalog, isEventType } from "../../domain/catalog.js";
import type { AreaHandlers } from "../handler.js";
import { done, refused } from "../handler.js";
import { localDayRange } from "../queries/visit-summary.js";
import type { analyticsChannels } from "./analytics.js";

// The seed's analytics questions answered from the read models (durations) and the log (event counts).

const minutes = (a: string, b: string) => `AVG((julianday(${b}) - julianday(${a})) * 1440)`;
const round1 = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);

export const analyticsHandlers: AreaHandlers<typeof analyticsChannels> = {
  analytics(input, ctx) {
    const now = ctx.now();
    const to = localDayRange(input.to, now);
    const weekAgo = new Date(Date.parse(to.from) - 6 * 86_400_000);
    const from = localDayRange(input.from, weekAgo);
    if (from.from >= to.to)
      return refused(
        "INVALID_INPUT",
        "from: must not be after to",
        [{ path: ["from"], message: "must not be after to" }],
        400,
      );
    const range = { from: from.from, to: to.to };
    const visits = statement(
      ctx.db.sqlite,
      `SELECT COUNT(*) AS visits, COALESCE(SUM(status = 'completed'), 0) AS completed,
         COALESCE(SUM(status = 'cancelled'), 0) AS cancelled,
         ${minutes("queueJoinedAt", "calledAt")} AS wait, ${minutes("enteredRoomAt", "exitedRoomAt")} AS consult
       FROM visits WHERE registeredAt >= @from AND registeredAt < @to`,
    ).get(range) as {
      visits: number;
      completed: number;
      cancelled: number;
      wait: number | null;
      consult: number | null;
    };
    const money = statement(
      ctx.db.sqlite,
      `SELECT COALESCE(SUM(amountCents - discountCents), 0) AS billed, COALESCE(SUM(paidCents), 0) AS paid,
         COALESCE(SUM(MAX(balanceCents, 0)), 0) AS outstanding, COALESCE(SUM(refundedCents), 0) AS refunded
       FROM bills WHERE billedAt >= @from AND billedAt < @to`,
    ).get(range) as { billed: number; paid: number; outstanding: number; refunded: number };
    const perDay = statement(
      ctx.db.sqlite,
      `SELECT date(registeredAt, 'localtime') AS date, COUNT(*) AS visits FROM visits
       WHERE registeredAt >= @from AND registeredAt < @to GROUP BY 1 ORDER BY 1`,
    ).all(range) as { date: string; visits: number }[];
    const counts = statement(
      ctx.db.sqlite,
      `SELECT eventType, COUNT(*) AS count FROM visit_events WHERE performedAt >= @from AND performedAt < @to
       GROUP BY eventType ORDER BY count DESC, eventType`,
    ).all(range) as { eventType: string; count: number }[];
    return done({
      from: from.date,
      to: to.date,
      visits: visits.visits,
      completed: visits.completed,
      cancelled: visits.cancelled,
      averageWaitMinutes: round1(visits.wait),
      averageConsultationMinutes: round1(visits.consult),
      billed: money.billed / 100,
      paid: money.paid / 100,
      outstanding: money.outstanding / 100,
      refunded: money.refunded / 100,
      perDay,
      eventCounts: counts.map((c) => ({
        ...c,
        label: isEventType(c.eventType) ? eventCatalog[c.eventType].label : c.eventType,
      })),
    });
  },
};

import { z } from "zod";
import { defineChannels } from "../channel.js";
import { isoDate } from "./common.js";

// The basic figures a clinic manager asks for: how many, how long, how much.

export const analyticsChannels = defineChannels({
  analytics: {
    kind: "query",
    roles: ["admin", "doctor"],
    summary: "Visits, waiting and consultation minutes, money billed and taken over a date range",
    input: z.strictObject({ from: isoDate.optional(), to: isoDate.optional() }),
    output: z.object({
      from: z.string(),
      to: z.string(),
      visits: z.number().int(),
      completed: z.number().int(),
      cancelled: z.number().int(),
      averageWaitMinutes: z.number().nullable(),
      averageConsultationMinutes: z.number().nullable(),
      billed: z.number(),
      paid: z.number(),
      outstanding: z.number(),
      refunded: z.number(),
      perDay: z.array(z.object({ date: z.string(), visits: z.number().int() })),
      eventCounts: z.array(z.object({ eventType: z.string(), label: z.string(), count: z.number().int() })),
      // The log's own answers (db/analytics.ts), with what the averages leave out counted beside them.
      consultation: z.object({
        sessions: z.number().int(),
        averageMinutes: z.number().nullable(),
        stillInRoom: z.number().int(),
      }),
      wait: z.object({
        called: z.number().int(),
        averageMinutes: z.number().nullable(),
        stillWaiting: z.number().int(),
        stillWaitingMinutesSoFar: z.number().nullable(),
        leftBeforeCalled: z.number().int(),
      }),
      daily: z.array(
        z.object({
          date: z.string(),
          totalVisits: z.number().int(),
          completed: z.number().int(),
          cancelled: z.number().int(),
          rescheduled: z.number().int(),
          open: z.number().int(),
        }),
      ),
    }),
  },
});

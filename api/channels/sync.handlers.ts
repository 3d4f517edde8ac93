import type { z } from "zod";
import type { SyncStatus } from "../../sync/index.js";
import type { AreaHandlers, HandlerContext } from "../handler.js";
import { done } from "../handler.js";
import type { syncChannels, syncStatusOutput } from "./sync.js";

type Status = z.input<typeof syncStatusOutput>;

/** What a host without a sync job (a desk used on its own) answers: nothing pending anywhere, nothing wrong. */
function standalone(ctx: HandlerContext): Status {
  const count = (sql: string) => ctx.db.sqlite.prepare(sql).pluck().get() as number;
  return {
    available: false,
    state: "off",
    enrolled: false,
    online: false,
    clinicName: null,
    serverUrl: null,
    pending: 0,
    rejected: 0,
    conflicts: count("SELECT COUNT(*) FROM visit_conflicts WHERE kind = 'conflict'"),
    parked: count("SELECT COUNT(*) FROM visit_conflicts WHERE kind = 'parked'"),
    lastSuccessAt: null,
    lastError: null,
    nextAttemptAt: null,
    clockOffsetMs: null,
    clockFlagged: false,
  };
}

const view = (s: SyncStatus): Status => ({
  available: true,
  state: s.state,
  enrolled: s.enrolled,
  online: s.online,
  clinicName: s.clinicName,
  serverUrl: s.serverUrl,
  pending: s.pending,
  rejected: s.rejected,
  conflicts: s.conflicts,
  parked: s.parked,
  lastSuccessAt: s.lastSuccessAt,
  lastError: s.lastError,
  nextAttemptAt: s.nextAttemptAt,
  clockOffsetMs: s.clockOffsetMs,
  clockFlagged: s.clockFlagged,
});

export const syncHandlers: AreaHandlers<typeof syncChannels> = {
  syncStatus: (_input, ctx) => done(ctx.sync ? view(ctx.sync.status()) : standalone(ctx)),
  syncNow: async (_input, ctx) => done(ctx.sync ? view(await ctx.sync.runNow()) : standalone(ctx)),
  conflicts: (_input, ctx) =>
    done({
      conflicts: ctx.db.sqlite
        .prepare(
          `SELECT c.eventId, c.visitId, c.eventType, c.kind, c.code, c.message, v.tokenNumber, p.name AS patientName
           FROM visit_conflicts c LEFT JOIN visits v ON v.id = c.visitId LEFT JOIN patients p ON p.id = v.patientId
           ORDER BY c.visitId, c.eventId`,
        )
        .all() as z.input<typeof syncChannels.conflicts.output>["conflicts"],
    }),
};

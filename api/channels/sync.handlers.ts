import type { z } from "zod";
import { conflictCount, listConflicts, parkedCount } from "../../db/visit-conflicts.js";
import type { SyncStatus } from "../../sync/index.js";
import type { AreaHandlers, HandlerContext } from "../handler.js";
import { done } from "../handler.js";
import type { syncChannels, syncStatusOutput } from "./sync.js";

type Status = z.input<typeof syncStatusOutput>;

/** What a host without a sync job (a desk used on its own) answers: nothing pending anywhere, nothing wrong. */
function standalone(ctx: HandlerContext): Status {
  return {
    available: false,
    state: "off",
    enrolled: false,
    online: false,
    clinicName: null,
    serverUrl: null,
    pending: 0,
    rejected: 0,
    conflicts: conflictCount(ctx.db),
    parked: parkedCount(ctx.db),
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
      conflicts: listConflicts(ctx.db),
    }),
};

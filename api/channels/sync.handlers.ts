import type { z } from "zod";
import { listRejections, rejectedCount } from "../../db/desk-sync.js";
import {
  conflictCount,
  conflictWaiting,
  listHeldEntries,
  parkedCount,
  rivalsOf,
} from "../../db/visit-conflicts.js";
import { eventCatalog, isEventType } from "../../domain/catalog.js";
import { conflictResolvers, mayResolveConflict } from "../../domain/mending-rules.js";
import type { SyncStatus } from "../../sync/index.js";
import type { AreaHandlers, HandlerContext } from "../handler.js";
import { done, invalidField, refused } from "../handler.js";
import { compact, recordSteps } from "../record.js";
import type { syncChannels, syncStatusOutput } from "./sync.js";

type Status = z.input<typeof syncStatusOutput>;

const eventLabel = (type: string) => (isEventType(type) ? eventCatalog[type].label : type);

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
    // Refusals recorded while sync ran stay to be seen after it is turned off.
    rejected: rejectedCount(ctx.db),
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
      conflicts: listHeldEntries(ctx.db).map((c) => ({
        ...c,
        resolvers: c.kind === "conflict" ? [...conflictResolvers(c.eventType)] : [],
        rivals: c.kind === "conflict" ? rivalsOf(ctx.db, c.visitId, c.eventType) : [],
      })),
      refused: listRejections(ctx.db),
    }),

  resolveConflict(input, ctx) {
    const held = conflictWaiting(ctx.db, input.conflictEventId);
    if (!held)
      return refused(
        "CONFLICT_NOT_FOUND",
        `There is no conflict waiting on entry ${input.conflictEventId}; it may already be resolved.`,
        { conflictEventId: input.conflictEventId },
        undefined,
        "conflictEventId",
      );
    if (!mayResolveConflict(ctx.staff.role, held.eventType))
      return refused(
        "FORBIDDEN",
        `A conflict on "${eventLabel(held.eventType)}" is resolved by: ${conflictResolvers(held.eventType).join(", ")}.`,
        { eventType: held.eventType },
        403,
      );
    if (input.replacedEventId && input.kept !== "conflicting")
      return invalidField(
        "replacedEventId",
        "Only when the conflicting entry is kept does it replace an entry in force.",
      );
    const why = `Conflict resolved: ${input.reason}`;
    // Keeping the other desk's entry in place of one in force: the one in force is voided first, in the same append,
    // so both facts stay in the record and either both are written or neither.
    return recordSteps(ctx, [
      ...(input.replacedEventId
        ? [
            {
              visitId: held.visitId,
              eventType: "EVENT_VOIDED",
              metadata: { voidedEventId: input.replacedEventId, reason: why },
            },
          ]
        : []),
      {
        visitId: held.visitId,
        eventType: "CONFLICT_RESOLVED",
        metadata: compact({
          conflictEventId: held.eventId,
          kept: input.kept,
          reason: input.reason,
          replacedEventId: input.replacedEventId,
        }),
      },
    ]);
  },
};

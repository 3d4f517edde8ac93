import { queueEntries } from "../../db/visit-summary.js";
import { nextWaiting, tokenNumberOf } from "../../db/visits.js";
import type { AreaHandlers, StaffContext } from "../handler.js";
import { done, invalidField, refused } from "../handler.js";
import { recordStep } from "../record.js";
import type { queueChannels } from "./queue.js";

/** Whose queue: the one named, else a doctor's own. */
const queueOwner = (ctx: StaffContext, doctorId: string | undefined) =>
  doctorId ?? (ctx.staff.role === "doctor" ? ctx.staff.id : undefined);

export const queueHandlers: AreaHandlers<typeof queueChannels> = {
  queue(input, ctx) {
    const doctorId = input.allDoctors ? undefined : queueOwner(ctx, input.doctorId);
    const rows = queueEntries(ctx.db, doctorId ?? null);
    const now = ctx.now().getTime();
    return done({
      entries: rows.map((r) => ({
        ...r,
        waitedMinutes: r.queueJoinedAt
          ? Math.max(0, Math.floor((now - Date.parse(r.queueJoinedAt)) / 60_000))
          : 0,
      })),
    });
  },

  callNextPatient(input, ctx) {
    const doctorId = queueOwner(ctx, input.doctorId);
    if (!doctorId) return invalidField("doctorId", "Say whose queue to call from.", "REQUIRED");
    const next = nextWaiting(ctx.db, doctorId);
    if (!next) return refused("QUEUE_EMPTY", "Nobody is waiting in this queue.");
    const r = recordStep(ctx, next.id, "QUEUE_CALLED", { roomNumber: input.roomNumber });
    return r.ok ? done({ ...r.value, tokenNumber: next.tokenNumber }) : r;
  },

  callPatient: (input, ctx) =>
    recordStep(ctx, input.visitId, "QUEUE_CALLED", { roomNumber: input.roomNumber }),
  skipPatient: (input, ctx) => recordStep(ctx, input.visitId, "QUEUE_SKIPPED", { reason: input.reason }),

  requeuePatient(input, ctx) {
    const token = tokenNumberOf(ctx.db, input.visitId);
    return recordStep(ctx, input.visitId, "QUEUE_JOINED", { tokenNumber: token ?? undefined });
  },
};

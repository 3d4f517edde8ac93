import { statement } from "../../db/statements.js";
import type { AreaHandlers, StaffContext } from "../handler.js";
import { done, invalidField, refused } from "../handler.js";
import { type VisitSummaryRow, visitSummarySelect } from "../queries/visit-summary.js";
import { recordStep } from "../record.js";
import type { queueChannels } from "./queue.js";

const queued = "('waiting', 'called', 'skipped', 'in_room')";

/** Whose queue: the one named, else a doctor's own. */
const queueOwner = (ctx: StaffContext, doctorId: string | undefined) =>
  doctorId ?? (ctx.staff.role === "doctor" ? ctx.staff.id : undefined);

export const queueHandlers: AreaHandlers<typeof queueChannels> = {
  queue(input, ctx) {
    const doctorId = input.allDoctors ? undefined : queueOwner(ctx, input.doctorId);
    const rows = statement(
      ctx.db.sqlite,
      `${visitSummarySelect} WHERE v.status IN ${queued} AND (@doctorId IS NULL OR v.doctorId = @doctorId)
       ORDER BY v.queueJoinedAt, v.registeredAt`,
    ).all({ doctorId: doctorId ?? null }) as VisitSummaryRow[];
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
    const next = statement(
      ctx.db.sqlite,
      `SELECT id, tokenNumber FROM visits WHERE status = 'waiting' AND doctorId = ? ORDER BY queueJoinedAt LIMIT 1`,
    ).get(doctorId) as { id: string; tokenNumber: string | null } | undefined;
    if (!next) return refused("QUEUE_EMPTY", "Nobody is waiting in this queue.");
    const r = recordStep(ctx, next.id, "QUEUE_CALLED", { roomNumber: input.roomNumber });
    return r.ok ? done({ ...r.value, tokenNumber: next.tokenNumber }) : r;
  },

  callPatient: (input, ctx) =>
    recordStep(ctx, input.visitId, "QUEUE_CALLED", { roomNumber: input.roomNumber }),
  skipPatient: (input, ctx) => recordStep(ctx, input.visitId, "QUEUE_SKIPPED", { reason: input.reason }),

  requeuePatient(input, ctx) {
    const token = statement(ctx.db.sqlite, "SELECT tokenNumber FROM visits WHERE id = ?")
      .pluck()
      .get(input.visitId) as string | null | undefined;
    return recordStep(ctx, input.visitId, "QUEUE_JOINED", { tokenNumber: token ?? undefined });
  },
};

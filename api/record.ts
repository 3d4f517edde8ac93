import type { StaffContext } from "./handler.js";
import { done, type HandlerResult } from "./handler.js";

// The one way a handler records visit events: performedBy is the signed-in member of staff, never the caller's
// input; the clock is the router's; all events go in one append (all or nothing), together with the command id the
// caller sent, so the same command again records nothing.

export interface Step {
  visitId: string;
  eventType: string;
  metadata?: unknown;
  description?: string;
}

export interface Recorded {
  visitId: string;
  eventIds: string[];
  positions: number[];
}

export function recordSteps(ctx: StaffContext, steps: Step[]): HandlerResult<Recorded> {
  const performedAt = ctx.now().toISOString();
  const result = ctx.db.events.append(
    steps.map((s) => ({ ...s, performedBy: ctx.staff.id, performedAt })),
    ctx.now(),
    ctx.command ?? undefined,
  );
  if (!result.ok) return { ok: false, error: result.error };
  return done({
    visitId: steps[0]?.visitId ?? "",
    eventIds: result.value.map((e) => e.id),
    positions: result.value.map((e) => e.position),
  });
}

/** One event; `metadata` with undefined values removed so optional fields stay absent, not null. */
export const recordStep = (ctx: StaffContext, visitId: string, eventType: string, metadata?: object) =>
  recordSteps(ctx, [{ visitId, eventType, ...(metadata ? { metadata: compact(metadata) } : {}) }]);

export function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

import { type EventType, eventCatalog, type MetadataOf } from "./catalog.js";
import type { VisitEvent } from "./event.js";
import { type Refusal, refuse } from "./refusal.js";
import { evolve, initialVisitState, type VisitState } from "./visit-state.js";
import { decide } from "./workflow.js";

// Folding a visit: its events in canonical order (synced ones by server sequence, then this device's pending ones by
// local position) become its state. An event the rules refuse at its place in that order is a conflict: it stays in
// the log untouched, is left out of the state, and is listed for a person to resolve. Local appends are checked
// before they are written, so conflicts only arise when sync brings two desks' histories together.

export interface Conflict {
  event: VisitEvent;
  refusal: Refusal;
}

export interface FoldResult {
  state: VisitState;
  conflicts: Conflict[];
}

const voidTarget = (e: VisitEvent) => (e.metadata as MetadataOf<"EVENT_VOIDED">).voidedEventId;

/** The rules plus the one check that needs a replay: voiding an event must leave every later event valid. */
export function accept(s: VisitState, e: VisitEvent): Refusal | null {
  const refusal = decide(s, e);
  if (refusal || e.eventType !== "EVENT_VOIDED") return refusal;
  const target = voidTarget(e);
  const replay = foldVisit(
    s.visitId,
    s.applied.filter((x) => x.id !== target),
  );
  if (replay.conflicts.length === 0) return null;
  const dependent = replay.conflicts.map((c) => eventCatalog[c.event.eventType as EventType].label);
  return refuse(
    "VOID_NOT_ALLOWED",
    `Later entries depend on it (${dependent.join(", ")}); void those first.`,
    {
      dependentEventIds: replay.conflicts.map((c) => c.event.id),
    },
  );
}

/** Applies an accepted event. A void replays the visit's events in force without the voided one. */
export function apply(s: VisitState, e: VisitEvent): VisitState {
  if (e.eventType !== "EVENT_VOIDED") return evolve(s, e);
  const target = voidTarget(e);
  const replayed = foldVisit(
    s.visitId,
    s.applied.filter((x) => x.id !== target),
  ).state;
  return {
    ...replayed,
    lastEventAt: e.performedAt,
    voided: [...s.voided, target],
    voids: [...s.voids, e],
  };
}

export function foldVisit(visitId: string, events: Iterable<VisitEvent>, from?: VisitState): FoldResult {
  let state = from ?? initialVisitState(visitId);
  const conflicts: Conflict[] = [];
  for (const e of events) {
    const refusal = accept(state, e);
    if (refusal) conflicts.push({ event: e, refusal });
    else state = apply(state, e);
  }
  return { state, conflicts };
}

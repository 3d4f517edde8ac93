import { type EventType, eventCatalog, type MetadataOf } from "./catalog.js";
import type { VisitEvent } from "./event.js";
import { type InForce, inForce } from "./in-force.js";
import { type Refusal, refuse } from "./refusal.js";
import { evolve, initialVisitState, type VisitState } from "./visit-state.js";
import { decide } from "./workflow.js";

// Folding a visit: its events in canonical order (synced ones by server sequence, then this device's pending ones by
// local position) become its state. An event the rules refuse at its place in that order is a conflict: it stays in
// the log untouched, is left out of the state, and is listed for a person to resolve. Local appends are checked
// before they are written, so conflicts only arise when sync brings two desks' histories together.
//
// A fold is linear in the visit's events: each step adds one event to the events in force without copying them
// (in-force.ts), and a void replays only from the checkpoint before the voided event, not from the registration.

export interface Conflict {
  event: VisitEvent;
  refusal: Refusal;
}

export interface FoldResult {
  state: VisitState;
  conflicts: Conflict[];
}

const voidTarget = (e: VisitEvent) => (e.metadata as MetadataOf<"EVENT_VOIDED">).voidedEventId;

/**
 * The state the visit would have had if `target` had never been recorded: the events in force after it are
 * replayed from the nearest checkpoint before it. A checkpoint is taken as a fresh replay would have left it: no
 * voids yet, and the last event time that of the event before it (the rules read neither while replaying).
 */
function replayWithout(s: VisitState, target: string): FoldResult {
  const applied = s.applied;
  const at = applied.findIndex((x) => x.id === target);
  const checkpoint = at < 0 ? null : applied.checkpointAtOrBefore(at);
  const from = checkpoint?.index ?? 0;
  const start: VisitState = checkpoint
    ? {
        ...checkpoint.state,
        lastEventAt: applied.at(from - 1)?.performedAt ?? null,
        voided: [],
        voids: [],
      }
    : initialVisitState(s.visitId);
  const rest: VisitEvent[] = [];
  for (let i = from; i < applied.length; i++) {
    const e = applied.at(i) as VisitEvent;
    if (e.id !== target) rest.push(e);
  }
  return foldVisit(s.visitId, rest, start);
}

export type Step = { state: VisitState; refusal?: undefined } | { refusal: Refusal; state?: undefined };

/**
 * One fold step: the rules' verdict on `e` in state `s` and, when accepted, the state after it. Voiding an event
 * must also leave every later event valid, which needs the replay the step then keeps as the new state.
 */
export function step(s: VisitState, e: VisitEvent): Step {
  const refusal = decide(s, e);
  if (refusal) return { refusal };
  if (e.eventType !== "EVENT_VOIDED") return { state: evolve(s, e) };
  const target = voidTarget(e);
  const replay = replayWithout(s, target);
  if (replay.conflicts.length > 0) {
    const dependent = replay.conflicts.map((c) => eventCatalog[c.event.eventType as EventType].label);
    return {
      refusal: refuse(
        "VOID_NOT_ALLOWED",
        `Later entries depend on it (${dependent.join(", ")}); void those first.`,
        {
          dependentEventIds: replay.conflicts.map((c) => c.event.id),
        },
      ),
    };
  }
  return {
    state: {
      ...replay.state,
      lastEventAt: e.performedAt,
      voided: [...s.voided, target],
      voids: [...s.voids, e],
    },
  };
}

export function foldVisit(visitId: string, events: Iterable<VisitEvent>, from?: VisitState): FoldResult {
  let state = from ?? initialVisitState(visitId);
  const conflicts: Conflict[] = [];
  for (const e of events) {
    const next = step(state, e);
    if (next.refusal) conflicts.push({ event: e, refusal: next.refusal });
    else state = next.state;
  }
  return { state, conflicts };
}

/**
 * A fold kept between appends (the visit_snapshots table): everything but the events in force, which a long visit
 * would make as large as its log. Plain JSON-ready data.
 */
export interface FoldSnapshot {
  state: Omit<VisitState, "applied">;
  conflicts: Conflict[];
}

export function snapshotOf({ state, conflicts }: FoldResult): FoldSnapshot {
  const { applied: _inForce, ...rest } = state;
  return { state: rest, conflicts };
}

/**
 * Takes a fold up again from its snapshot. Without `applied` (the events in force when it was taken) the state knows
 * none of its earlier events, so the caller must fold from scratch any tail that voids an event: the store does.
 */
export function resumeFold(snapshot: FoldSnapshot, applied: readonly VisitEvent[] = []): FoldResult {
  const events: InForce<VisitState> = inForce([...applied]);
  return { state: { ...snapshot.state, applied: events }, conflicts: [...snapshot.conflicts] };
}

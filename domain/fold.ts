import { type EventType, eventCatalog, type MetadataOf } from "./catalog.js";
import type { VisitEvent } from "./event.js";
import { type InForce, inForce } from "./in-force.js";
import { type Refusal, refuse } from "./refusal.js";
import { evolve, type HeldConflict, initialVisitState, type VisitState } from "./visit-state.js";
import { decide } from "./workflow.js";

// Folding a visit: its events in canonical order (synced ones by server sequence, then this device's pending ones by
// local position) become its state. An event the rules refuse at its place in that order is a conflict: it stays in
// the log untouched, is left out of the state, and is held for a person to resolve (CONFLICT_RESOLVED). Local
// appends are checked before they are written, so conflicts only arise when sync brings two desks' histories
// together.
//
// A fold is linear in the visit's events: each step adds one event to the events in force without copying them
// (in-force.ts), and a void replays only from the checkpoint before the voided event, not from the registration.
// Resolving a conflict by keeping the other desk's entry replays the whole visit with that entry at its place: rare
// enough not to need a shortcut.

export interface Conflict {
  event: VisitEvent;
  refusal: Refusal;
}

export interface FoldResult {
  state: VisitState;
  /** The conflicts still waiting for a person (the same as state.unresolved). */
  conflicts: Conflict[];
}

const voidTarget = (e: VisitEvent) => (e.metadata as MetadataOf<"EVENT_VOIDED">).voidedEventId;
const resolution = (e: VisitEvent) => e.metadata as MetadataOf<"CONFLICT_RESOLVED">;
const heldConflict = (s: VisitState, e: VisitEvent) =>
  s.unresolved.find((c) => c.event.id === resolution(e).conflictEventId);

/** The events in force with a held conflict put back at its place in the canonical order. */
function withConflictAtPlace(s: VisitState, held: HeldConflict): VisitEvent[] {
  const before = new Set(held.before);
  const applied = s.applied.toArray();
  return [
    ...applied.filter((x) => before.has(x.id)),
    held.event,
    ...applied.filter((x) => !before.has(x.id)),
  ];
}

/** The bookkeeping of mistakes and conflicts, which a replay of the events in force cannot rebuild. */
const corrections = (s: VisitState) => ({
  voided: s.voided,
  voids: s.voids,
  unresolved: s.unresolved,
  setAside: s.setAside,
  resolutions: s.resolutions,
});

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
        unresolved: [],
        setAside: [],
        resolutions: [],
      }
    : initialVisitState(s.visitId);
  const rest: VisitEvent[] = [];
  for (let i = from; i < applied.length; i++) {
    const e = applied.at(i) as VisitEvent;
    if (e.id !== target) rest.push(e);
  }
  return foldVisit(s.visitId, rest, start);
}

/** Events whose step replays the visit's events in force, which a fold resumed from a snapshot does not hold. */
export const needsEventsInForce = (eventType: string | undefined): boolean =>
  eventType === "EVENT_VOIDED" || eventType === "CONFLICT_RESOLVED";

export type Step = { state: VisitState; refusal?: undefined } | { refusal: Refusal; state?: undefined };

function voidStep(s: VisitState, e: VisitEvent): Step {
  const target = voidTarget(e);
  const replay = replayWithout(s, target);
  if (replay.conflicts.length > 0) {
    const dependent = replay.conflicts.map((c) => eventCatalog[c.event.eventType as EventType].label);
    return {
      refusal: refuse(
        "VOID_NOT_ALLOWED",
        `Later entries depend on it (${dependent.join(", ")}); void those first.`,
        { dependentEventIds: replay.conflicts.map((c) => c.event.id) },
      ),
    };
  }
  return {
    state: {
      ...replay.state,
      ...corrections(s),
      lastEventAt: e.performedAt,
      voided: [...s.voided, target],
      voids: [...s.voids, e],
    },
  };
}

/** A resolution that keeps the other desk's entry must make it (and everything after it) valid at its place. */
function resolutionStep(s: VisitState, e: VisitEvent): Step {
  const held = heldConflict(s, e);
  if (!held) return { state: s };
  const keepIt = resolution(e).kept === "conflicting";
  let base = s;
  if (keepIt) {
    const replay = foldVisit(s.visitId, withConflictAtPlace(s, held));
    const still = replay.conflicts[0];
    if (still)
      return {
        refusal: refuse(
          "CONFLICT_STILL_REFUSED",
          `The other desk's entry still cannot stand: ${still.refusal.message} Keep the entry in force, or void the entry it clashes with.`,
          { reason: still.refusal.code },
        ),
      };
    base = replay.state;
  }
  return {
    state: {
      ...base,
      ...corrections(s),
      // The kept entry may itself be a void from the other desk: its target joins the ones voided here.
      voided: keepIt ? [...new Set([...s.voided, ...base.voided])] : s.voided,
      voids: keepIt ? [...s.voids, ...base.voids.filter((v) => !s.voids.includes(v))] : s.voids,
      lastEventAt: e.performedAt,
      unresolved: s.unresolved.filter((c) => c !== held),
      setAside: keepIt ? s.setAside : [...s.setAside, held],
      resolutions: [...s.resolutions, e],
    },
  };
}

/**
 * One fold step: the rules' verdict on `e` in state `s` and, when accepted, the state after it. A void and a
 * resolution also need a replay, which the step then keeps as the new state.
 */
export function step(s: VisitState, e: VisitEvent): Step {
  const refusal = decide(s, e);
  if (refusal) return { refusal };
  if (e.eventType === "EVENT_VOIDED") return voidStep(s, e);
  if (e.eventType === "CONFLICT_RESOLVED") return resolutionStep(s, e);
  return { state: evolve(s, e) };
}

/** Folds events into a state. An event the rules refuse is held as a conflict, with its place, for a person. */
export function foldVisit(visitId: string, events: Iterable<VisitEvent>, from?: VisitState): FoldResult {
  let state = from ?? initialVisitState(visitId);
  for (const e of events) {
    const next = step(state, e);
    if (!next.refusal) state = next.state;
    else
      state = {
        ...state,
        unresolved: [
          ...state.unresolved,
          { event: e, refusal: next.refusal, before: state.applied.toArray().map((x) => x.id) },
        ],
      };
  }
  return { state, conflicts: state.unresolved.map(({ event, refusal }) => ({ event, refusal })) };
}

/**
 * A fold kept between appends (the visit_snapshots table): everything but the events in force, which a long visit
 * would make as large as its log. Plain JSON-ready data; the conflicts held travel inside the state.
 */
export interface FoldSnapshot {
  state: Omit<VisitState, "applied">;
}

export function snapshotOf({ state }: FoldResult): FoldSnapshot {
  const { applied: _inForce, ...rest } = state;
  return { state: rest };
}

/**
 * Takes a fold up again from its snapshot. Without `applied` (the events in force when it was taken) the state knows
 * none of its earlier events, so the caller must fold from scratch any tail that voids an event or resolves a
 * conflict: the store does.
 */
export function resumeFold(snapshot: FoldSnapshot, applied: readonly VisitEvent[] = []): FoldResult {
  const events: InForce<VisitState> = inForce([...applied]);
  const state: VisitState = { ...snapshot.state, applied: events };
  return { state, conflicts: state.unresolved.map(({ event, refusal }) => ({ event, refusal })) };
}

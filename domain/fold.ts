import { type EventType, eventCatalog, type MetadataOf } from "./catalog.js";
import type { VisitEvent } from "./event.js";
import { type Refusal, refuse } from "./refusal.js";
import { evolve, type HeldConflict, initialVisitState, type VisitState } from "./visit-state.js";
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
  return [
    ...s.applied.filter((x) => before.has(x.id)),
    held.event,
    ...s.applied.filter((x) => !before.has(x.id)),
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
 * The rules plus the checks that need a replay: voiding an event must leave every later event valid, and keeping a
 * conflicting entry must make it (and everything after it) valid at its place.
 */
export function accept(s: VisitState, e: VisitEvent): Refusal | null {
  const refusal = decide(s, e);
  if (refusal) return refusal;
  if (e.eventType === "EVENT_VOIDED") {
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
  const held = e.eventType === "CONFLICT_RESOLVED" ? heldConflict(s, e) : undefined;
  if (held && resolution(e).kept === "conflicting") {
    const replay = foldVisit(s.visitId, withConflictAtPlace(s, held));
    const still = replay.conflicts[0];
    if (still)
      return refuse(
        "CONFLICT_STILL_REFUSED",
        `The other desk's entry still cannot stand: ${still.refusal.message} Keep the entry in force, or void the entry it clashes with.`,
        { reason: still.refusal.code },
      );
  }
  return null;
}

/**
 * Applies an accepted event. A void replays the visit's events in force without the voided one; a resolution that
 * keeps the conflicting entry replays them with that entry back at its place.
 */
export function apply(s: VisitState, e: VisitEvent): VisitState {
  if (e.eventType === "EVENT_VOIDED") {
    const target = voidTarget(e);
    const replayed = foldVisit(
      s.visitId,
      s.applied.filter((x) => x.id !== target),
    ).state;
    return {
      ...replayed,
      ...corrections(s),
      lastEventAt: e.performedAt,
      voided: [...s.voided, target],
      voids: [...s.voids, e],
    };
  }
  if (e.eventType === "CONFLICT_RESOLVED") {
    const held = heldConflict(s, e);
    if (!held) return s;
    const keepIt = resolution(e).kept === "conflicting";
    const base = keepIt ? foldVisit(s.visitId, withConflictAtPlace(s, held)).state : s;
    return {
      ...base,
      ...corrections(s),
      // The kept entry may itself be a void from the other desk: its target joins the ones voided here.
      voided: keepIt ? [...new Set([...s.voided, ...base.voided])] : s.voided,
      voids: keepIt ? [...s.voids, ...base.voids.filter((v) => !s.voids.includes(v))] : s.voids,
      lastEventAt: e.performedAt,
      unresolved: s.unresolved.filter((c) => c !== held),
      setAside: keepIt ? s.setAside : [...s.setAside, held],
      resolutions: [...s.resolutions, e],
    };
  }
  return evolve(s, e);
}

/** Folds events into a state. An event the rules refuse is held as a conflict, with its place, for a person. */
export function foldVisit(visitId: string, events: Iterable<VisitEvent>, from?: VisitState): FoldResult {
  let state = from ?? initialVisitState(visitId);
  for (const e of events) {
    const refusal = accept(state, e);
    if (!refusal) state = apply(state, e);
    else
      state = {
        ...state,
        unresolved: [...state.unresolved, { event: e, refusal, before: state.applied.map((x) => x.id) }],
      };
  }
  return { state, conflicts: state.unresolved.map(({ event, refusal }) => ({ event, refusal })) };
}

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { VisitEvent } from "../../domain/event.js";
import { foldVisit, resumeFold, snapshotOf } from "../../domain/fold.js";
import type { RefusalCode } from "../../domain/refusal.js";
import { checkNewEvent } from "../../domain/validate-event.js";
import { evolve, initialVisitState, type VisitState } from "../../domain/visit-state.js";
import { decide } from "../../domain/workflow.js";
import { longVisitEvents } from "../../seed/long-visit.js";

// The fold keeps its events in force in a shared list and replays a void from the nearest checkpoint. Both are
// shortcuts: this checks them against the plain definition (a void replays the visit from its registration without
// the voided event), and checks that a fold taken up again from its snapshot ends where the full fold ends.

const now = new Date("2026-06-01T00:00:00Z");

function checked(events: ReturnType<typeof longVisitEvents>): VisitEvent[] {
  return events.map((e) => {
    const c = checkNewEvent(e, now);
    if ("code" in c) throw new Error(c.message);
    return { ...c, id: e.id };
  });
}

/** A refused entry is held in the state with its place: the ids of the events in force before it. */
const hold = (
  s: VisitState,
  e: VisitEvent,
  code: RefusalCode,
  inForce: readonly VisitEvent[],
): VisitState => ({
  ...s,
  unresolved: [
    ...s.unresolved,
    { event: e, refusal: { code, message: "" }, before: inForce.map((x) => x.id) },
  ],
});

/** The definition, written out plainly: quadratic, and the reference the fast fold must equal. */
function referenceFold(visitId: string, events: readonly VisitEvent[]) {
  let s = initialVisitState(visitId);
  let inForce: VisitEvent[] = [];
  const conflicts: string[] = [];
  for (const e of events) {
    const refusal = decide(s, e);
    if (refusal) {
      conflicts.push(e.id);
      s = hold(s, e, refusal.code, inForce);
      continue;
    }
    if (e.eventType !== "EVENT_VOIDED") {
      s = evolve(s, e);
      inForce = [...inForce, e];
      continue;
    }
    const target = (e.metadata as { voidedEventId: string }).voidedEventId;
    const replay = referenceFold(
      visitId,
      inForce.filter((x) => x.id !== target),
    );
    if (replay.conflicts.length > 0) {
      conflicts.push(e.id);
      s = hold(s, e, "VOID_NOT_ALLOWED", inForce);
      continue;
    }
    s = {
      ...replay.state,
      lastEventAt: e.performedAt,
      voided: [...s.voided, target],
      voids: [...s.voids, e],
      unresolved: s.unresolved,
    };
    inForce = replay.inForce;
  }
  return { state: s, conflicts, inForce };
}

// Held conflicts compared by entry, refusal code and place (the refusal's sentence is the rules' business).
const comparable = (s: VisitState) =>
  JSON.stringify({
    ...s,
    applied: [...s.applied].map((e) => e.id),
    unresolved: s.unresolved.map((c) => [c.event.id, c.refusal.code, c.before]),
  });

/** A long visit with voids of random earlier events (some refused because later steps depend on them). */
const history = fc
  .record({
    length: fc.integer({ min: 20, max: 400 }),
    voids: fc.array(fc.record({ at: fc.nat(), target: fc.nat() }), { maxLength: 12 }),
  })
  .map(({ length, voids }) => {
    const base = checked(longVisitEvents("V1", length, { patientId: "p1", doctorId: "d1" }));
    const events = [...base];
    voids.forEach((v, i) => {
      const at = 1 + (v.at % (events.length - 1));
      const target = events[v.target % at] as VisitEvent;
      const previous = events[at - 1] as VisitEvent;
      events.splice(at, 0, {
        id: `void_${i}`,
        visitId: "V1",
        eventType: "EVENT_VOIDED",
        description: null,
        metadata: { voidedEventId: target.id, reason: "entered in error" },
        performedBy: "d1",
        performedAt: previous.performedAt,
      });
    });
    return events;
  });

describe("the fold", () => {
  it("equals the plain definition: same state, same events in force, same conflicts", () => {
    fc.assert(
      fc.property(history, (events) => {
        const fast = foldVisit("V1", events);
        const slow = referenceFold("V1", events);
        expect(fast.conflicts.map((c) => c.event.id)).toEqual(slow.conflicts);
        expect([...fast.state.applied].map((e) => e.id)).toEqual(slow.inForce.map((e) => e.id));
        expect(comparable(fast.state)).toBe(comparable({ ...slow.state, applied: fast.state.applied }));
      }),
      { numRuns: 40 },
    );
  });

  it("taken up again from a snapshot (through JSON) with the rest of the events, ends where the full fold ends", () => {
    fc.assert(
      fc.property(history, fc.nat(), (events, cut) => {
        const at = cut % (events.length + 1);
        const head = foldVisit("V1", events.slice(0, at));
        const snapshot = JSON.parse(JSON.stringify(snapshotOf(head)));
        // A tail that voids needs the events in force; the store folds such a visit from its log instead.
        const resumed = foldVisit(
          "V1",
          events.slice(at),
          resumeFold(snapshot, [...head.state.applied]).state,
        );
        const full = foldVisit("V1", events);
        expect(JSON.stringify(snapshotOf({ state: resumed.state, conflicts: [] }))).toBe(
          JSON.stringify(snapshotOf({ state: full.state, conflicts: [] })),
        );
        expect([...resumed.state.applied].map((e) => e.id)).toEqual([...full.state.applied].map((e) => e.id));
      }),
      { numRuns: 40 },
    );
  });
});

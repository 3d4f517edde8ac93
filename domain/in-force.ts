import type { VisitEvent } from "./event.js";

// A visit's events in force, in canonical order, as an immutable list that costs O(1) to extend. Each fold step
// makes a new state with one more event; copying the list at every step made a fold quadratic in the visit's
// length. Here every list is a view (a length) over one shared array: extending the newest view appends to the
// array in place, and only extending an older view (a replay after a void) copies the prefix it keeps, once.
//
// Every CHECKPOINT_EVERY-th place also keeps the fold's state just before that event, so that voiding an event
// replays from the nearest earlier checkpoint instead of from the visit's registration.

export const CHECKPOINT_EVERY = 64;

interface Shared<S> {
  events: VisitEvent[];
  /** checkpoints[k]: the state before events[k * CHECKPOINT_EVERY]. */
  checkpoints: S[];
}

export interface InForce<S = unknown> extends Iterable<VisitEvent> {
  readonly length: number;
  at(index: number): VisitEvent | undefined;
  find(test: (e: VisitEvent) => boolean): VisitEvent | undefined;
  findIndex(test: (e: VisitEvent) => boolean): number;
  /** This list with `e` after its last event; `before` is the state before `e`, kept when a checkpoint falls due. */
  with(e: VisitEvent, before?: () => S): InForce<S>;
  /** The latest checkpoint at or before `index`: its place and the state there, if one was kept. */
  checkpointAtOrBefore(index: number): { index: number; state: S } | null;
  toArray(): VisitEvent[];
}

function view<S>(shared: Shared<S>, length: number): InForce<S> {
  return {
    length,
    at: (index) => (index >= 0 && index < length ? shared.events[index] : undefined),
    find(test) {
      for (let i = 0; i < length; i++) if (test(shared.events[i] as VisitEvent)) return shared.events[i];
      return undefined;
    },
    findIndex(test) {
      for (let i = 0; i < length; i++) if (test(shared.events[i] as VisitEvent)) return i;
      return -1;
    },
    with(e, before) {
      let target = shared;
      if (shared.events.length !== length) {
        // An older view grows: it forks, keeping its own prefix and the checkpoints that lie inside it.
        target = {
          events: shared.events.slice(0, length),
          checkpoints: shared.checkpoints.slice(0, Math.ceil(length / CHECKPOINT_EVERY)),
        };
      }
      if (length % CHECKPOINT_EVERY === 0 && before) target.checkpoints[length / CHECKPOINT_EVERY] = before();
      target.events.push(e);
      return view(target, length + 1);
    },
    checkpointAtOrBefore(index) {
      for (
        let k = Math.min(Math.floor(index / CHECKPOINT_EVERY), shared.checkpoints.length - 1);
        k >= 0;
        k--
      ) {
        const state = shared.checkpoints[k];
        if (state !== undefined) return { index: k * CHECKPOINT_EVERY, state };
      }
      return null;
    },
    toArray: () => shared.events.slice(0, length),
    *[Symbol.iterator]() {
      for (let i = 0; i < length; i++) yield shared.events[i] as VisitEvent;
    },
  };
}

/** A list of events in force; `events` are taken as they are (the caller gives up the array). */
export const inForce = <S>(events: VisitEvent[] = []): InForce<S> =>
  view({ events, checkpoints: [] }, events.length);

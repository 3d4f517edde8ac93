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

// A class, not a factory of closures: a fold makes one of these per event, and a closure per method per event was
// most of the fold's time.
class View<S> implements InForce<S> {
  constructor(
    private readonly shared: Shared<S>,
    readonly length: number,
  ) {}

  at(index: number): VisitEvent | undefined {
    return index >= 0 && index < this.length ? this.shared.events[index] : undefined;
  }

  find(test: (e: VisitEvent) => boolean): VisitEvent | undefined {
    const i = this.findIndex(test);
    return i < 0 ? undefined : this.shared.events[i];
  }

  findIndex(test: (e: VisitEvent) => boolean): number {
    const events = this.shared.events;
    for (let i = 0; i < this.length; i++) if (test(events[i] as VisitEvent)) return i;
    return -1;
  }

  with(e: VisitEvent, before?: () => S): InForce<S> {
    const length = this.length;
    let target = this.shared;
    if (target.events.length !== length) {
      // An older view grows: it forks, keeping its own prefix and the checkpoints that lie inside it.
      target = {
        events: target.events.slice(0, length),
        checkpoints: target.checkpoints.slice(0, Math.ceil(length / CHECKPOINT_EVERY)),
      };
    }
    if (length % CHECKPOINT_EVERY === 0 && before) target.checkpoints[length / CHECKPOINT_EVERY] = before();
    target.events.push(e);
    return new View(target, length + 1);
  }

  checkpointAtOrBefore(index: number): { index: number; state: S } | null {
    const checkpoints = this.shared.checkpoints;
    for (let k = Math.min(Math.floor(index / CHECKPOINT_EVERY), checkpoints.length - 1); k >= 0; k--) {
      const state = checkpoints[k];
      if (state !== undefined) return { index: k * CHECKPOINT_EVERY, state };
    }
    return null;
  }

  toArray(): VisitEvent[] {
    return this.shared.events.slice(0, this.length);
  }

  *[Symbol.iterator](): Iterator<VisitEvent> {
    for (let i = 0; i < this.length; i++) yield this.shared.events[i] as VisitEvent;
  }
}

/** A list of events in force; `events` are taken as they are (the caller gives up the array). */
export const inForce = <S>(events: VisitEvent[] = []): InForce<S> =>
  new View<S>({ events, checkpoints: [] }, events.length);

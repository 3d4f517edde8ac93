import type { VisitEvent } from "./event.js";

// A visit's events in force, in canonical order, as an immutable list that costs O(1) to extend. Each fold step
// makes a new state with one more event; copying the list at every step made a fold quadratic in the visit's
// length. Here every list is a view (a length) over one shared array: extending the newest view appends to the
// array in place, and only extending an older view (a replay after a void) copies the prefix it keeps, once.
//
// Every CHECKPOINT_EVERY-th place also keeps the fold's state just before that event, so that voiding an event
// replays from the nearest earlier checkpoint instead of from the visit's registration.

export const CHECKPOINT_EVERY = 64;

// Events are kept in chunks of CHECKPOINT_EVERY, so that a fork copies the list of chunks and one partial chunk, not
// every event: a visit voided eighty times would otherwise hold eighty copies of its list alive in its checkpoints.
interface Shared<S> {
  chunks: VisitEvent[][];
  /** How many events the chunks hold. */
  length: number;
  /** checkpoints[k]: the state before events[k * CHECKPOINT_EVERY]. */
  checkpoints: S[];
}

export interface InForce<S = unknown> extends Iterable<VisitEvent> {
  readonly length: number;
  at(index: number): VisitEvent | undefined;
  find(test: (e: VisitEvent) => boolean): VisitEvent | undefined;
  findIndex(test: (e: VisitEvent) => boolean): number;
  /**
   * This list with `e` after its last event; `before` is the state before `e`, kept when a checkpoint falls due. A
   * value, not a function making it: states are immutable, and a closure made for every event cost more than it saved.
   */
  with(e: VisitEvent, before?: S): InForce<S>;
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
    if (index < 0 || index >= this.length) return undefined;
    return this.shared.chunks[Math.floor(index / CHECKPOINT_EVERY)]?.[index % CHECKPOINT_EVERY];
  }

  find(test: (e: VisitEvent) => boolean): VisitEvent | undefined {
    const i = this.findIndex(test);
    return i < 0 ? undefined : this.at(i);
  }

  findIndex(test: (e: VisitEvent) => boolean): number {
    let i = 0;
    for (const e of this) {
      if (test(e)) return i;
      i++;
    }
    return -1;
  }

  with(e: VisitEvent, before?: S): InForce<S> {
    const length = this.length;
    let target = this.shared;
    const chunk = Math.floor(length / CHECKPOINT_EVERY);
    const place = length % CHECKPOINT_EVERY;
    if (target.length !== length) {
      // An older view grows: it forks, keeping its own prefix and the checkpoints that lie inside it.
      const chunks = target.chunks.slice(0, chunk);
      if (place > 0) chunks.push((target.chunks[chunk] as VisitEvent[]).slice(0, place));
      target = {
        chunks,
        length,
        checkpoints: target.checkpoints.slice(0, Math.ceil(length / CHECKPOINT_EVERY)),
      };
    }
    if (place === 0) {
      if (before !== undefined) target.checkpoints[chunk] = before;
      target.chunks.push([e]);
    } else (target.chunks[chunk] as VisitEvent[]).push(e);
    target.length = length + 1;
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
    return [...this];
  }

  *[Symbol.iterator](): Iterator<VisitEvent> {
    let left = this.length;
    for (const chunk of this.shared.chunks)
      for (const e of chunk) {
        if (left-- === 0) return;
        yield e;
      }
  }
}

/** A list of events in force; `events` are taken as they are (the caller gives up the array). */
export const inForce = <S>(events: VisitEvent[] = []): InForce<S> =>
  events.reduce(
    (list: InForce<S>, e) => list.with(e),
    new View<S>({ chunks: [], length: 0, checkpoints: [] }, 0),
  );

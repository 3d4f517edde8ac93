import type { NewVisitEvent } from "../domain/event.js";
import type { Random } from "./random.js";

// One visit being written down step by step. Steps may be added out of time order (each lab test runs its own
// chain), so the draft sorts them when it is finished; every step that depends on another is added at least half a
// minute after it, which keeps the sorted order a valid workflow.

export const MINUTE = 60_000;
export const DAY = 86_400_000;

/** A seeded event with everything the store would otherwise choose itself: id, time and performer. */
export interface PlannedEvent extends NewVisitEvent {
  id: string;
  performedAt: string;
  performedBy: string;
}

interface Step {
  at: number;
  order: number;
  event: PlannedEvent;
}

export interface VisitDraft {
  id: string;
  patientId: string;
  steps: Step[];
  add(at: number, eventType: string, by: string, metadata?: unknown, description?: string): string;
  /** The steps in time order, as events; steps after `untilMs` have not happened yet and are left out. */
  finish(untilMs: number): PlannedEvent[];
}

export function newVisitDraft(ids: Random, registeredAt: number, patientId: string): VisitDraft {
  const steps: Step[] = [];
  const draft: VisitDraft = {
    id: `visit_${ids.ulid(registeredAt)}`,
    patientId,
    steps,
    add(at, eventType, by, metadata, description) {
      const id = ids.ulid(at);
      const event: PlannedEvent = {
        id,
        visitId: draft.id,
        eventType,
        performedBy: by,
        performedAt: new Date(at).toISOString(),
      };
      if (metadata !== undefined) event.metadata = metadata;
      if (description !== undefined) event.description = description;
      steps.push({ at, order: steps.length, event });
      return id;
    },
    finish(untilMs) {
      return steps
        .filter((s) => s.at <= untilMs)
        .sort((a, b) => a.at - b.at || a.order - b.order)
        .map((s) => s.event);
    },
  };
  return draft;
}

/** A gap of between `min` and `max` minutes, to the second. */
export const minutes = (rng: Random, min: number, max: number): number =>
  rng.int(Math.round(min * 60), Math.round(max * 60)) * 1000;

const minuteOfDay = (t: number) => Math.floor((t % DAY) / MINUTE);

/** The lab works 07:30 to 19:00: work that would fall outside waits for the next morning. */
export function labHours(rng: Random, t: number): number {
  const m = minuteOfDay(t);
  const dayStart = t - (t % DAY);
  if (m < 7 * 60 + 30) return dayStart + 7.5 * 60 * MINUTE + minutes(rng, 0, 30);
  if (m >= 19 * 60) return dayStart + DAY + 7.5 * 60 * MINUTE + minutes(rng, 0, 45);
  return t;
}

export const isoDate = (t: number) => new Date(t).toISOString().slice(0, 10);

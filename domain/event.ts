import type { EventType } from "./catalog.js";

/** An event as the rules see it: metadata already parsed by its type's schema. */
export interface VisitEvent<T extends string = EventType> {
  id: string;
  visitId: string;
  eventType: T;
  description: string | null;
  metadata: unknown;
  performedBy: string | null;
  /** ISO-8601 UTC, the moment the step happened at the desk. */
  performedAt: string;
}

/** What a caller hands to the store; the store fills id, device, hashes and times it is not given. */
export interface NewVisitEvent {
  visitId: string;
  eventType: string;
  description?: string | null;
  metadata?: unknown;
  performedBy?: string | null;
  performedAt?: string;
  /** Only for callers that must choose the id (tests, imports); normally the store makes a ULID. */
  id?: string;
}

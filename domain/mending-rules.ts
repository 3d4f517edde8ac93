import { type EventType, eventCatalog, isEventType, type Phase } from "./catalog.js";

// Who may mend what. A conflict between two desks is resolved by the people who own that part of the visit: money
// by the front desk, clinical and consultation entries by a doctor, lab entries by the lab; an administrator may
// resolve any. The channel's role list lets every member of staff ask; this rule decides per entry.

const ownersByPhase: Record<Phase, readonly string[]> = {
  registration: ["reception", "admin"],
  queue: ["reception", "admin"],
  consultation: ["doctor", "admin"],
  clinical: ["doctor", "admin"],
  billing: ["reception", "admin"],
  lab: ["lab", "admin"],
  documents: ["doctor", "reception", "admin"],
  closure: ["reception", "doctor", "admin"],
  followup: ["reception", "doctor", "admin"],
  correction: ["admin"],
};

/** The roles that may decide which side of a conflict on this kind of entry stands. */
export function conflictResolvers(eventType: string): readonly string[] {
  return isEventType(eventType) ? ownersByPhase[eventCatalog[eventType as EventType].phase] : ["admin"];
}

export const mayResolveConflict = (role: string, eventType: string): boolean =>
  conflictResolvers(eventType).includes(role);

import type { Phase } from "./catalog.js";
import { billBalanceCents, closedStatuses, type VisitState } from "./visit-state.js";

// Where a visit stands, in the words of the seed's phases, for the queue board and the journey header.

export function visitPhase(s: VisitState): Phase {
  if (closedStatuses.includes(s.status)) return "closure";
  switch (s.status) {
    case "registered":
      return "registration";
    case "waiting":
    case "called":
    case "skipped":
      return "queue";
    case "in_room":
      return "consultation";
    default: {
      const labPending = Object.values(s.tests).some(
        (t) => !["approved", "reported", "delivered"].includes(t.status),
      );
      if (labPending) return "lab";
      const owing = Object.values(s.bills).some((b) => billBalanceCents(b) > 0);
      return owing ? "billing" : "clinical";
    }
  }
}

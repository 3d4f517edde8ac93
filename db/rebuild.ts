import { foldVisit } from "../domain/fold.js";
import { toVisitEvents } from "./event-store.js";
import type { ClinicDb } from "./open.js";
import { createVisitProjector } from "./projection.js";

export interface RebuildProgress {
  done: number;
  total: number;
}

/**
 * Throws the read models away and derives them again from visit_events, in one transaction: a reader sees either
 * the old tables or the new ones. Uses the same fold and projection as the append, so the result is identical.
 */
export function rebuildReadModels(
  db: ClinicDb,
  onProgress?: (p: RebuildProgress) => void,
): { visits: number } {
  const projector = createVisitProjector(db.sqlite);
  const visitIds = db.sqlite.prepare("SELECT DISTINCT visitId FROM visit_events").pluck().all() as string[];
  const run = db.sqlite.transaction(() => {
    projector.clearAll();
    visitIds.forEach((visitId, i) => {
      const rows = db.events.readVisit(visitId);
      const { events, parked } = toVisitEvents(rows, db.deviceId);
      projector.project(visitId, foldVisit(visitId, events), parked, rows.length);
      if (onProgress && (i % 500 === 0 || i === visitIds.length - 1))
        onProgress({ done: i + 1, total: visitIds.length });
    });
  });
  run.immediate();
  return { visits: visitIds.length };
}

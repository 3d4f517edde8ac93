import { foldVisit, snapshotOf } from "../domain/fold.js";
import { type StoredEvent, toVisitEvents } from "./event-store.js";
import type { ClinicDb } from "./open.js";
import { createVisitProjector } from "./projection.js";
import { createVisitSnapshots, SNAPSHOT_FROM_EVENTS, type StoredFold } from "./visit-snapshots.js";

export interface RebuildProgress {
  done: number;
  total: number;
}

/** A stored visit snapshot that was not the fold of the events it names; the rebuild wrote the right one. */
export interface SnapshotMismatch {
  visitId: string;
  reason: string;
}

export interface RebuildReport {
  visits: number;
  events: number;
  /** Snapshots compared with a fold of their own events. */
  snapshotsChecked: number;
  snapshotsRepaired: SnapshotMismatch[];
}

const foldOf = (db: ClinicDb, visitId: string, rows: readonly StoredEvent[]) => {
  const { events, parked } = toVisitEvents(rows, db.deviceId);
  const fold = foldVisit(visitId, events);
  return { fold, stored: { ...snapshotOf(fold), parked } satisfies StoredFold };
};

/**
 * Throws the read models away and derives them again from visit_events, in one transaction: a reader sees either
 * the old tables or the new ones. Uses the same fold and projection as the append, so the result is identical.
 * Every visit snapshot is checked against a fold of the events it covers (those up to its maxPosition), reported
 * when it differs, and written again from the full fold.
 */
export function rebuildReadModels(db: ClinicDb, onProgress?: (p: RebuildProgress) => void): RebuildReport {
  const projector = createVisitProjector(db.sqlite);
  const snapshots = createVisitSnapshots(db.sqlite);
  const visitIds = db.sqlite.prepare("SELECT DISTINCT visitId FROM visit_events").pluck().all() as string[];
  const report: RebuildReport = {
    visits: visitIds.length,
    events: 0,
    snapshotsChecked: 0,
    snapshotsRepaired: [],
  };
  const run = db.sqlite.transaction(() => {
    projector.clearAll();
    visitIds.forEach((visitId, i) => {
      const rows = db.events.readVisit(visitId);
      report.events += rows.length;
      const { fold, stored } = foldOf(db, visitId, rows);
      projector.project(visitId, fold, stored.parked, rows.length);
      const kept = snapshots.stored(visitId);
      // A snapshot made by other fold rules is never used (visit-snapshots.ts); it is replaced, not judged.
      if (kept?.sameRules) {
        report.snapshotsChecked += 1;
        const covered = rows.filter((r) => r.position <= kept.maxPosition);
        const last = covered.at(-1);
        const reason =
          covered.length !== kept.eventCount || last?.id !== kept.lastEventId
            ? `it names ${kept.eventCount} events ending with ${kept.lastEventId}, but the log holds ${covered.length} up to there`
            : snapshots.encode(foldOf(db, visitId, covered).stored) !== kept.fold
              ? "its state differs from the fold of its events"
              : null;
        if (reason) report.snapshotsRepaired.push({ visitId, reason });
      }
      const last = rows.at(-1);
      if (rows.length >= SNAPSHOT_FROM_EVENTS && last)
        snapshots.save({
          visitId,
          last: { id: last.id, position: last.position, serverSeq: last.serverSeq },
          maxPosition: rows.reduce((max, r) => Math.max(max, r.position), 0),
          eventCount: rows.length,
          fold: stored,
        });
      else if (kept) snapshots.remove(visitId);
      if (onProgress && (i % 500 === 0 || i === visitIds.length - 1))
        onProgress({ done: i + 1, total: visitIds.length });
    });
    const known = new Set(visitIds);
    for (const visitId of snapshots.visitIds())
      if (!known.has(visitId)) {
        report.snapshotsRepaired.push({ visitId, reason: "the log holds no events for this visit" });
        snapshots.remove(visitId);
      }
  });
  run.immediate();
  return report;
}

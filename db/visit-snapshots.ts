import type Database from "better-sqlite3";
import type { FoldSnapshot } from "../domain/fold.js";
import type { ParkedEvent } from "./projection.js";
import type { visitSnapshots } from "./schema.js";

// The visit_snapshots table: a long visit's fold, so that opening or appending to it costs its new events, not its
// whole log. A snapshot is a cache, never a source of truth: it is used only while it names the visit's last event
// and event count and was made by the same fold rules; otherwise the visit is folded from its log and the snapshot
// written again. `hms rebuild` recomputes every one and compares (db/rebuild.ts).

/** Visits shorter than this are folded from their log: a few dozen events fold faster than a snapshot is read. */
export const SNAPSHOT_FROM_EVENTS = 100;

/**
 * Bump when the fold rules (domain/workflow.ts, visit-state.ts, fold.ts) change what a state holds: snapshots made
 * by other rules are then ignored and made afresh. The event catalogue's own fingerprint is added to it.
 */
export const FOLD_RULES_VERSION = 1;

export interface StoredFold extends FoldSnapshot {
  parked: ParkedEvent[];
}

export interface VisitSnapshot {
  visitId: string;
  lastEventId: string;
  lastPosition: number;
  eventCount: number;
  fold: StoredFold;
}

type Row = typeof visitSnapshots.$inferSelect;

export interface VisitSnapshots {
  /** The visit's snapshot if it is still the fold of exactly the events the file holds for it. */
  current(visitId: string): VisitSnapshot | null;
  /** The stored row as it is, valid or not (for `hms rebuild`'s comparison). */
  stored(visitId: string): Row | null;
  save(s: VisitSnapshot): void;
  remove(visitId: string): void;
  clearAll(): void;
  /** The fold as it is stored: the same text whoever writes it, so two folds compare as text. */
  encode(fold: StoredFold): string;
}

export function createVisitSnapshots(
  sqlite: Database.Database,
  catalogueFingerprint: string,
): VisitSnapshots {
  const foldVersion = `${FOLD_RULES_VERSION}:${catalogueFingerprint}`;
  const read = sqlite.prepare("SELECT * FROM visit_snapshots WHERE visitId = ?");
  // The last event it folded must still be that visit's event at that place, and nothing may have joined since:
  // events are never removed, so an equal count means the same events.
  const lastEventAt = sqlite
    .prepare("SELECT id FROM visit_events WHERE position = ? AND visitId = ?")
    .pluck();
  const countVisit = sqlite.prepare("SELECT COUNT(*) FROM visit_events WHERE visitId = ?").pluck();
  const write = sqlite.prepare(`INSERT OR REPLACE INTO visit_snapshots (visitId, lastEventId, lastPosition,
    eventCount, foldVersion, fold) VALUES (?, ?, ?, ?, ?, ?)`);
  const del = sqlite.prepare("DELETE FROM visit_snapshots WHERE visitId = ?");
  const encode = (fold: StoredFold) => JSON.stringify(fold);
  return {
    current(visitId) {
      const row = read.get(visitId) as Row | undefined;
      if (!row || row.foldVersion !== foldVersion) return null;
      if (lastEventAt.get(row.lastPosition, visitId) !== row.lastEventId) return null;
      if (countVisit.get(visitId) !== row.eventCount) return null;
      return {
        visitId,
        lastEventId: row.lastEventId,
        lastPosition: row.lastPosition,
        eventCount: row.eventCount,
        fold: JSON.parse(row.fold) as StoredFold,
      };
    },
    stored: (visitId) => (read.get(visitId) as Row | undefined) ?? null,
    save(s) {
      write.run(s.visitId, s.lastEventId, s.lastPosition, s.eventCount, foldVersion, encode(s.fold));
    },
    remove: (visitId) => {
      del.run(visitId);
    },
    clearAll: () => {
      sqlite.exec("DELETE FROM visit_snapshots");
    },
    encode,
  };
}

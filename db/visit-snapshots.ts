import type Database from "better-sqlite3";
import { eventTypes } from "../domain/catalog.js";
import { versionedTypes } from "../domain/event-versions.js";
import { type FoldResult, type FoldSnapshot, snapshotOf } from "../domain/fold.js";
import type { ParkedEvent } from "./projection.js";
import type { visitSnapshots } from "./schema.js";

// The visit_snapshots table: a long visit's fold, so that opening or appending to it costs its new events, not its
// whole log. A snapshot is a cache, never a source of truth. It is written in the transaction of a fold that covered
// every event the file held for the visit, so the visit's events up to its maxPosition are exactly the ones it
// folded (positions only grow; nothing is deleted) and the ones after are its tail. It is used only while that tail
// sorts after its last event and it was made by the same fold rules; otherwise the visit is folded from its log.
// `hms rebuild` recomputes every one and compares (db/rebuild.ts).

/** Visits shorter than this are folded from their log: a few dozen events fold faster than a snapshot is read. */
export const SNAPSHOT_FROM_EVENTS = 100;
/** A snapshot is written again once this many events have joined its tail: writing one costs the whole state. */
export const SNAPSHOT_EVERY_EVENTS = 200;

/**
 * Bump when the fold rules (domain/workflow.ts, visit-state.ts, fold.ts) change what a state holds: snapshots made
 * by other rules are then ignored and made afresh. The event catalogue's own fingerprint is added to it.
 */
export const FOLD_RULES_VERSION = 1;

/** The build's event catalogue (types and metadata versions): a new type or version changes what a fold holds. */
export const catalogueFingerprint = (): string =>
  JSON.stringify({ types: eventTypes, versions: versionedTypes() });

export interface StoredFold extends FoldSnapshot {
  parked: ParkedEvent[];
}

/**
 * A fold and its parked events as a snapshot keeps them: the append's snapshot and the one `hms rebuild` makes or
 * compares with are built here, so the two encode alike.
 */
export const storedFoldOf = (f: FoldResult & { parked: ParkedEvent[] }): StoredFold => ({
  ...snapshotOf(f),
  parked: f.parked,
});

/** The last event of a fold in canonical order: synced ones by server sequence, then pending ones by position. */
export interface LastEvent {
  id: string;
  position: number;
  serverSeq: number | null;
}

export interface VisitSnapshot {
  visitId: string;
  last: LastEvent;
  maxPosition: number;
  eventCount: number;
  fold: StoredFold;
}

type Row = typeof visitSnapshots.$inferSelect;

export interface VisitSnapshots {
  /** The visit's snapshot, if it was made by these fold rules. */
  read(visitId: string): VisitSnapshot | null;
  /** The stored row as it is (for `hms rebuild`'s comparison), and whether these fold rules made it. */
  stored(visitId: string): (Row & { sameRules: boolean }) | null;
  save(s: VisitSnapshot): void;
  /** Visit ids of every stored snapshot. */
  visitIds(): string[];
  remove(visitId: string): void;
  /** The fold as it is stored: the same text whoever writes it, so two folds compare as text. */
  encode(fold: StoredFold): string;
}

export function createVisitSnapshots(sqlite: Database.Database): VisitSnapshots {
  const foldVersion = `${FOLD_RULES_VERSION}:${catalogueFingerprint()}`;
  const select = sqlite.prepare("SELECT * FROM visit_snapshots WHERE visitId = ?");
  const write = sqlite.prepare(`INSERT OR REPLACE INTO visit_snapshots (visitId, lastEventId, lastPosition,
    lastServerSeq, maxPosition, eventCount, foldVersion, fold) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const del = sqlite.prepare("DELETE FROM visit_snapshots WHERE visitId = ?");
  const all = sqlite.prepare("SELECT visitId FROM visit_snapshots").pluck();
  const encode = (fold: StoredFold) => JSON.stringify(fold);
  return {
    read(visitId) {
      const row = select.get(visitId) as Row | undefined;
      if (!row || row.foldVersion !== foldVersion) return null;
      return {
        visitId,
        last: { id: row.lastEventId, position: row.lastPosition, serverSeq: row.lastServerSeq },
        maxPosition: row.maxPosition,
        eventCount: row.eventCount,
        fold: JSON.parse(row.fold) as StoredFold,
      };
    },
    stored(visitId) {
      const row = select.get(visitId) as Row | undefined;
      return row ? { ...row, sameRules: row.foldVersion === foldVersion } : null;
    },
    save(s) {
      write.run(
        s.visitId,
        s.last.id,
        s.last.position,
        s.last.serverSeq,
        s.maxPosition,
        s.eventCount,
        foldVersion,
        encode(s.fold),
      );
    },
    visitIds: () => all.all() as string[],
    remove: (visitId) => {
      del.run(visitId);
    },
    encode,
  };
}

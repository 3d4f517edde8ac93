import { eventTypes } from "../domain/catalog.js";
import { foldVisit } from "../domain/fold.js";
import { type StoredEvent, toVisitEvents } from "./event-store.js";
import type { ClinicDb } from "./open.js";
import { createBulkProjector } from "./projection.js";
import { deferReaderIndexes } from "./reader-indexes.js";
import { createVisitSnapshots, SNAPSHOT_FROM_EVENTS, storedFoldOf } from "./visit-snapshots.js";

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
  /**
   * Where the time went, in milliseconds: reading the log; folding it (metadata parsed included); writing the read
   * models and snapshots (a kept snapshot's check included); the rest of the total is clearing and committing.
   */
  ms: { read: number; fold: number; write: number; total: number };
}

/** The read models a rebuild writes whose reader-only indexes it builds once at the end (db/reader-indexes.ts). */
const readModelTables = ["visits", "bills", "test_orders", "follow_ups"];

/**
 * Rows read per query: big enough that a query costs little per row, small enough that a page is collected young.
 * Pages of 20,000 rows outlived the young generation and were copied into the old one: a tenth of that spent
 * about a sixth less CPU on the seeded clinic (median of six alternating runs).
 */
const PAGE_ROWS = 2_000;

// The log is read once, in position order (the table's own order, so a sequential read), rather than visit by
// visit through the index (a random read per row). A visit is folded as soon as its last event has been read, so
// only the visits still open at the current position are held in memory. The hash columns are not read: the fold
// does not use them, and they are a third of a row. Rows come as arrays and are made objects here: that is about
// twice as fast as the driver building each row object property by property.
const pageSql = `SELECT position, id, visitId, eventType, description, metadata, performedBy, performedAt, deviceId,
  serverSeq, schemaVersion FROM visit_events WHERE position > ? ORDER BY position LIMIT ${PAGE_ROWS}`;
type PageRow = [
  number,
  string,
  string,
  string,
  string | null,
  string | null,
  string | null,
  string,
  string,
  number | null,
  number,
];
// Each row's type is swapped for the catalogue's own string of it: the driver makes a new string per row, and every
// lookup and switch on a type (the catalogue, the rules, evolve) then compares its characters instead of one pointer.
const catalogueType = new Map<string, string>(eventTypes.map((t) => [t, t]));
const eventOf = (r: PageRow): StoredEvent => ({
  position: r[0],
  id: r[1],
  visitId: r[2],
  eventType: catalogueType.get(r[3]) ?? r[3],
  description: r[4],
  metadata: r[5],
  performedBy: r[6],
  performedAt: r[7],
  deviceId: r[8],
  serverSeq: r[9],
  schemaVersion: r[10],
  // Not read (see above); the fold never looks at them.
  recordedAt: "",
  prevHash: null,
  hash: "",
});
const lastPositionsSql = "SELECT visitId, MAX(position) AS last FROM visit_events GROUP BY visitId";

/** The canonical order of a visit's events: synced ones by server sequence, then this desk's pending ones. */
const canonical = (a: StoredEvent, b: StoredEvent): number =>
  a.serverSeq === null
    ? b.serverSeq === null
      ? a.position - b.position
      : 1
    : b.serverSeq === null
      ? -1
      : a.serverSeq - b.serverSeq;

const foldOf = (db: ClinicDb, visitId: string, rows: readonly StoredEvent[]) => {
  const { events, parked } = toVisitEvents(rows, db.deviceId);
  return { ...foldVisit(visitId, events), parked };
};

/**
 * Throws the read models away and derives them again from visit_events, in one transaction: a reader sees either
 * the old tables or the new ones. Uses the same fold and projection as the append, so the result is identical.
 * Every visit snapshot is checked against a fold of the events it covers (those up to its maxPosition), reported
 * when it differs, and written again from the full fold.
 */
export function rebuildReadModels(db: ClinicDb, onProgress?: (p: RebuildProgress) => void): RebuildReport {
  const snapshots = createVisitSnapshots(db.sqlite);
  const page = db.sqlite.prepare(pageSql).raw();
  const report: RebuildReport = {
    visits: 0,
    events: 0,
    snapshotsChecked: 0,
    snapshotsRepaired: [],
    ms: { read: 0, fold: 0, write: 0, total: 0 },
  };
  const started = performance.now();

  const rebuildVisit = (
    projector: ReturnType<typeof createBulkProjector>,
    visitId: string,
    rows: StoredEvent[],
    hadSnapshot: boolean,
  ) => {
    if (rows.some((r) => r.serverSeq !== null)) rows.sort(canonical);
    const folding = performance.now();
    const folded = foldOf(db, visitId, rows);
    const writing = performance.now();
    report.ms.fold += writing - folding;
    projector.project(visitId, folded, folded.parked, rows.length);
    const kept = hadSnapshot ? snapshots.stored(visitId) : null;
    // A snapshot made by other fold rules is never used (visit-snapshots.ts); it is replaced, not judged.
    if (kept?.sameRules) {
      report.snapshotsChecked += 1;
      const covered = rows.filter((r) => r.position <= kept.maxPosition);
      const last = covered.at(-1);
      const reason =
        covered.length !== kept.eventCount || last?.id !== kept.lastEventId
          ? `it names ${kept.eventCount} events ending with ${kept.lastEventId}, but the log holds ${covered.length} up to there`
          : snapshots.encode(storedFoldOf(foldOf(db, visitId, covered))) !== kept.fold
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
        fold: storedFoldOf(folded),
      });
    else if (kept) snapshots.remove(visitId);
    report.ms.write += performance.now() - writing;
  };

  const run = db.sqlite.transaction(() => {
    const lastPosition = new Map(
      (db.sqlite.prepare(lastPositionsSql).raw().all() as [string, number][]).map(([v, p]) => [v, p]),
    );
    const total = lastPosition.size;
    report.visits = total;
    const withSnapshot = new Set(snapshots.visitIds());
    const projector = createBulkProjector(db.sqlite);
    const restoreIndexes = deferReaderIndexes(db.sqlite, readModelTables);
    const open = new Map<string, StoredEvent[]>();
    let after = 0;
    let done = 0;
    for (;;) {
      const reading = performance.now();
      const rows = page.all(after) as PageRow[];
      report.ms.read += performance.now() - reading;
      if (rows.length === 0) break;
      after = (rows.at(-1) as PageRow)[0];
      report.events += rows.length;
      for (const raw of rows) {
        const r = eventOf(raw);
        const visit = open.get(r.visitId) ?? [];
        if (visit.length === 0) open.set(r.visitId, visit);
        visit.push(r);
        if (lastPosition.get(r.visitId) !== r.position) continue;
        open.delete(r.visitId);
        rebuildVisit(projector, r.visitId, visit, withSnapshot.delete(r.visitId));
        done += 1;
        if (onProgress && (done % 500 === 0 || done === total)) onProgress({ done, total });
      }
    }
    // Nothing can write while this transaction holds the file, so every visit has been met at its last position.
    if (open.size > 0) throw new Error(`The rebuild read ${open.size} visits without their last event.`);
    for (const visitId of withSnapshot) {
      report.snapshotsRepaired.push({ visitId, reason: "the log holds no events for this visit" });
      snapshots.remove(visitId);
    }
    const indexing = performance.now();
    restoreIndexes();
    report.ms.write += performance.now() - indexing;
  });
  run.immediate();
  report.ms.total = performance.now() - started;
  return report;
}

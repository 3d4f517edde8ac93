import type Database from "better-sqlite3";
import { eventCatalog, isEventType } from "../domain/catalog.js";
import type { NewVisitEvent, VisitEvent } from "../domain/event.js";
import { eventHash } from "../domain/event-hash.js";
import { currentVersion, upcast } from "../domain/event-versions.js";
import { type FoldResult, foldVisit, needsEventsInForce, resumeFold, step } from "../domain/fold.js";
import { fail, ok, type Refusal, type Result, refuse } from "../domain/refusal.js";
import { checkNewEvent } from "../domain/validate-event.js";
import { type CommandRef, claimCommand } from "./command-replies.js";
import { prepareEventInsert } from "./event-insert.js";
import { createVisitProjector, type ParkedEvent } from "./projection.js";
import {
  catalogueFingerprint,
  createVisitSnapshots,
  type LastEvent,
  SNAPSHOT_EVERY_EVENTS,
  SNAPSHOT_FROM_EVENTS,
  storedFoldOf,
} from "./visit-snapshots.js";

/** A row of visit_events as stored. */
export interface StoredEvent {
  position: number;
  id: string;
  visitId: string;
  eventType: string;
  description: string | null;
  metadata: string | null;
  performedBy: string | null;
  performedAt: string;
  deviceId: string;
  serverSeq: number | null;
  schemaVersion: number;
  recordedAt: string;
  prevHash: string | null;
  hash: string;
}

type FoldedVisit = FoldResult & {
  parked: ParkedEvent[];
  eventCount: number;
  /** The last event folded, in canonical order: what a snapshot of this fold is keyed by. */
  last: LastEvent | null;
  /** The highest position among the events folded: the visit's events after it are not in this fold yet. */
  maxPosition: number;
  /** Whether the state knows the events in force (a fold resumed from a snapshot does not; voids need them). */
  complete: boolean;
  /** The event count at which this visit's snapshot was last written, if known. */
  snapshotAt: number | null;
  /** Whether the read-model tables hold exactly this fold, so the next projection may write only what changed. */
  projected: boolean;
};

/** Whether stored event `r` sorts after `last` in the canonical order. */
const sortsAfter = (r: StoredEvent, last: LastEvent | null): boolean => {
  if (!last) return true;
  if (r.serverSeq === null) return last.serverSeq !== null || r.position > last.position;
  return last.serverSeq !== null && r.serverSeq > last.serverSeq;
};

export type AppendListener = (events: readonly StoredEvent[]) => void;

export interface EventStore {
  /**
   * Appends events all-or-nothing: every event is checked (schema, staff, patient, workflow) against the state the
   * events before it produce; one refusal and nothing is written. Read models are updated in the same transaction.
   */
  append(inputs: readonly NewVisitEvent[], now?: Date, command?: CommandRef): Result<StoredEvent[]>;
  /** A visit's events in canonical order, as stored. */
  readVisit(visitId: string): StoredEvent[];
  /** A visit's state, the events left out of it and why. */
  foldVisit(visitId: string): FoldResult & { parked: ParkedEvent[] };
  /**
   * Re-derives the read models of the given visits (after sync brought events for them). `fromLog`: the order of
   * events already held changed (a server sequence given or forgotten), so no kept fold or snapshot can be caught up.
   */
  refold(visitIds: Iterable<string>, fromLog?: boolean): void;
  /** Called after every committed append (local or pulled), with the new rows. */
  onAppended(listener: AppendListener): () => void;
  /** Lets other writers of visit_events (sync) tell subscribers about rows they committed. */
  notify(events: readonly StoredEvent[]): void;
  /** This device's latest hash: the prevHash of its next event. */
  chainHead(): string | null;
}

const CANONICAL_ORDER = `ORDER BY ("serverSeq" IS NULL), "serverSeq", "position"`;

const storedColumns = `position, id, visitId, eventType, description, metadata, performedBy, performedAt, deviceId,
  serverSeq, schemaVersion, recordedAt, prevHash, hash`;

class Refused extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.message);
  }
}

/**
 * Turns stored rows into events the rules understand. Rows this build cannot read (an unknown type, a newer
 * metadata version, metadata its schema refuses) are parked: kept in the log, left out of the state, listed.
 * Older versions are lifted to the current shape by the type's upcasters first. Rows recorded on this device in the
 * current version were validated when written and are not parsed again.
 */
export function toVisitEvents(
  rows: readonly StoredEvent[],
  localDeviceId: string,
): { events: VisitEvent[]; parked: ParkedEvent[] } {
  const events: VisitEvent[] = [];
  const parked: ParkedEvent[] = [];
  // Made once, not per row: a rebuild turns every row of the file through here.
  const park = (r: StoredEvent, reason: string) =>
    parked.push({
      id: r.id,
      eventType: r.eventType,
      reason,
      schemaVersion: r.schemaVersion,
      performedAt: r.performedAt,
      deviceId: r.deviceId,
    });
  for (const r of rows) {
    if (!isEventType(r.eventType)) {
      park(r, `Unknown event type ${r.eventType}`);
      continue;
    }
    const current = currentVersion(r.eventType);
    if (r.schemaVersion > current) {
      park(r, `Metadata version ${r.schemaVersion} is newer than this app's ${current}`);
      continue;
    }
    const stored: unknown = r.metadata === null ? null : JSON.parse(r.metadata);
    let metadata = r.schemaVersion < current ? upcast(r.eventType, r.schemaVersion, stored) : stored;
    if (r.deviceId !== localDeviceId || r.schemaVersion < current) {
      const parsed = eventCatalog[r.eventType].schema.safeParse(metadata ?? undefined);
      if (!parsed.success) {
        park(r, "Metadata does not match its schema");
        continue;
      }
      metadata = parsed.data ?? null;
    }
    events.push({
      id: r.id,
      visitId: r.visitId,
      eventType: r.eventType,
      description: r.description,
      metadata,
      performedBy: r.performedBy,
      performedAt: r.performedAt,
    });
  }
  return { events, parked };
}

export function createEventStore(
  sqlite: Database.Database,
  deviceId: string,
  newId: () => string,
): EventStore {
  const projector = createVisitProjector(sqlite);
  const selectVisit = sqlite.prepare(
    `SELECT ${storedColumns} FROM visit_events WHERE visitId = ? ${CANONICAL_ORDER}`,
  );
  const insert = prepareEventInsert(sqlite);
  const idExists = sqlite.prepare("SELECT 1 FROM visit_events WHERE id = ?").pluck();
  const staffRow = sqlite.prepare("SELECT role, active FROM staff WHERE id = ?");
  const patientExists = sqlite.prepare("SELECT 1 FROM patients WHERE id = ?").pluck();
  const lastHash = sqlite
    .prepare("SELECT hash FROM visit_events WHERE deviceId = ? ORDER BY position DESC LIMIT 1")
    .pluck();

  const chainHead = () => (lastHash.get(deviceId) as string | undefined) ?? null;
  const listeners = new Set<AppendListener>();

  const lastOf = (r: StoredEvent | undefined): LastEvent | null =>
    r ? { id: r.id, position: r.position, serverSeq: r.serverSeq } : null;

  const foldStored = (visitId: string): FoldedVisit => {
    const rows = selectVisit.all(visitId) as StoredEvent[];
    const { events, parked } = toVisitEvents(rows, deviceId);
    return {
      ...foldVisit(visitId, events),
      parked,
      eventCount: rows.length,
      last: lastOf(rows.at(-1)),
      maxPosition: rows.reduce((max, r) => Math.max(max, r.position), 0),
      complete: true,
      snapshotAt: null,
      // The tables hold nothing for a visit without events, which is what its empty fold says.
      projected: rows.length === 0,
    };
  };

  // The events of a visit stored after a given position (another writer's, or this one's since the fold was kept).
  // Two ways to find them: through the visit's index, which walks all the visit's events (20,000 of them for a long
  // stay), or along the positions stored after it, which walks every visit's events since. The cheaper is chosen
  // per call: a short visit walks its index, a long one that was just written to walks the few newest positions.
  const selectTailByVisit = sqlite.prepare(
    `SELECT ${storedColumns} FROM visit_events WHERE visitId = ? AND position > ? ${CANONICAL_ORDER}`,
  );
  const selectTailByPosition = sqlite.prepare(
    `SELECT ${storedColumns} FROM visit_events WHERE position > ? AND +visitId = ? ${CANONICAL_ORDER}`,
  );
  const fileHead = sqlite.prepare("SELECT MAX(position) FROM visit_events").pluck();
  const selectTail = (visitId: string, f: FoldedVisit): StoredEvent[] => {
    const since = ((fileHead.get() as number | null) ?? 0) - f.maxPosition;
    if (since <= 0) return [];
    return (
      since < f.eventCount
        ? selectTailByPosition.all(f.maxPosition, visitId)
        : selectTailByVisit.all(visitId, f.maxPosition)
    ) as StoredEvent[];
  };
  /**
   * Brings a kept fold up to date with the visit's events stored since; null when that cannot be done by folding
   * them on (one sorts before the fold's last event, or one voids an event a resumed fold does not know).
   */
  const catchUp = (visitId: string, f: FoldedVisit, voiding: boolean): FoldedVisit | null => {
    if (voiding && !f.complete) return null;
    const rows = selectTail(visitId, f);
    if (rows.length === 0) return { ...f };
    if (!rows.every((r) => sortsAfter(r, f.last))) return null;
    const { events, parked } = toVisitEvents(rows, deviceId);
    if (!f.complete && events.some((e) => needsEventsInForce(e.eventType))) return null;
    const tail = foldVisit(visitId, events, f.state);
    return {
      state: tail.state,
      // The held conflicts travel in the state: the tail's fold lists the earlier ones too.
      conflicts: tail.conflicts,
      parked: [...f.parked, ...parked],
      eventCount: f.eventCount + rows.length,
      last: lastOf(rows.at(-1)),
      maxPosition: rows.reduce((max, r) => Math.max(max, r.position), f.maxPosition),
      complete: f.complete,
      snapshotAt: f.snapshotAt,
      projected: false,
    };
  };

  // After an upgrade this build may read what the previous one parked (a newer type or version it now knows), and
  // its rules may differ: the build's catalogue fingerprint says whether anything changed since the last open.
  const fingerprint = catalogueFingerprint();
  const snapshots = createVisitSnapshots(sqlite);

  /** A long visit's fold from its snapshot, as it was when the snapshot was written. */
  const resumed = (visitId: string): FoldedVisit | null => {
    const snap = snapshots.read(visitId);
    if (!snap) return null;
    const { parked, ...fold } = snap.fold;
    return {
      ...resumeFold(fold),
      parked,
      eventCount: snap.eventCount,
      last: snap.last,
      maxPosition: snap.maxPosition,
      complete: false,
      snapshotAt: snap.eventCount,
      // Written with the read models in one transaction; a later projection (if any) shows up as a tail.
      projected: true,
    };
  };

  /**
   * Writes the read models of a folded visit (only what changed since `before`, when the tables hold `before`), and
   * its snapshot when it is long enough for one to pay and enough events joined since the last one.
   */
  const project = (visitId: string, f: FoldedVisit, before?: FoldedVisit, forceSnapshot = false) => {
    projector.project(visitId, f, f.parked, f.eventCount, before?.projected ? before : undefined);
    f.projected = true;
    const due =
      f.snapshotAt === null || f.eventCount - f.snapshotAt >= SNAPSHOT_EVERY_EVENTS || forceSnapshot;
    if (f.eventCount >= SNAPSHOT_FROM_EVENTS && f.last && due) {
      snapshots.save({
        visitId,
        last: f.last,
        maxPosition: f.maxPosition,
        eventCount: f.eventCount,
        fold: storedFoldOf(f),
      });
      f.snapshotAt = f.eventCount;
    }
  };

  // Folded visits kept between appends, so a busy visit is not re-read and re-folded at every step. An entry is
  // used only while the file holds exactly as many events for the visit as the entry has folded: nothing can remove
  // an event, so any event stored by another path (sync) changes the count and the visit is folded afresh. Entries
  // are written only after their append committed.
  const folded = new Map<string, FoldedVisit>();
  const MAX_FOLDED = 2000;
  /**
   * The visit's fold as the file holds it, and the kept fold it was caught up from (the cache's, else the snapshot's;
   * none when it was folded from the log). `voiding`: the events in force are needed (to replay without one).
   */
  const currentFold = (visitId: string, voiding: boolean): { fold: FoldedVisit; from?: FoldedVisit } => {
    const cached = folded.get(visitId);
    const fromCache = cached && catchUp(visitId, cached, voiding);
    if (fromCache) return { fold: fromCache, from: cached };
    const snap = voiding ? null : resumed(visitId);
    const fromSnapshot = snap && catchUp(visitId, snap, voiding);
    if (fromSnapshot) return { fold: fromSnapshot, from: snap };
    return { fold: foldStored(visitId) };
  };
  const remember = (visitId: string, f: FoldedVisit) => {
    folded.delete(visitId);
    folded.set(visitId, f);
    if (folded.size > MAX_FOLDED) folded.delete(folded.keys().next().value as string);
  };

  // Staff rows looked up during one append; a batch names the same few people hundreds of times, and nothing can
  // change the staff table while the append's write transaction is open. Cleared at the start of every append.
  const staffSeen = new Map<string, { role: string; active: number } | undefined>();
  const staffMember = (id: string) => {
    if (!staffSeen.has(id))
      staffSeen.set(id, staffRow.get(id) as { role: string; active: number } | undefined);
    return staffSeen.get(id);
  };

  function checkPeople(e: {
    performedBy: string | null;
    eventType: string;
    metadata: unknown;
  }): Refusal | null {
    if (e.performedBy !== null) {
      const who = staffMember(e.performedBy);
      if (!who) return refuse("UNKNOWN_STAFF", `performedBy "${e.performedBy}" is not a member of staff.`);
      if (!who.active) return refuse("UNKNOWN_STAFF", `performedBy "${e.performedBy}" is no longer active.`);
    }
    const m = e.metadata as { patientId?: string; doctorId?: string } | null;
    if (e.eventType === "VISIT_REGISTERED" && m?.patientId && !patientExists.get(m.patientId))
      return refuse("UNKNOWN_PATIENT", `There is no patient ${m.patientId}; register the patient first.`);
    if ((e.eventType === "VISIT_REGISTERED" || e.eventType === "VISIT_ASSIGNED") && m?.doctorId) {
      const doc = staffMember(m.doctorId);
      if (doc?.role !== "doctor" || !doc.active)
        return refuse("UNKNOWN_STAFF", `doctorId "${m.doctorId}" is not an active doctor on the staff list.`);
    }
    return null;
  }

  const appendTx = sqlite.transaction((inputs: readonly NewVisitEvent[], now: Date, command?: CommandRef) => {
    // Each touched visit is folded from the file once; the batch's events are then applied to it in memory.
    staffSeen.clear();
    const visits = new Map<string, FoldedVisit>();
    const before = new Map<string, FoldedVisit>();
    const stored: StoredEvent[] = [];
    const recordedAt = now.toISOString();
    const voiding = new Set<unknown>();
    // Read inside the write transaction, not cached: a second connection to the file must not fork the chain.
    let prevHash = chainHead();
    const batchOf = inputs.length;
    // Only a refusal names the event's place in the batch: building the words for every event costs a string each.
    const refused = (index: number, r: Refusal) =>
      new Refused(batchOf > 1 ? { ...r, message: `Event ${index + 1} of ${batchOf}: ${r.message}` } : r);
    const duplicate = (index: number, id: string) =>
      refused(index, refuse("DUPLICATE_EVENT", `An event with id ${id} is already recorded.`));
    // The work runs in phases over the whole batch (check every event, then fold and hash them, then insert them),
    // not event by event: interleaved with SQLite's page work the same code ran at about half its speed. Every event
    // still meets every check, in order, before anything of the batch can commit.
    const checked = inputs.map((input, index) => {
      const c = checkNewEvent(input, now);
      if ("code" in c) throw refused(index, c);
      const people = checkPeople(c);
      if (people) throw refused(index, people);
      return c;
    });
    for (const c of checked) if (needsEventsInForce(c.eventType)) voiding.add(c.visitId);
    const given = checked.map((c) => c.id !== undefined);
    // On a refusal only: the first event up to it that copies a recorded one (or an earlier one of the batch) is the
    // batch's first problem. The id's unique index finds copies the rules let through, but only at the insert, after
    // every event was folded; a lookup per event on the way would cost every batch.
    const firstCopy = (upTo: number): number => {
      const seen = new Set<string>();
      for (let j = 0; j <= upTo; j++) {
        const id = checked[j]?.id;
        if (!given[j] || id === undefined) continue;
        if (seen.has(id) || idExists.get(id)) return j;
        seen.add(id);
      }
      return -1;
    };
    checked.forEach((c, index) => {
      c.id ??= newId();
      const event = c as VisitEvent;
      const id = event.id;
      let visit = visits.get(event.visitId);
      if (!visit) {
        visit = currentFold(event.visitId, voiding.has(event.visitId)).fold;
        before.set(event.visitId, { ...visit });
        visits.set(event.visitId, visit);
      }
      const next = step(visit.state, event);
      if (next.refusal) {
        // An event sent twice says so, rather than what the rules think of it the second time.
        const copy = firstCopy(index);
        if (copy >= 0) throw duplicate(copy, checked[copy]?.id ?? id);
        throw refused(index, next.refusal);
      }
      // New local events sort last in the canonical order, so applying them to the folded state equals a re-fold.
      visit.state = next.state;
      visit.eventCount += 1;
      const row: StoredEvent = {
        id,
        visitId: event.visitId,
        eventType: event.eventType,
        description: event.description,
        metadata: event.metadata === null ? null : JSON.stringify(event.metadata),
        performedBy: event.performedBy,
        performedAt: event.performedAt,
        deviceId,
        schemaVersion: currentVersion(event.eventType),
        recordedAt,
        prevHash,
        serverSeq: null,
        hash: "",
        position: 0,
      };
      row.hash = eventHash(row);
      prevHash = row.hash;
      stored.push(row);
    });
    stored.forEach((row, index) => {
      try {
        row.position = Number(insert(row).lastInsertRowid);
      } catch (err) {
        if (/UNIQUE constraint failed: visit_events.id/.test((err as Error).message))
          throw duplicate(index, row.id);
        throw err;
      }
      const visit = visits.get(row.visitId) as FoldedVisit;
      visit.last = { id: row.id, position: row.position, serverSeq: null };
      visit.maxPosition = row.position;
    });
    for (const [visitId, f] of visits) project(visitId, f, before.get(visitId));
    // The command that sent these events is recorded with them: its id again can never record them twice.
    if (command) claimCommand(sqlite, command, now);
    return { stored, visits };
  });

  // Every visit with a parked event is folded again when the file opens after an upgrade, not only when that visit is
  // next touched.
  if (!sqlite.readonly) {
    const seen = sqlite.prepare("SELECT value FROM app_meta WHERE key = 'eventCatalog'").pluck().get();
    if (seen !== fingerprint)
      sqlite
        .transaction(() => {
          const parkedVisits = sqlite
            .prepare("SELECT DISTINCT visitId FROM visit_conflicts WHERE kind = 'parked'")
            .pluck()
            .all() as string[];
          for (const visitId of parkedVisits) {
            project(visitId, foldStored(visitId));
          }
          sqlite
            .prepare(
              `INSERT INTO app_meta (key, value) VALUES ('eventCatalog', ?)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
            )
            .run(fingerprint);
        })
        .immediate();
  }

  const store: EventStore = {
    append(inputs, now = new Date(), command) {
      if (!Array.isArray(inputs) || inputs.length === 0)
        return fail(refuse("INVALID_INPUT", "There are no events to record."));
      let stored: StoredEvent[];
      try {
        const done = appendTx.immediate(inputs, now, command);
        stored = done.stored;
        for (const [visitId, f] of done.visits) remember(visitId, f);
      } catch (err) {
        if (err instanceof Refused) return fail(err.refusal);
        throw err;
      }
      store.notify(stored);
      return ok(stored);
    },
    readVisit: (visitId) => selectVisit.all(visitId) as StoredEvent[],
    foldVisit: (visitId) => foldStored(visitId),
    refold(visitIds, fromLog = false) {
      // Sync calls this for every page it pulls: a visit whose new events all sort after what was folded (another
      // desk's events arriving in sequence) folds only those onto its kept fold or snapshot, and the tables are
      // rewritten only where it changed. Anything else (an event sorting earlier, a void) is folded from the log and
      // snapshotted afresh, so the next page finds a snapshot that holds.
      const done = new Map<string, FoldedVisit>();
      sqlite.transaction(() => {
        for (const visitId of visitIds) {
          const { fold, from } = fromLog
            ? { fold: foldStored(visitId), from: undefined }
            : currentFold(visitId, false);
          project(visitId, fold, from, !from);
          done.set(visitId, fold);
        }
      })();
      for (const [visitId, f] of done) remember(visitId, f);
    },
    onAppended(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    notify(events) {
      for (const l of listeners) {
        try {
          l(events);
        } catch {
          // A failing subscriber (a closed window) must not undo or block a committed append.
        }
      }
    },
    chainHead,
  };
  return store;
}

import { appendSecurityEntry } from "../audit/security-log.js";
import {
  deviceChainHead,
  deviceHoldsHash,
  eventIdAtSeq,
  eventsSequencedBetween,
  forgetSequencesAfter,
  heldEvent,
  highestServerSeq,
  lastPosition,
  othersUnsequenced,
  pendingCount,
  pendingEvents,
  recordRejection,
  rejectedCount,
  setServerSeq,
  setServerSeqs,
} from "../db/desk-sync.js";
import { prepareEventInsert } from "../db/event-insert.js";
import type { StoredEvent } from "../db/event-store.js";
import type { ClinicDb } from "../db/open.js";
import { readMeta, writeMeta } from "../db/open.js";
import { conflictCount, parkedCount } from "../db/visit-conflicts.js";
import { eventHash } from "../domain/event-hash.js";
import { chainLinkProblem } from "./chain-link.js";
import { EMPTY_ROOT, nextRoot, openCheckpoint, parseVerifierKey } from "./checkpoint.js";
import type { PulledEvent, PushOutcome, WireEvent } from "./protocol.js";

// The desk's side of sync in its own SQLite file: which events wait to be pushed, the server sequences they were
// given, the events pulled from the other desks and the cursor, all through the one connection the app writes
// with. Pulled events are stored exactly as they came (same id, hash, chain link, origin device, times), so every
// desk of a clinic holds byte-identical events; the only change ever made to a stored event is recording its
// server sequence once, which the append-only trigger allows.

/** What enrolment leaves in app_meta. The token is this desk's secret; the server holds only its hash. */
export interface SyncSettings {
  serverUrl: string;
  token: string;
  clinicId: string;
  clinicName: string;
  caFile: string | null;
}

const settingKeys = {
  serverUrl: "sync.serverUrl",
  token: "sync.token",
  clinicId: "sync.clinicId",
  clinicName: "sync.clinicName",
  caFile: "sync.caFile",
} as const;

/** The server's pinned checkpoint key, the newest checkpoint this desk verified, and its own running hash. */
export const checkpointKeys = {
  serverKey: "sync.serverKey",
  checkpoint: "sync.checkpoint",
  root: "sync.checkpointRoot",
  /** size:hash of the running hash of the events held here, sequences 1..size, as far as they run without a gap. */
  held: "sync.heldRoot",
} as const;

export const cursorKeys = { events: "sync.eventCursor", records: "sync.recordCursor" } as const;
export type Stream = keyof typeof cursorKeys;

/** Set while a server restore left other desks' events here without a sequence (serverRestored), else empty. */
const othersWaitingKey = "sync.othersUnsequenced";

export function readSyncSettings(db: ClinicDb): SyncSettings | null {
  const serverUrl = readMeta(db.sqlite, settingKeys.serverUrl);
  const token = readMeta(db.sqlite, settingKeys.token);
  const clinicId = readMeta(db.sqlite, settingKeys.clinicId);
  if (!serverUrl || !token || !clinicId) return null;
  return {
    serverUrl,
    token,
    clinicId,
    clinicName: readMeta(db.sqlite, settingKeys.clinicName) ?? clinicId,
    caFile: readMeta(db.sqlite, settingKeys.caFile) || null,
  };
}

export function writeSyncSettings(db: ClinicDb, s: SyncSettings): void {
  db.sqlite.transaction(() => {
    writeMeta(db.sqlite, settingKeys.serverUrl, s.serverUrl);
    writeMeta(db.sqlite, settingKeys.token, s.token);
    writeMeta(db.sqlite, settingKeys.clinicId, s.clinicId);
    writeMeta(db.sqlite, settingKeys.clinicName, s.clinicName);
    writeMeta(db.sqlite, settingKeys.caFile, s.caFile ?? "");
  })();
}

export const toWireEvent = (r: StoredEvent): WireEvent => ({
  id: r.id,
  visitId: r.visitId,
  eventType: r.eventType,
  description: r.description,
  metadata: r.metadata,
  performedBy: r.performedBy,
  performedAt: r.performedAt,
  deviceId: r.deviceId,
  schemaVersion: r.schemaVersion,
  recordedAt: r.recordedAt,
  prevHash: r.prevHash,
  hash: r.hash,
});

/** A pulled batch disagreed with what this desk holds; nothing of the batch was stored. */
export class PulledEventRefused extends Error {
  readonly code = "PULLED_EVENT_REFUSED";
}

export interface DeskSyncStore {
  /** Pending events stored after position `after` (0: from the first). */
  pendingEvents(limit: number, after?: number): StoredEvent[];
  /** The position of the latest event stored here (0 when none): a round's boundary for the events it pushes. */
  lastPosition(): number;
  pendingCount(): number;
  rejectedCount(): number;
  /** Events the fold refused at their place once the desks' histories met: for a person to resolve. */
  conflictCount(): number;
  /** Events this build cannot read (a newer app's); kept, and folded after an upgrade. */
  parkedCount(): number;
  /** Records the server's answers for a pushed batch in one transaction: sequences, and flags on rejections. */
  recordPushResults(results: readonly PushOutcome[], now: Date): { sequenced: number; rejected: number };
  cursor(stream: Stream): number;
  setCursor(stream: Stream, value: number): void;
  /**
   * Stores a pulled batch in one transaction: new events inserted (ignored when the id is held), own events whose
   * push answer was lost given their sequence, the cursor moved, and the touched visits re-folded. Returns the new
   * rows for subscribers.
   */
  storePulledEvents(
    events: readonly PulledEvent[],
    cursor: number,
    checkpoint?: string | null,
  ): StoredEvent[];
  /** The highest server sequence held here (0 when none). */
  highestServerSeq(): number;
  /** The id of the event held here at a server sequence, if any. */
  eventIdAtSeq(seq: number): string | null;
  /**
   * The server's log agrees with this desk's only up to `head`, and this desk holds sequences past it: the server
   * was restored from an older backup. In one transaction the desk forgets every sequence past `head` (its own events
   * among them become pending, to be pushed again; other desks' wait for their desk to push them again and get
   * their new sequence when pulled), pulls again from `head`, drops the checkpoint of the lost log, re-folds the
   * visits whose order changed and writes a security-log entry. Null when no sequence held here is past `head`.
   */
  serverRestored(head: number, now: Date): { own: number; others: number; held: number } | null;
}

export function createDeskSyncStore(db: ClinicDb): DeskSyncStore {
  const s = db.sqlite;
  const insert = prepareEventInsert(s, { ifNew: true });
  const readCursor = (stream: Stream) => Number(readMeta(s, cursorKeys[stream]) ?? 0);

  const recordPush = s.transaction((results: readonly PushOutcome[], now: Date) => {
    const answers: [string, number][] = [];
    let rejected = 0;
    for (const r of results) {
      if (r.status === "rejected") {
        if (r.id === null) continue;
        recordRejection(db, {
          eventId: r.id,
          code: r.code,
          message: r.reason,
          rejectedAt: now.toISOString(),
        });
        rejected += 1;
      } else {
        answers.push([r.id, r.seq]);
      }
    }
    const sequenced = setServerSeqs(db, answers);
    // Other desks' events still without a sequence (the server was restored and they wait to be pushed again) sort
    // after the ones just sequenced: the order of these visits moved, and they are folded again from the log.
    if (sequenced > 0 && readMeta(s, othersWaitingKey)) {
      if (othersUnsequenced(db))
        db.events.refold(new Set(answers.flatMap(([id]) => heldEvent(db, id)?.visitId ?? [])), true);
      else writeMeta(s, othersWaitingKey, "");
    }
    return { sequenced, rejected };
  });

  const storePulled = s.transaction((events: readonly PulledEvent[], cursor: number): StoredEvent[] => {
    const added: StoredEvent[] = [];
    const touched = new Set<string>();
    // Visits where an event held here got its sequence: its place in the canonical order may have moved.
    const resequenced = new Set<string>();
    // Where each device's chain ends here, read once per batch and moved along as the batch's events are stored.
    const heads = new Map<string, string | null>();
    const headOf = (deviceId: string): string | null => {
      let head = heads.get(deviceId);
      if (head === undefined) {
        head = deviceChainHead(db, deviceId);
        heads.set(deviceId, head);
      }
      return head;
    };
    for (const e of events) {
      if (eventHash(e) !== e.hash)
        throw new PulledEventRefused(
          `The server sent event ${e.id} with a hash that does not match its content.`,
        );
      // The server checks chains on push; a desk checks again so that no server can leave a broken chain here. An
      // event this desk already holds (its own, or one pulled before) is judged by what is held instead.
      const head = headOf(e.deviceId);
      let mine = e.prevHash === head ? undefined : heldEvent(db, e.id);
      if (e.prevHash !== head && !mine) {
        const broken = chainLinkProblem(e, head, (hash) => deviceHoldsHash(db, e.deviceId, hash));
        if (broken) throw new PulledEventRefused(`The server sent a broken chain. ${broken.reason}`);
      }
      if (!mine) {
        // One object per event, stored and handed to subscribers: copies of a page of events added up.
        const row: StoredEvent = {
          position: 0,
          id: e.id,
          visitId: e.visitId,
          eventType: e.eventType,
          description: e.description,
          metadata: e.metadata,
          performedBy: e.performedBy,
          performedAt: e.performedAt,
          deviceId: e.deviceId,
          serverSeq: e.seq,
          schemaVersion: e.schemaVersion,
          recordedAt: e.recordedAt,
          prevHash: e.prevHash,
          hash: e.hash,
        };
        const info = insert(row);
        if (info.changes === 1) {
          row.position = Number(info.lastInsertRowid);
          added.push(row);
          touched.add(e.visitId);
          heads.set(e.deviceId, e.hash);
          continue;
        }
        mine = heldEvent(db, e.id);
      }
      if (!mine) throw new PulledEventRefused(`Event ${e.id} from the server could not be stored here.`);
      if (mine.hash !== e.hash)
        throw new PulledEventRefused(`Event ${e.id} from the server differs from the one this desk holds.`);
      if (mine.serverSeq === null) {
        // Pushed earlier but the answer never arrived, or numbered again by a restored server: the pull tells us the
        // sequence it was given.
        setServerSeq(db, e.id, e.seq);
        resequenced.add(e.visitId);
      } else if (mine.serverSeq !== e.seq) {
        throw new PulledEventRefused(
          `Event ${e.id} is at sequence ${e.seq} on the server but ${mine.serverSeq} here; was the server restored from an older backup?`,
        );
      }
    }
    writeMeta(s, cursorKeys.events, String(cursor));
    for (const visitId of resequenced) touched.delete(visitId);
    db.events.refold(touched);
    db.events.refold(resequenced, true);
    return added;
  });

  const readRoot = (key: string): { size: number; root: string } | null => {
    const [size, root] = (readMeta(s, key) ?? "").split(":");
    return root ? { size: Number(size), root } : null;
  };

  /**
   * Keeps a pulled checkpoint once this desk holds every event it covers: its signature must be the pinned
   * server key's and its root this desk's own running hash of those events. Either failing refuses the batch.
   * The running hash is carried forward as events arrive (checkpointKeys.held), so each pulled page hashes only
   * its own events, not the whole log again.
   */
  const keepCheckpoint = (note: string) => {
    const pinned = readMeta(s, checkpointKeys.serverKey);
    const key = pinned ? parseVerifierKey(pinned) : null;
    if (!key) return;
    const opened = openCheckpoint(note, key);
    if (!opened.ok)
      throw new PulledEventRefused(`The server's checkpoint cannot be trusted: ${opened.problem}.`);
    const cp = opened.checkpoint;
    const verified = readRoot(checkpointKeys.root) ?? { size: 0, root: EMPTY_ROOT };
    if (cp.size < verified.size) return; // older than what this desk already checked
    // From the furthest point known at or before the checkpoint: the running hash, else the last kept checkpoint.
    const held = readRoot(checkpointKeys.held);
    const from = held && held.size >= verified.size && held.size <= cp.size ? held : verified;
    let { size, root } = from;
    for (const e of eventsSequencedBetween(db, size, cp.size)) {
      if (e.serverSeq !== size + 1) break; // a gap: not every covered event is here yet
      root = nextRoot(root, e.hash);
      size = e.serverSeq;
    }
    if (size > (held?.size ?? 0)) writeMeta(s, checkpointKeys.held, `${size}:${root}`);
    if (size !== cp.size) return;
    if (root !== cp.root)
      throw new PulledEventRefused(
        `The server signed a checkpoint of ${cp.size} events whose hash is not the one of the events this desk holds: the server's log is not the one it gave this desk.`,
      );
    writeMeta(s, checkpointKeys.root, `${size}:${root}`);
    writeMeta(s, checkpointKeys.checkpoint, note);
  };

  /** The running hash of the events sequenced 1..head held here, from the last verified root at or before it. */
  const rootUpTo = (head: number, from: { size: number; root: string }) => {
    let { size, root } = from;
    for (const e of eventsSequencedBetween(db, size, head)) {
      if (e.serverSeq !== size + 1) break;
      root = nextRoot(root, e.hash);
      size = e.serverSeq;
    }
    return { size, root };
  };

  const serverRestored = s.transaction((head: number, now: Date) => {
    const held = highestServerSeq(db);
    if (head >= held) return null;
    const { visitIds, own, others } = forgetSequencesAfter(db, head);
    if (others > 0) writeMeta(s, othersWaitingKey, "1");
    if (readCursor("events") > head) writeMeta(s, cursorKeys.events, String(head));
    // The kept checkpoint signs a log the server no longer has: it is dropped, and the running hash goes back to
    // the restored log's end, from which the restored server's next checkpoint is checked.
    const verified = readRoot(checkpointKeys.root);
    const start = verified && verified.size <= head ? verified : { size: 0, root: EMPTY_ROOT };
    if (!verified || verified.size > head) {
      writeMeta(s, checkpointKeys.root, "");
      writeMeta(s, checkpointKeys.checkpoint, "");
    }
    const running = rootUpTo(head, start);
    writeMeta(s, checkpointKeys.held, `${running.size}:${running.root}`);
    appendSecurityEntry(
      s,
      db.deviceId,
      db.newId,
      {
        action: "sync_server_restored",
        outcome: "ok",
        staffId: null,
        username: null,
        detail: { agreedUpTo: head, heldUpTo: held, ownToSendAgain: own, othersToWaitFor: others },
      },
      now,
    );
    db.events.refold(visitIds, true);
    return { own, others, held };
  });

  return {
    highestServerSeq: () => highestServerSeq(db),
    eventIdAtSeq: (seq) => eventIdAtSeq(db, seq),
    serverRestored: (head, now) => serverRestored.immediate(head, now),
    pendingEvents: (limit, after) => pendingEvents(db, limit, after),
    lastPosition: () => lastPosition(db),
    pendingCount: () => pendingCount(db),
    rejectedCount: () => rejectedCount(db),
    conflictCount: () => conflictCount(db),
    parkedCount: () => parkedCount(db),
    recordPushResults: (results, now) => recordPush.immediate(results, now),
    cursor: readCursor,
    setCursor: (stream, value) => writeMeta(s, cursorKeys[stream], String(value)),
    storePulledEvents: (events, cursor, checkpoint) =>
      s
        .transaction(() => {
          const added = storePulled(events, cursor);
          if (checkpoint) keepCheckpoint(checkpoint);
          return added;
        })
        .immediate(),
  };
}

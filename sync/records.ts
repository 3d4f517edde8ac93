import type { KeyObject } from "node:crypto";
import { appendSecurityEntry } from "../audit/security-log.js";
import type { ClinicDb } from "../db/open.js";
import { writeMeta } from "../db/open.js";
import { kindsOfSynced, type RecordKind } from "../db/record-changes.js";
import {
  dropQueuedChange,
  hasSyncedStaff,
  markedRecords,
  pendingFieldsText,
  queueChange,
  queuedChanges,
  type RecordRow,
  recordRow,
  syncedFieldsText,
  unmarkRecord,
  upsertRecordRow,
  waitingChangeCount,
  writeSyncedFields,
} from "../db/record-sync.js";
import { type AuthorityView, judgeChange, type Proof, type Signer, signChange } from "./authority.js";
import { cursorKeys } from "./desk-store.js";
import type { PulledRecord, RecordOutcome, WireRecord } from "./protocol.js";
import { changedFields, type Fields, recordTables, shapeOf, signedKinds } from "./record-shapes.js";

// Record sync: staff, patients and clinic settings are records, not events, yet every desk needs them. A local
// insert or update marks the record in record_outbox (triggers); the change is then captured as the fields that
// differ from what the desk last knew (record_synced plus its own pending changes), signed by the person who made it
// when the kind needs authority (sync/authority.ts), and queued in record_changes. The server orders changes in the
// clinic's record stream; every desk applies the stream per field: a field takes the value of the latest change in
// the server's order, unless this desk has its own change of that field pending, which the server will order later
// still. So no desk's clock decides anything, and two desks editing different fields both keep their edit.
// Columns are taken from the table itself, so a column added later syncs without a change here.

export { recordTables };

type Row = RecordRow;
/** Per field: the value and the server sequence that set it. MADE_AT is the latest change's own time. */
type Synced = Record<string, [unknown, number]>;
const MADE_AT = "@madeAt";

/** A person able to sign: a signed-in member of staff whose key was unsealed with their password. */
export interface ChangeSigner {
  staffId: string;
  key: KeyObject;
}

const sqlValue = (v: unknown): string | number | bigint | null | Buffer => {
  if (v === null || v === undefined) return null;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "string" || typeof v === "number" || typeof v === "bigint") return v;
  return JSON.stringify(v);
};

export interface RecordSync {
  /** Changes made here and not yet accepted by the server, as the server wants them. */
  outbox(limit: number): WireRecord[];
  outboxCount(): number;
  /** After the server answered pushed changes: accepted ones join the synced state, refused ones are undone. */
  pushed(records: readonly WireRecord[], results: readonly RecordOutcome[]): string[];
  /** Applies a pulled batch in the server's order and moves the cursor, in one transaction. */
  apply(records: readonly PulledRecord[], cursor: number): { applied: number; problems: string[] };
}

const tables = Object.values(recordTables);
const rowOf = (db: ClinicDb, kind: string, id: string): Row | undefined => {
  const table = recordTables[kind];
  return table ? recordRow(db, tables, table, id) : undefined;
};

const readSynced = (db: ClinicDb, kind: string, id: string): Synced => {
  const text = syncedFieldsText(db, kind, id);
  return typeof text === "string" ? (JSON.parse(text) as Synced) : {};
};

const pendingFields = (db: ClinicDb, kind: string, id: string): Fields[] =>
  pendingFieldsText(db, kind, id).map((t) => JSON.parse(t) as Fields);

/** What this desk expects the record to be once its pending changes are applied: the base of the next change. */
function expected(db: ClinicDb, kind: string, id: string): Fields {
  const out: Fields = {};
  for (const [f, [v]] of Object.entries(readSynced(db, kind, id))) if (f !== MADE_AT) out[f] = v;
  for (const change of pendingFields(db, kind, id)) Object.assign(out, change);
  return out;
}

/**
 * Turns this desk's marked records into queued changes: the fields that differ from what the desk expects. A change
 * of a kind that needs authority is queued only with a signer (the handler that made it passes one); without one it
 * stays on this desk (seed data, an older build's edits) and is not sent. Returns how many changes were queued.
 */
export function captureRecordChanges(db: ClinicDb, signer: ChangeSigner | null, now = new Date()): number {
  // Staff first: a new administrator's own record must be ordered before the settings they sign.
  const marks = markedRecords(db);
  let queued = 0;
  db.sqlite.transaction(() => {
    for (const m of marks) {
      const row = rowOf(db, m.kind, m.id);
      const needsSigner = signedKinds.has(m.kind);
      if (!row || (needsSigner && !signer)) {
        unmarkRecord(db, m.kind, m.id);
        continue;
      }
      const fields = changedFields(expected(db, m.kind, m.id), shapeOf(m.kind, m.id).toFields(row));
      unmarkRecord(db, m.kind, m.id);
      if (!Object.keys(fields).length) continue;
      const changeId = `chg_${db.newId()}`;
      const proof: Proof | null =
        needsSigner && signer
          ? signChange({ kind: m.kind, id: m.id, changeId, fields }, signer.staffId, signer.key)
          : null;
      // The row's own time, so that every desk ends with the same updatedAt (it is shown, never used to order).
      const madeAt = typeof row.updatedAt === "string" ? row.updatedAt : now.toISOString();
      queueChange(db, {
        changeId,
        kind: m.kind,
        id: m.id,
        fields: JSON.stringify(fields),
        proof: proof && JSON.stringify(proof),
        madeAt,
      });
      queued += 1;
    }
  })();
  return queued;
}

/** The staff state in the server's order as this desk holds it, for judging pulled changes. */
function deskAuthority(db: ClinicDb): AuthorityView {
  return {
    signer(staffId) {
      const text = syncedFieldsText(db, "staff", staffId);
      if (typeof text !== "string") return null;
      const f = JSON.parse(text) as Synced;
      const signer: Signer = {
        role: typeof f.role?.[0] === "string" ? (f.role[0] as string) : null,
        active: f.active?.[0] === 1 || f.active?.[0] === true,
        publicKey: typeof f.publicKey?.[0] === "string" ? (f.publicKey[0] as string) : null,
      };
      return signer;
    },
    hasStaff: () => hasSyncedStaff(db),
  };
}

export function createRecordSync(db: ClinicDb): RecordSync {
  const s = db.sqlite;

  /** Merges a change the server ordered at `seq` into the synced state; returns the fields it moved. */
  const mergeSynced = (kind: string, id: string, fields: Fields, seq: number, madeAt: string): string[] => {
    const synced = readSynced(db, kind, id);
    const moved: string[] = [];
    for (const [f, v] of Object.entries(fields)) {
      const held = synced[f];
      if (f === MADE_AT || (held && held[1] >= seq)) continue;
      synced[f] = [v ?? null, seq];
      moved.push(f);
    }
    if (moved.length && (synced[MADE_AT]?.[1] ?? 0) < seq) synced[MADE_AT] = [madeAt, seq];
    if (moved.length) writeSyncedFields(db, kind, id, JSON.stringify(synced));
    return moved;
  };

  const upsert = (table: string, data: Record<string, unknown>) =>
    upsertRecordRow(
      db,
      tables,
      table,
      Object.fromEntries(Object.entries(data).map(([c, v]) => [c, sqlValue(v)])),
    );

  /** Sets the named fields of the local row to their synced values (creating the row from the synced state). */
  const writeFromSynced = s.transaction((kind: string, id: string, names: readonly string[]) => {
    const synced = readSynced(db, kind, id);
    const shape = shapeOf(kind, id);
    const row = rowOf(db, kind, id);
    if (row && !names.length) return;
    const fields: Fields = row ? shape.toFields(row) : {};
    for (const f of row ? names : Object.keys(synced).filter((k) => k !== MADE_AT))
      fields[f] = synced[f]?.[0] ?? null;
    // The latest change's own time: the same on every desk (shown to people, never used to order).
    const madeAt = synced[MADE_AT]?.[0];
    upsert(recordTables[kind] as string, {
      ...shape.toColumns(fields),
      id,
      updatedAt: typeof madeAt === "string" ? madeAt : new Date().toISOString(),
    });
    unmarkRecord(db, kind, id); // our own write, not a local change
  });

  const apply = s.transaction((records: readonly PulledRecord[], cursor: number) => {
    // Local edits of records become pending changes first: the fields they touch are this desk's to push.
    captureRecordChanges(db, null);
    const view = deskAuthority(db);
    let applied = 0;
    const problems: string[] = [];
    const changed: RecordKind[] = [];
    for (const r of records) {
      if (!recordTables[r.kind]) continue;
      const verdict = judgeChange(r, view);
      if (!verdict.ok) {
        problems.push(`The server sent a ${r.kind} change this desk refuses: ${verdict.reason}`);
        appendSecurityEntry(s, db.deviceId, db.newId, {
          action: "record_change_refused",
          outcome: "failed",
          staffId: r.proof?.by ?? null,
          username: null,
          detail: {
            kind: r.kind,
            id: r.id,
            changeId: r.changeId,
            seq: r.seq,
            code: verdict.code,
            from: r.deviceId,
          },
        });
        continue;
      }
      const moved = mergeSynced(r.kind, r.id, r.fields, r.seq, r.madeAt);
      if (!moved.length) continue;
      const dirty = new Set(pendingFields(db, r.kind, r.id).flatMap((f) => Object.keys(f)));
      try {
        writeFromSynced(
          r.kind,
          r.id,
          moved.filter((f) => !dirty.has(f)),
        ); // a savepoint: one record that cannot be stored leaves the others (and its synced state)
        applied += 1;
        changed.push(...(kindsOfSynced[r.kind] ?? []));
      } catch (err) {
        problems.push(
          `The ${r.kind} record ${r.id} from the server could not be stored: ${(err as Error).message}`,
        );
      }
    }
    writeMeta(s, cursorKeys.records, String(cursor));
    return { applied, problems, changed };
  });

  return {
    outbox(limit) {
      captureRecordChanges(db, null);
      return queuedChanges(db, limit).map((c) => ({
        kind: c.kind,
        id: c.id,
        changeId: c.changeId,
        fields: JSON.parse(c.fields) as Fields,
        madeAt: c.madeAt,
        proof: c.proof === null ? null : (JSON.parse(c.proof) as Proof),
      }));
    },
    outboxCount: () => waitingChangeCount(db),
    pushed: s.transaction((records: readonly WireRecord[], results: readonly RecordOutcome[]) => {
      const problems: string[] = [];
      records.forEach((r, i) => {
        const result = results[i];
        if (!result) return;
        dropQueuedChange(db, r.changeId);
        if (result.status === "rejected") {
          // Refused for good (a change nobody here had the right to make): undo it locally, back to what the
          // server holds, keeping the fields another pending change of this desk still sets.
          // A field the server never had stays as it is here: there is nothing to go back to.
          const still = new Set(pendingFields(db, r.kind, r.id).flatMap((f) => Object.keys(f)));
          const known = readSynced(db, r.kind, r.id);
          const back = Object.keys(r.fields).filter((f) => !still.has(f) && Object.hasOwn(known, f));
          if (back.length)
            try {
              writeFromSynced(r.kind, r.id, back);
            } catch {
              // The local row stays as it is; the problem below says why it differs.
            }
          problems.push(`The server refused the ${r.kind} change of ${r.id}: ${result.reason}`);
          return;
        }
        mergeSynced(r.kind, r.id, r.fields, result.seq, r.madeAt);
      });
      return problems;
    }),
    apply(records, cursor) {
      const { changed, ...result } = apply.immediate(records, cursor);
      // After the commit: the windows of this desk show what another desk changed.
      db.recordChanges.notify(changed);
      return result;
    },
  };
}

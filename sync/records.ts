import type Database from "better-sqlite3";
import type { ClinicDb } from "../db/open.js";
import { kindsOfSynced, type RecordKind } from "../db/record-changes.js";
import { cursorKeys } from "./desk-store.js";
import type { PulledRecord, RecordOutcome, WireRecord } from "./protocol.js";

// Record sync: staff and patients are records, not events, yet every desk needs them (a visit names its patient,
// an event names who performed it). Each local insert or update marks the record in record_outbox (triggers); the
// job pushes the whole row; the server appends it to the clinic's record stream; every desk pulls the stream and
// keeps, per record, the version with the greatest (updatedAt, deviceId): the last writer wins, the same on every
// desk whatever order the versions arrive in. Columns are taken from the table itself, so a column added later
// syncs without a change here.

/** Record kinds this build syncs, and the table each lives in (keyed by `id`). Kinds it does not know are skipped. */
export const recordTables: Readonly<Record<string, string>> = {
  staff: "staff",
  patient: "patients",
  setting: "clinic_settings",
};

interface Version {
  updatedAt: string;
  deviceId: string;
}

const newer = (a: Version, b: Version) =>
  a.updatedAt > b.updatedAt || (a.updatedAt === b.updatedAt && a.deviceId > b.deviceId);

type Row = Record<string, unknown> & { id: string; updatedAt: string };

const sqlValue = (v: unknown): string | number | bigint | null | Buffer => {
  if (v === null || v === undefined) return null;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "string" || typeof v === "number" || typeof v === "bigint") return v;
  return JSON.stringify(v);
};

export interface RecordSync {
  /** Records changed here and not yet pushed, as the server wants them. */
  outbox(limit: number): WireRecord[];
  outboxCount(): number;
  /** After the server stored pushed records: unmark those not changed again meanwhile, note the version held. */
  pushed(records: readonly WireRecord[], results: readonly RecordOutcome[]): string[];
  /** Applies a pulled batch (last writer wins) and moves the cursor, in one transaction. Returns what it skipped. */
  apply(records: readonly PulledRecord[], cursor: number): { applied: number; problems: string[] };
}

export function createRecordSync(db: ClinicDb): RecordSync {
  const s = db.sqlite;
  const columns = new Map<string, Set<string>>();
  for (const table of Object.values(recordTables))
    columns.set(table, new Set((s.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name)));
  const rowOf = (kind: string, id: string): Row | undefined =>
    s.prepare(`SELECT * FROM ${recordTables[kind]} WHERE id = ?`).get(id) as Row | undefined;
  const outboxRows = s.prepare("SELECT kind, id FROM record_outbox ORDER BY kind, id LIMIT ?");
  const outboxCount = s.prepare("SELECT COUNT(*) FROM record_outbox").pluck();
  const inOutbox = s.prepare("SELECT 1 FROM record_outbox WHERE kind = ? AND id = ?").pluck();
  const unmark = s.prepare("DELETE FROM record_outbox WHERE kind = ? AND id = ?");
  const versionOf = s.prepare("SELECT updatedAt, deviceId FROM record_versions WHERE kind = ? AND id = ?");
  const setVersion =
    s.prepare(`INSERT INTO record_versions (kind, id, updatedAt, deviceId) VALUES (?, ?, ?, ?)
    ON CONFLICT(kind, id) DO UPDATE SET updatedAt = excluded.updatedAt, deviceId = excluded.deviceId`);
  const upserts = new Map<string, Database.Statement>();

  const heldVersion = (kind: string, id: string): Version | null => {
    const row = rowOf(kind, id);
    if (row && inOutbox.get(kind, id)) return { updatedAt: row.updatedAt, deviceId: db.deviceId };
    const v = versionOf.get(kind, id) as Version | undefined;
    if (v) return v;
    return row ? { updatedAt: row.updatedAt, deviceId: db.deviceId } : null;
  };

  const upsert = (table: string, data: Record<string, unknown>) => {
    const known = columns.get(table) as Set<string>;
    const cols = Object.keys(data)
      .filter((c) => known.has(c))
      .sort();
    const sql = `INSERT INTO ${table} (${cols.map((c) => `"${c}"`).join(", ")}) VALUES (${cols.map(() => "?").join(", ")})
      ON CONFLICT(id) DO UPDATE SET ${cols
        .filter((c) => c !== "id")
        .map((c) => `"${c}" = excluded."${c}"`)
        .join(", ")}`;
    let stmt = upserts.get(sql);
    if (!stmt) {
      stmt = s.prepare(sql);
      upserts.set(sql, stmt);
    }
    stmt.run(...cols.map((c) => sqlValue(data[c])));
  };

  const applyOne = s.transaction((r: PulledRecord) => {
    upsert(recordTables[r.kind] as string, { ...r.data, id: r.id, updatedAt: r.updatedAt });
    unmark.run(r.kind, r.id);
    setVersion.run(r.kind, r.id, r.updatedAt, r.deviceId);
  });

  const apply = s.transaction((records: readonly PulledRecord[], cursor: number) => {
    let applied = 0;
    const problems: string[] = [];
    const changed: RecordKind[] = [];
    for (const r of records) {
      if (!recordTables[r.kind]) continue;
      const held = heldVersion(r.kind, r.id);
      if (held && !newer(r, held)) continue;
      try {
        applyOne(r); // a savepoint: one record that cannot be stored leaves the others
        applied += 1;
        changed.push(...(kindsOfSynced[r.kind] ?? []));
      } catch (err) {
        problems.push(
          `The ${r.kind} record ${r.id} from the server could not be stored: ${(err as Error).message}`,
        );
      }
    }
    s.prepare("INSERT OR REPLACE INTO app_meta (key, value) VALUES (?, ?)").run(
      cursorKeys.records,
      String(cursor),
    );
    return { applied, problems, changed };
  });

  return {
    outbox(limit) {
      const marks = outboxRows.all(limit) as { kind: string; id: string }[];
      const out: WireRecord[] = [];
      for (const m of marks) {
        const row = recordTables[m.kind] ? rowOf(m.kind, m.id) : undefined;
        if (!row) {
          unmark.run(m.kind, m.id);
          continue;
        }
        out.push({ kind: m.kind, id: m.id, updatedAt: row.updatedAt, data: { ...row } });
      }
      return out;
    },
    outboxCount: () => outboxCount.get() as number,
    pushed: s.transaction((records: readonly WireRecord[], results: readonly RecordOutcome[]) => {
      const problems: string[] = [];
      records.forEach((r, i) => {
        const result = results[i];
        if (result?.status === "rejected") {
          // Sending it again would be refused again; the mark returns with the record's next change.
          unmark.run(r.kind, r.id);
          problems.push(`The server refused the ${r.kind} record ${r.id}: ${result.reason}`);
          return;
        }
        const now = rowOf(r.kind, r.id);
        // Changed again while the push was on the wire: keep the mark so the newer version goes next time.
        if (now && JSON.stringify(now) === JSON.stringify(r.data)) unmark.run(r.kind, r.id);
        setVersion.run(r.kind, r.id, r.updatedAt, db.deviceId);
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

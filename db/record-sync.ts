import type Database from "better-sqlite3";
import { and, asc, count, eq, notInArray, sql } from "drizzle-orm";
import type { ClinicDb } from "./open.js";
import { preparedOnce } from "./prepared.js";
import { recordChanges, recordOutbox, recordSynced } from "./schema.js";

// Record sync's bookkeeping (sync/records.ts decides what to send and how to merge): records marked changed by the
// triggers (record_outbox), changes queued for the server (record_changes), what the server's stream says of each
// record (record_synced), and the records' own rows. The rows are read and written column by column as the table
// has them, so a column added later syncs without a change here: those two statements are built from the table's
// own column list, the only SQL here that drizzle's typed tables cannot express.

/** A record's row as the table holds it, column name to stored value. */
export type RecordRow = Record<string, unknown> & { id: string };
export type QueuedChange = typeof recordChanges.$inferSelect;

const synced = preparedOnce((orm) =>
  orm
    .select({ fields: recordSynced.fields })
    .from(recordSynced)
    .where(and(eq(recordSynced.kind, sql.placeholder("kind")), eq(recordSynced.id, sql.placeholder("id"))))
    .prepare(),
);

/** The record's synced fields as JSON text, if the server's stream has said anything of it. */
export const syncedFieldsText = (db: ClinicDb, kind: string, id: string): string | undefined =>
  synced(db).get({ kind, id })?.fields;

const anyStaff = preparedOnce((orm) =>
  orm
    .select({ id: recordSynced.id })
    .from(recordSynced)
    .where(eq(recordSynced.kind, "staff"))
    .limit(1)
    .prepare(),
);

/** Whether the server's stream has given this desk any member of staff yet. */
export const hasSyncedStaff = (db: ClinicDb): boolean => anyStaff(db).get() !== undefined;

const putSynced = preparedOnce((orm) =>
  orm
    .insert(recordSynced)
    .values({ kind: sql.placeholder("kind"), id: sql.placeholder("id"), fields: sql.placeholder("fields") })
    .onConflictDoUpdate({
      target: [recordSynced.kind, recordSynced.id],
      set: { fields: sql`excluded.fields` },
    })
    .prepare(),
);

export const writeSyncedFields = (db: ClinicDb, kind: string, id: string, fields: string): void => {
  putSynced(db).run({ kind, id, fields });
};

const pendingOfRecord = preparedOnce((orm) =>
  orm
    .select({ fields: recordChanges.fields })
    .from(recordChanges)
    .where(and(eq(recordChanges.kind, sql.placeholder("kind")), eq(recordChanges.id, sql.placeholder("id"))))
    .orderBy(asc(recordChanges.position))
    .prepare(),
);

/** The record's changes queued here and not yet accepted, oldest first, as JSON text. */
export const pendingFieldsText = (db: ClinicDb, kind: string, id: string): string[] =>
  pendingOfRecord(db)
    .all({ kind, id })
    .map((c) => c.fields);

const marks = preparedOnce((orm) =>
  orm
    .select({ kind: recordOutbox.kind, id: recordOutbox.id })
    .from(recordOutbox)
    .orderBy(
      sql`CASE ${recordOutbox.kind} WHEN 'staff' THEN 0 ELSE 1 END`,
      asc(recordOutbox.kind),
      asc(recordOutbox.id),
    )
    .prepare(),
);

/** Records the triggers marked changed, staff first: a new administrator's record goes before what they sign. */
export const markedRecords = (db: ClinicDb) => marks(db).all();

const unmark = preparedOnce((orm) =>
  orm
    .delete(recordOutbox)
    .where(and(eq(recordOutbox.kind, sql.placeholder("kind")), eq(recordOutbox.id, sql.placeholder("id"))))
    .prepare(),
);

export const unmarkRecord = (db: ClinicDb, kind: string, id: string): void => {
  unmark(db).run({ kind, id });
};

export const queueChange = (
  db: ClinicDb,
  change: Omit<typeof recordChanges.$inferInsert, "position">,
): void => {
  db.orm.insert(recordChanges).values(change).run();
};

const queued = preparedOnce((orm) =>
  orm
    .select()
    .from(recordChanges)
    .orderBy(asc(recordChanges.position))
    .limit(sql.placeholder("limit"))
    .prepare(),
);

/** The changes waiting for the server, in the order they were made. */
export const queuedChanges = (db: ClinicDb, limit: number): QueuedChange[] => queued(db).all({ limit });

const queuedCount = preparedOnce((orm) => orm.select({ n: count() }).from(recordChanges).prepare());
const unsignedMarks = preparedOnce((orm) =>
  orm
    .select({ n: count() })
    .from(recordOutbox)
    .where(notInArray(recordOutbox.kind, ["staff", "setting"]))
    .prepare(),
);

/** Changes waiting to be pushed: those queued, and marked records of kinds that need no signature. */
export const waitingChangeCount = (db: ClinicDb): number =>
  (queuedCount(db).get()?.n ?? 0) + (unsignedMarks(db).get()?.n ?? 0);

const drop = preparedOnce((orm) =>
  orm
    .delete(recordChanges)
    .where(eq(recordChanges.changeId, sql.placeholder("changeId")))
    .prepare(),
);

export const dropQueuedChange = (db: ClinicDb, changeId: string): void => {
  drop(db).run({ changeId });
};

interface RowStatements {
  columns: Map<string, Set<string>>;
  byId: Map<string, Database.Statement>;
  upserts: Map<string, Database.Statement>;
}
const rowStatements = new WeakMap<Database.Database, RowStatements>();

function rowStatementsOf(db: ClinicDb, tables: readonly string[]): RowStatements {
  let st = rowStatements.get(db.sqlite);
  if (!st) {
    const s = db.sqlite;
    const columns = new Map(
      tables.map((t) => [
        t,
        new Set((s.pragma(`table_info(${t})`) as { name: string }[]).map((c) => c.name)),
      ]),
    );
    const byId = new Map(tables.map((t) => [t, s.prepare(`SELECT * FROM ${t} WHERE id = ?`)]));
    st = { columns, byId, upserts: new Map() };
    rowStatements.set(db.sqlite, st);
  }
  return st;
}

/** A record's row, every column as stored. `tables` names the record tables (sync/record-shapes.ts). */
export const recordRow = (
  db: ClinicDb,
  tables: readonly string[],
  table: string,
  id: string,
): RecordRow | undefined => rowStatementsOf(db, tables).byId.get(table)?.get(id) as RecordRow | undefined;

/** Inserts or updates a record's row with the columns of `data` the table has; other keys are ignored. */
export function upsertRecordRow(
  db: ClinicDb,
  tables: readonly string[],
  table: string,
  data: Record<string, string | number | bigint | Buffer | null>,
): void {
  const st = rowStatementsOf(db, tables);
  const known = st.columns.get(table) ?? new Set<string>();
  const cols = Object.keys(data)
    .filter((c) => known.has(c))
    .sort();
  const text = `INSERT INTO ${table} (${cols.map((c) => `"${c}"`).join(", ")}) VALUES (${cols.map(() => "?").join(", ")})
    ON CONFLICT(id) DO UPDATE SET ${cols
      .filter((c) => c !== "id")
      .map((c) => `"${c}" = excluded."${c}"`)
      .join(", ")}`;
  let stmt = st.upserts.get(text);
  if (!stmt) {
    stmt = db.sqlite.prepare(text);
    st.upserts.set(text, stmt);
  }
  stmt.run(...cols.map((c) => data[c] ?? null));
}

import type Database from "better-sqlite3";
import type { visitEvents } from "./schema.js";

// The one INSERT of an event, shared by the desk's store (db/event-store.ts), the desk's sync (events pulled from
// the server) and the central server's SQLite storage, so the stored columns are named in one place. The server's
// table has the same columns under the clinic's id, with its sequence called `seq`.

/** An event's stored columns, as visit_events holds them (the local position is the file's to choose). */
export type EventRow = Omit<typeof visitEvents.$inferSelect, "position">;

export const EVENT_COLUMNS = [
  "id",
  "visitId",
  "eventType",
  "description",
  "metadata",
  "performedBy",
  "performedAt",
  "deviceId",
  "serverSeq",
  "schemaVersion",
  "recordedAt",
  "prevHash",
  "hash",
] as const satisfies readonly (keyof EventRow)[];

export interface EventInsertShape {
  /** Default visit_events. */
  table?: string;
  /** The name of the server-sequence column (the server's table calls it `seq`). */
  seqColumn?: string;
  /** Columns set before and after the event's own, given to each call in this order. */
  before?: readonly string[];
  after?: readonly string[];
  /** An id already held is left as it is (the call changes no row) instead of failing. */
  ifNew?: boolean;
}

export type InsertEvent = (
  row: EventRow,
  before?: readonly unknown[],
  after?: readonly unknown[],
) => Database.RunResult;

export function prepareEventInsert(sqlite: Database.Database, shape: EventInsertShape = {}): InsertEvent {
  const columns = [
    ...(shape.before ?? []),
    ...EVENT_COLUMNS.map((c) => (c === "serverSeq" ? (shape.seqColumn ?? c) : c)),
    ...(shape.after ?? []),
  ];
  const statement = sqlite.prepare(
    `INSERT INTO ${shape.table ?? "visit_events"} (${columns.join(", ")}) VALUES (${columns.map(() => "?").join(", ")})${
      shape.ifNew ? " ON CONFLICT(id) DO NOTHING" : ""
    }`,
  );
  // Positional parameters in a fixed order: binding by name costs a property lookup per column per row.
  return (r, before = [], after = []) =>
    statement.run(
      ...before,
      r.id,
      r.visitId,
      r.eventType,
      r.description,
      r.metadata,
      r.performedBy,
      r.performedAt,
      r.deviceId,
      r.serverSeq,
      r.schemaVersion,
      r.recordedAt,
      r.prevHash,
      r.hash,
      ...after,
    );
}

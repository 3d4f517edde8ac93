import type { ClinicDb } from "../../../db/open.js";

// What must be identical on every desk of a clinic once sync has delivered everything: the events exactly as stored
// (everything but the local position), the read models, and the synced records.

const readModels: Record<string, string> = {
  visits: "id",
  bills: "visitId, billId",
  test_orders: "visitId, testOrderId",
  follow_ups: "visitId, followUpId",
  visit_conflicts: "eventId",
  staff: "id",
  patients: "id",
};

export interface DeskState {
  events: Record<string, unknown>[];
  tables: Record<string, Record<string, unknown>[]>;
}

export function readDeskState(db: ClinicDb): DeskState {
  const events = db.sqlite
    .prepare(
      `SELECT id, visitId, eventType, description, metadata, performedBy, performedAt, deviceId, serverSeq,
        schemaVersion, recordedAt, prevHash, hash FROM visit_events ORDER BY serverSeq IS NULL, serverSeq, id`,
    )
    .all() as Record<string, unknown>[];
  const tables: DeskState["tables"] = {};
  for (const [table, key] of Object.entries(readModels))
    tables[table] = db.sqlite.prepare(`SELECT * FROM ${table} ORDER BY ${key}`).all() as Record<
      string,
      unknown
    >[];
  return { events, tables };
}

import type { ClinicDb } from "./open.js";
import { statement } from "./statements.js";
import { getVisitTimeline } from "./visit-events.js";

// The entries the fold left out of a visit, as its projection recorded them in visit_conflicts: conflicts waiting
// for a person, and events parked because a newer version of the app recorded them.

export interface HeldEntry {
  eventId: string;
  visitId: string;
  eventType: string;
  kind: "conflict" | "parked";
  code: string;
  message: string;
  tokenNumber: string | null;
  patientName: string | null;
  performedAt: string;
  performedBy: string | null;
  deviceId: string;
}

const heldSql = `SELECT c.eventId, c.visitId, c.eventType, c.kind, c.code, c.message, v.tokenNumber,
  p.name AS patientName, e.performedAt, s.name AS performedBy, e.deviceId
  FROM visit_conflicts c JOIN visit_events e ON e.id = c.eventId LEFT JOIN visits v ON v.id = c.visitId
  LEFT JOIN patients p ON p.id = v.patientId LEFT JOIN staff s ON s.id = e.performedBy
  WHERE c.kind IN ('conflict', 'parked')`;

/** Every conflict and parked event of the file, visit by visit. */
export const listHeldEntries = (db: ClinicDb): HeldEntry[] =>
  statement(db.sqlite, `${heldSql} ORDER BY c.visitId, e.performedAt, c.eventId`).all() as HeldEntry[];

/** One conflict still waiting for a person, or undefined (none, parked, or already resolved). */
export const conflictWaiting = (db: ClinicDb, eventId: string): HeldEntry | undefined =>
  statement(db.sqlite, `${heldSql} AND c.kind = 'conflict' AND c.eventId = ?`).get(eventId) as
    | HeldEntry
    | undefined;

export interface ParkedEntry {
  eventId: string;
  eventType: string;
  schemaVersion: number;
  reason: string;
  performedAt: string;
  performedBy: string | null;
  deviceId: string;
}

/** A visit's events recorded by a newer version of the app, kept but not applied. */
export const parkedEventsOf = (db: ClinicDb, visitId: string): ParkedEntry[] =>
  statement(
    db.sqlite,
    `SELECT c.eventId, c.eventType, e.schemaVersion, c.message AS reason, e.performedAt, e.performedBy, e.deviceId
     FROM visit_conflicts c JOIN visit_events e ON e.id = c.eventId
     WHERE c.visitId = ? AND c.kind = 'parked' ORDER BY e.performedAt, e.position`,
  ).all(visitId) as ParkedEntry[];

export interface Rival {
  eventId: string;
  performedAt: string;
  performedBy: string | null;
  deviceId: string;
}

/** The entries in force of the same kind on the same visit: what a kept conflicting entry may replace. */
export const rivalsOf = (db: ClinicDb, visitId: string, eventType: string): Rival[] =>
  getVisitTimeline(db, visitId)
    .filter((e) => e.standing === "in_force" && e.eventType === eventType)
    .map((e) => ({
      eventId: e.id,
      performedAt: e.performedAt,
      performedBy: e.performedBy?.name ?? null,
      deviceId: e.deviceId,
    }));

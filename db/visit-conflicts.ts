import { and, asc, count, eq, sql } from "drizzle-orm";
import type { ClinicDb } from "./open.js";
import { preparedOnce } from "./prepared.js";
import { patients, visitConflicts, visitEvents, visits } from "./schema.js";

// Events kept in the log but left out of a visit's state: refused at their place once the desks' histories met
// (conflicts, for a person to resolve), or not understood by this build (parked, folded after an upgrade).

const countOf = preparedOnce((orm) =>
  orm
    .select({ n: count() })
    .from(visitConflicts)
    .where(eq(visitConflicts.kind, sql.placeholder("kind")))
    .prepare(),
);

export const conflictCount = (db: ClinicDb): number => countOf(db).get({ kind: "conflict" })?.n ?? 0;
export const parkedCount = (db: ClinicDb): number => countOf(db).get({ kind: "parked" })?.n ?? 0;

const all = preparedOnce((orm) =>
  orm
    .select({
      eventId: visitConflicts.eventId,
      visitId: visitConflicts.visitId,
      eventType: visitConflicts.eventType,
      kind: visitConflicts.kind,
      code: visitConflicts.code,
      message: visitConflicts.message,
      tokenNumber: visits.tokenNumber,
      patientName: patients.name,
    })
    .from(visitConflicts)
    .leftJoin(visits, eq(visits.id, visitConflicts.visitId))
    .leftJoin(patients, eq(patients.id, visits.patientId))
    .orderBy(asc(visitConflicts.visitId), asc(visitConflicts.eventId))
    .prepare(),
);

/** Every conflict and parked event, by visit, with the visit's token and patient. */
export const listConflicts = (db: ClinicDb) => all(db).all();

const parked = preparedOnce((orm) =>
  orm
    .select({
      eventId: visitConflicts.eventId,
      eventType: visitConflicts.eventType,
      schemaVersion: visitEvents.schemaVersion,
      reason: visitConflicts.message,
      performedAt: visitEvents.performedAt,
      performedBy: visitEvents.performedBy,
      deviceId: visitEvents.deviceId,
    })
    .from(visitConflicts)
    .innerJoin(visitEvents, eq(visitEvents.id, visitConflicts.eventId))
    .where(and(eq(visitConflicts.visitId, sql.placeholder("visitId")), eq(visitConflicts.kind, "parked")))
    .orderBy(asc(visitEvents.performedAt), asc(visitEvents.position))
    .prepare(),
);

/** A visit's parked events, in the order they happened. */
export const parkedEventsOf = (db: ClinicDb, visitId: string) => parked(db).all({ visitId });

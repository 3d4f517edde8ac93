import { and, asc, count, eq, inArray, type SQL, sql } from "drizzle-orm";
import { withEventContext } from "./event-context.js";
import type { ClinicDb } from "./open.js";
import { type Orm, preparedOnce } from "./prepared.js";
import { patients, staff, visitConflicts, visitEvents, visits } from "./schema.js";
import { getVisitTimeline } from "./visit-events.js";

// The entries the fold left out of a visit, as its projection recorded them in visit_conflicts: conflicts waiting
// for a person, events parked because a newer version of the app recorded them, and conflicting entries a person
// set aside (kept in the log, never counted).

const countOf = preparedOnce((orm) =>
  orm
    .select({ n: count() })
    .from(visitConflicts)
    .where(eq(visitConflicts.kind, sql.placeholder("kind")))
    .prepare(),
);

export const conflictCount = (db: ClinicDb): number => countOf(db).get({ kind: "conflict" })?.n ?? 0;
export const parkedCount = (db: ClinicDb): number => countOf(db).get({ kind: "parked" })?.n ?? 0;

const heldColumns = {
  eventId: visitConflicts.eventId,
  visitId: visitConflicts.visitId,
  eventType: visitConflicts.eventType,
  kind: visitConflicts.kind,
  code: visitConflicts.code,
  message: visitConflicts.message,
  tokenNumber: visits.tokenNumber,
  patientName: patients.name,
  performedAt: visitEvents.performedAt,
  performedBy: staff.name,
  deviceId: visitEvents.deviceId,
};

/** The entries left out with their visit, patient and who recorded them; `where` narrows them. */
const heldQuery = (orm: Orm, where: SQL | undefined) =>
  withEventContext(orm.select(heldColumns).from(visitConflicts).$dynamic(), visitConflicts.eventId).where(
    where,
  );

const held = preparedOnce((orm) =>
  heldQuery(orm, inArray(visitConflicts.kind, ["conflict", "parked"]))
    .orderBy(asc(visitConflicts.visitId), asc(visitEvents.performedAt), asc(visitConflicts.eventId))
    .prepare(),
);

const waiting = preparedOnce((orm) =>
  heldQuery(
    orm,
    and(eq(visitConflicts.kind, "conflict"), eq(visitConflicts.eventId, sql.placeholder("eventId"))),
  ).prepare(),
);

type HeldRow = NonNullable<ReturnType<ReturnType<typeof held>["get"]>>;
export type HeldEntry = HeldRow & { kind: "conflict" | "parked" };
const isHeld = (row: HeldRow): row is HeldEntry => row.kind !== "set_aside";

/** Every conflict and parked event of the file, visit by visit, with the visit's token and patient. */
export const listHeldEntries = (db: ClinicDb): HeldEntry[] => held(db).all().filter(isHeld);

/** One conflict still waiting for a person, or undefined (none, parked, or already resolved). */
export const conflictWaiting = (db: ClinicDb, eventId: string): HeldEntry | undefined => {
  const row = waiting(db).get({ eventId });
  return row && isHeld(row) ? row : undefined;
};

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

/** A visit's events recorded by a newer version of the app, kept but not applied, in the order they happened. */
export const parkedEventsOf = (db: ClinicDb, visitId: string) => parked(db).all({ visitId });

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

import { asc, eq, inArray, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { ClinicDb } from "./open.js";
import { type Orm, preparedOnce } from "./prepared.js";
import { patients, staff, visits } from "./schema.js";

// The visits read model joined with the patient's and doctor's names, as the queue, journey and day lists show it.

const doctor = alias(staff, "d");

const summaryOf = (orm: Orm) =>
  orm
    .select({
      visitId: visits.id,
      patientId: visits.patientId,
      patientName: patients.name,
      patientNumber: patients.patientNumber,
      doctorId: visits.doctorId,
      doctorName: doctor.name,
      department: visits.department,
      status: visits.status,
      phase: visits.phase,
      tokenNumber: visits.tokenNumber,
      registeredAt: visits.registeredAt,
      queueJoinedAt: visits.queueJoinedAt,
      calledAt: visits.calledAt,
      enteredRoomAt: visits.enteredRoomAt,
      exitedRoomAt: visits.exitedRoomAt,
      closedAt: visits.closedAt,
      due: sql<number>`${visits.dueCents} / 100.0`,
      paid: sql<number>`${visits.paidCents} / 100.0`,
      balance: sql<number>`${visits.balanceCents} / 100.0`,
      conflictCount: visits.conflictCount,
    })
    .from(visits)
    .leftJoin(patients, eq(patients.id, visits.patientId))
    .leftJoin(doctor, eq(doctor.id, visits.doctorId));

const one = preparedOnce((orm) =>
  summaryOf(orm)
    .where(eq(visits.id, sql.placeholder("visitId")))
    .prepare(),
);

export type VisitSummary = NonNullable<ReturnType<ReturnType<typeof one>["get"]>>;

export const visitSummary = (db: ClinicDb, visitId: string): VisitSummary | undefined =>
  one(db).get({ visitId });

/** The statuses of a visit that still holds a place in a queue. */
const queued = ["waiting", "called", "skipped", "in_room"];

const queue = preparedOnce((orm) =>
  summaryOf(orm)
    .where(
      sql`${inArray(visits.status, queued)} AND (${sql.placeholder("doctorId")} IS NULL OR ${visits.doctorId} = ${sql.placeholder("doctorId")})`,
    )
    .orderBy(asc(visits.queueJoinedAt), asc(visits.registeredAt))
    .prepare(),
);

/** Visits in a queue, in the order they joined it: one doctor's, or every doctor's when `doctorId` is null. */
export const queueEntries = (db: ClinicDb, doctorId: string | null): VisitSummary[] =>
  queue(db).all({ doctorId });

const ofDay = preparedOnce((orm) =>
  summaryOf(orm)
    .where(
      sql`${visits.registeredAt} >= ${sql.placeholder("from")} AND ${visits.registeredAt} < ${sql.placeholder("to")}
        AND (${sql.placeholder("status")} IS NULL OR ${visits.status} = ${sql.placeholder("status")})`,
    )
    .orderBy(asc(visits.registeredAt))
    .prepare(),
);

/** Visits registered in [from, to), optionally with one status, in the order they were registered. */
export const visitsRegisteredBetween = (
  db: ClinicDb,
  range: { from: string; to: string; status: string | null },
): VisitSummary[] => ofDay(db).all(range);

import { and, asc, count, desc, eq, gt, gte, inArray, like, lt, notInArray, sql } from "drizzle-orm";
import { closedStatuses } from "../domain/visit-state.js";
import type { ClinicDb } from "./open.js";
import { preparedOnce } from "./prepared.js";
import { patients, visits } from "./schema.js";

// Small reads of the visits read model: one visit's facts a command needs, a patient's visits, the owing list.

const byId = sql.placeholder("visitId");

const open = preparedOnce((orm) =>
  orm
    .select({ id: visits.id, tokenNumber: visits.tokenNumber, status: visits.status })
    .from(visits)
    .where(
      and(eq(visits.patientId, sql.placeholder("patientId")), notInArray(visits.status, [...closedStatuses])),
    )
    .orderBy(desc(visits.registeredAt))
    .limit(1)
    .prepare(),
);

/** A patient's visit that is not yet completed, cancelled or rescheduled, if any: the one a second "start visit"
 * click would otherwise duplicate. */
export const openVisitOf = (db: ClinicDb, patientId: string) => open(db).get({ patientId });

const tokens = preparedOnce((orm) =>
  orm
    .select({ tokenNumber: visits.tokenNumber })
    .from(visits)
    .where(
      and(
        gte(visits.registeredAt, sql.placeholder("from")),
        lt(visits.registeredAt, sql.placeholder("to")),
        like(visits.tokenNumber, sql.placeholder("pattern")),
      ),
    )
    .prepare(),
);

/** The tokens handed out in [from, to) under one queue letter, e.g. "A-003". */
export const tokensOfDay = (db: ClinicDb, day: { from: string; to: string }, letter: string): string[] =>
  tokens(db)
    .all({ ...day, pattern: `${letter}-%` })
    .flatMap((t) => (t.tokenNumber === null ? [] : [t.tokenNumber]));

const facts = preparedOnce((orm) =>
  orm
    .select({
      patientId: visits.patientId,
      doctorId: visits.doctorId,
      tokenNumber: visits.tokenNumber,
      enteredRoomAt: visits.enteredRoomAt,
    })
    .from(visits)
    .where(eq(visits.id, byId))
    .prepare(),
);

/** Whose visit it is, with which doctor, under which token; undefined for a visit this desk does not hold. */
export const visitFacts = (db: ClinicDb, visitId: string) => facts(db).get({ visitId });

/** When the patient entered the doctor's room, if they have. */
export const enteredRoomAt = (db: ClinicDb, visitId: string): string | null =>
  facts(db).get({ visitId })?.enteredRoomAt ?? null;

/** The visit's queue token, if it has one. */
export const tokenNumberOf = (db: ClinicDb, visitId: string): string | null =>
  facts(db).get({ visitId })?.tokenNumber ?? null;

const firstWaiting = preparedOnce((orm) =>
  orm
    .select({ id: visits.id, tokenNumber: visits.tokenNumber })
    .from(visits)
    .where(and(eq(visits.status, "waiting"), eq(visits.doctorId, sql.placeholder("doctorId"))))
    .orderBy(asc(visits.queueJoinedAt))
    .limit(1)
    .prepare(),
);

/** The visit that has waited longest in a doctor's queue. */
export const nextWaiting = (db: ClinicDb, doctorId: string) => firstWaiting(db).get({ doctorId });

const ofPatient = preparedOnce((orm) =>
  orm
    .select({
      visitId: visits.id,
      status: visits.status,
      tokenNumber: visits.tokenNumber,
      registeredAt: visits.registeredAt,
      doctorId: visits.doctorId,
    })
    .from(visits)
    .where(eq(visits.patientId, sql.placeholder("patientId")))
    .orderBy(desc(visits.registeredAt))
    .prepare(),
);

/** A patient's visits, newest first. */
export const visitsOfPatient = (db: ClinicDb, patientId: string) => ofPatient(db).all({ patientId });

const owing = preparedOnce((orm) =>
  orm
    .select({
      visitId: visits.id,
      patientId: visits.patientId,
      patientName: patients.name,
      patientNumber: patients.patientNumber,
      phone: patients.phone,
      tokenNumber: visits.tokenNumber,
      status: visits.status,
      registeredAt: visits.registeredAt,
      closedAt: visits.closedAt,
      dueCents: visits.dueCents,
      paidCents: visits.paidCents,
      balanceCents: visits.balanceCents,
    })
    .from(visits)
    .leftJoin(patients, eq(patients.id, visits.patientId))
    .where(and(gt(visits.balanceCents, 0), inArray(visits.status, [...closedStatuses])))
    .orderBy(asc(visits.closedAt))
    .limit(sql.placeholder("limit"))
    .prepare(),
);

/** Closed visits that still owe money, longest closed first. */
export const owingVisits = (db: ClinicDb, limit: number) => owing(db).all({ limit });

const counts = preparedOnce((orm) =>
  orm
    .select({
      visits: count(),
      completed: sql<number>`COALESCE(SUM(${visits.status} = 'completed'), 0)`,
      cancelled: sql<number>`COALESCE(SUM(${visits.status} = 'cancelled'), 0)`,
    })
    .from(visits)
    .where(
      and(gte(visits.registeredAt, sql.placeholder("from")), lt(visits.registeredAt, sql.placeholder("to"))),
    )
    .prepare(),
);

/** How many visits were registered in [from, to), and how many of them completed or were cancelled. */
export const visitCounts = (db: ClinicDb, range: { from: string; to: string }) =>
  counts(db).get(range) ?? { visits: 0, completed: 0, cancelled: 0 };

const perDay = preparedOnce((orm) => {
  const date = sql<string>`date(${visits.registeredAt}, 'localtime')`;
  return orm
    .select({ date, visits: count() })
    .from(visits)
    .where(
      and(gte(visits.registeredAt, sql.placeholder("from")), lt(visits.registeredAt, sql.placeholder("to"))),
    )
    .groupBy(date)
    .orderBy(date)
    .prepare();
});

/** Visits registered on each local day of [from, to). */
export const visitsPerDay = (db: ClinicDb, range: { from: string; to: string }) => perDay(db).all(range);

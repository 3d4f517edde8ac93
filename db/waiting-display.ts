import { and, asc, desc, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { ClinicDb } from "./open.js";
import { preparedOnce } from "./prepared.js";
import { staff, visitEvents, visits } from "./schema.js";

// The waiting-room screen: the tokens being called (with the room named by the latest call) and those waiting.

const doctor = alias(staff, "d");
const call = alias(visitEvents, "e");

const calling = preparedOnce((orm) => {
  const roomNumber = orm
    .select({ room: sql<string | null>`json_extract(${call.metadata}, '$.roomNumber')` })
    .from(call)
    .where(and(eq(call.visitId, visits.id), eq(call.eventType, "QUEUE_CALLED")))
    .orderBy(desc(call.position))
    .limit(1);
  return orm
    .select({
      tokenNumber: visits.tokenNumber,
      doctorName: doctor.name,
      department: visits.department,
      calledAt: visits.calledAt,
      roomNumber: sql<string | null>`(${roomNumber})`,
    })
    .from(visits)
    .leftJoin(doctor, eq(doctor.id, visits.doctorId))
    .where(eq(visits.status, "called"))
    .orderBy(desc(visits.calledAt))
    .limit(6)
    .prepare();
});

const waiting = preparedOnce((orm) =>
  orm
    .select({ tokenNumber: visits.tokenNumber, doctorName: doctor.name, department: visits.department })
    .from(visits)
    .leftJoin(doctor, eq(doctor.id, visits.doctorId))
    .where(eq(visits.status, "waiting"))
    .orderBy(asc(visits.queueJoinedAt))
    .limit(24)
    .prepare(),
);

/** The six latest calls and the next 24 waiting. */
export const waitingRoom = (db: ClinicDb) => ({ calling: calling(db).all(), waiting: waiting(db).all() });

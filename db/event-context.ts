import { eq } from "drizzle-orm";
import type { SQLiteColumn, SQLiteSelect } from "drizzle-orm/sqlite-core";
import { patients, staff, visitEvents, visits } from "./schema.js";

// An entry kept apart from the log (a conflict or a parked event in visit_conflicts, a refusal in sync_rejections)
// is read with its event, the event's visit and patient and the member of staff who recorded it: one set of joins
// for every such list, whichever table it starts from.

/**
 * Joins a select (in drizzle's dynamic mode, `.$dynamic()`) to the event `eventId` names, which must exist, and to
 * the event's visit, the visit's patient and the event's author, any of which may be missing (left joins).
 */
export const withEventContext = <Q extends SQLiteSelect>(query: Q, eventId: SQLiteColumn) =>
  query
    .innerJoin(visitEvents, eq(visitEvents.id, eventId))
    .leftJoin(visits, eq(visits.id, visitEvents.visitId))
    .leftJoin(patients, eq(patients.id, visits.patientId))
    .leftJoin(staff, eq(staff.id, visitEvents.performedBy));

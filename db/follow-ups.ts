import { asc, eq, lte, sql } from "drizzle-orm";
import type { ClinicDb } from "./open.js";
import { preparedOnce } from "./prepared.js";
import { followUps, patients } from "./schema.js";

// The follow_ups read model: who should come back, and by when.

const due = preparedOnce((orm) =>
  orm
    .select({
      visitId: followUps.visitId,
      followUpId: followUps.followUpId,
      dueDate: followUps.dueDate,
      reason: followUps.reason,
      remindersSent: followUps.remindersSent,
      lastReminderAt: followUps.lastReminderAt,
      patientName: patients.name,
      patientNumber: patients.patientNumber,
      phone: patients.phone,
    })
    .from(followUps)
    .leftJoin(patients, eq(patients.id, followUps.patientId))
    .where(lte(followUps.dueDate, sql.placeholder("until")))
    .orderBy(asc(followUps.dueDate), asc(patients.name))
    .limit(500)
    .prepare(),
);

/** Follow-ups due on or before a day (YYYY-MM-DD), earliest first. */
export const followUpsDueBy = (db: ClinicDb, until: string) => due(db).all({ until });

import type { ClinicDb } from "../../db/open.js";
import { statement } from "../../db/statements.js";
import { closedStatuses } from "../../domain/visit-state.js";

// A patient's visit that is not yet completed, cancelled or rescheduled, if any: the one a second "start visit"
// click would otherwise duplicate.

const closed = closedStatuses.map((s) => `'${s}'`).join(", ");

export const openVisitOf = (db: ClinicDb, patientId: string) =>
  statement(
    db.sqlite,
    `SELECT id, tokenNumber, status FROM visits WHERE patientId = ? AND status NOT IN (${closed})
     ORDER BY registeredAt DESC LIMIT 1`,
  ).get(patientId) as { id: string; tokenNumber: string | null; status: string } | undefined;

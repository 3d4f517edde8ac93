import type { ClinicDb } from "../../db/open.js";
import { statement } from "../../db/statements.js";

// The visits read model joined with the patient's and doctor's names, as the queue, journey and day lists show it.

export const visitSummarySelect = `SELECT v.id AS visitId, v.patientId, p.name AS patientName,
  p.patientNumber AS patientNumber, v.doctorId, d.name AS doctorName, v.department, v.status, v.phase,
  v.tokenNumber, v.registeredAt, v.queueJoinedAt, v.calledAt, v.enteredRoomAt, v.exitedRoomAt, v.closedAt,
  v.dueCents / 100.0 AS due, v.paidCents / 100.0 AS paid, v.balanceCents / 100.0 AS balance, v.conflictCount
  FROM visits v LEFT JOIN patients p ON p.id = v.patientId LEFT JOIN staff d ON d.id = v.doctorId`;

export interface VisitSummaryRow {
  visitId: string;
  patientId: string | null;
  patientName: string | null;
  patientNumber: string | null;
  doctorId: string | null;
  doctorName: string | null;
  department: string | null;
  status: string;
  phase: string;
  tokenNumber: string | null;
  registeredAt: string | null;
  queueJoinedAt: string | null;
  calledAt: string | null;
  enteredRoomAt: string | null;
  exitedRoomAt: string | null;
  closedAt: string | null;
  due: number;
  paid: number;
  balance: number;
  conflictCount: number;
}

export function visitSummary(db: ClinicDb, visitId: string): VisitSummaryRow | undefined {
  return statement(db.sqlite, `${visitSummarySelect} WHERE v.id = ?`).get(visitId) as
    | VisitSummaryRow
    | undefined;
}

/** The local calendar day as a half-open range of UTC instants, for comparing with stored ISO times. */
export function localDayRange(
  date: string | undefined,
  now: Date,
): { date: string; from: string; to: string } {
  const [y, m, d] = date
    ? (date.split("-").map(Number) as [number, number, number])
    : [now.getFullYear(), now.getMonth() + 1, now.getDate()];
  const start = new Date(y, m - 1, d);
  const end = new Date(y, m - 1, d + 1);
  const iso = `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
  return { date: iso, from: start.toISOString(), to: end.toISOString() };
}

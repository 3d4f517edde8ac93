import { eventCatalog, isEventType } from "../domain/catalog.js";
import { fail, ok, type Result, refuse } from "../domain/refusal.js";
import type { ClinicDb } from "./open.js";

/** The connection the figures are read from: the desk's own, or a worker thread's read-only one. */
type Source = Pick<ClinicDb, "sqlite">;

import { statement } from "./statements.js";

// The seed's analytics questions, answered from the event log itself (not the read models), in SQLite's dialect.
// Where the seed wrote Postgres' EXTRACT(EPOCH FROM b - a) / 60, SQLite's equivalent is
// (julianday(b) - julianday(a)) * 1440; we use unixepoch(.., 'subsec') instead, which is exact to the millisecond
// (julianday's fractional days come back as 14.80000006 minutes for 14.8).
// Events marked as entered in error (EVENT_VOIDED) do not count, except in the raw event-type counts, which are the
// seed's query as written. Times are UTC, as stored; a range is whole UTC days, both ends included.

/** ISO bounds: performedAt >= from AND performedAt < to. */
export interface TimeBounds {
  from: string;
  to: string;
}

const everything: TimeBounds = { from: "0000-01-01T00:00:00.000Z", to: "9999-12-31T23:59:59.999Z" };
const isoDay = /^\d{4}-\d{2}-\d{2}$/;

/** Turns `--from 2026-03-01 --to 2026-03-07` into bounds; either end may be left open. */
export function parseDateRange(from?: string, to?: string): Result<TimeBounds> {
  const bounds = { ...everything };
  for (const [name, value] of [
    ["from", from],
    ["to", to],
  ] as const) {
    if (value === undefined) continue;
    const t = Date.parse(`${value}T00:00:00.000Z`);
    if (!isoDay.test(value) || Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== value)
      return fail(refuse("INVALID_INPUT", `${name} must be a date like 2026-03-01, not "${value}".`));
    if (name === "from") bounds.from = new Date(t).toISOString();
    else bounds.to = new Date(t + 86_400_000).toISOString();
  }
  if (bounds.from >= bounds.to)
    return fail(refuse("INVALID_INPUT", `from (${from}) must not be after to (${to}).`));
  return ok(bounds);
}

// Events not in force: voided ones, and those the fold left out (parked because this build cannot read them, or in
// conflict). A parked payment or call must not count in the figures any more than in the bill.
// The voids are read from their own partial index (0013_bulk.sql), which holds each void's target: the planner would
// otherwise take the (eventType, performedAt) index and read every void's row for its metadata. A void left out is
// found by its position, which that index holds too, so no void's row is read at all.
const voided = `voided AS (
  SELECT json_extract(v.metadata, '$.voidedEventId') AS id FROM visit_events v INDEXED BY visit_events_voided
  WHERE v.eventType = 'EVENT_VOIDED' AND json_extract(v.metadata, '$.voidedEventId') IS NOT NULL
    AND v.position NOT IN (SELECT x.position FROM visit_conflicts c CROSS JOIN visit_events x ON x.id = c.eventId)
  UNION ALL SELECT eventId FROM visit_conflicts)`;
// In the correlated subqueries, `+x.eventType` keeps SQLite on the (visitId, performedAt) index: left to itself it
// picks (eventType, performedAt) and walks every later event of that type for each row, which on a million events
// never finishes. MATERIALIZED makes each step's subqueries run once per row, not once per use.
const inForce = (alias: string) => `${alias}.id NOT IN (SELECT id FROM voided)`;
const minutesBetween = (a: string, b: string) =>
  `(unixepoch(${b}, 'subsec') - unixepoch(${a}, 'subsec')) / 60.0`;

export interface ConsultationTime {
  /** Room sessions with both an entry and an exit (a patient back with results has two). */
  sessions: number;
  averageMinutes: number | null;
  /** Entered the room and not yet left. */
  stillInRoom: number;
}

const consultationSql = `WITH ${voided},
sessions AS MATERIALIZED (
  SELECT e.performedAt AS enteredAt,
    (SELECT MIN(x.performedAt) FROM visit_events x
      WHERE x.visitId = e.visitId AND +x.eventType = 'EXITED_ROOM' AND x.performedAt >= e.performedAt
        AND ${inForce("x")}) AS exitedAt
  FROM visit_events e
  WHERE e.eventType = 'ENTERED_ROOM' AND e.performedAt >= @from AND e.performedAt < @to AND ${inForce("e")})
SELECT COUNT(exitedAt) AS sessions,
  AVG(${minutesBetween("enteredAt", "exitedAt")}) AS averageMinutes,
  COUNT(*) - COUNT(exitedAt) AS stillInRoom
FROM sessions`;

/** Average consultation time: each ENTERED_ROOM to the first EXITED_ROOM after it, in minutes. */
export function averageConsultationTime(db: Source, bounds: TimeBounds = everything): ConsultationTime {
  return statement(db.sqlite, consultationSql).get(bounds) as ConsultationTime;
}

/**
 * The seed's own "average consultation time" query, translated to SQLite (julianday for EXTRACT(EPOCH ...)). It
 * takes each visit's first entry and first exit only, and counts voided events; averageConsultationTime is the
 * careful version.
 */
export const seedAverageConsultationSql = `SELECT AVG(duration) FROM (
  SELECT
    (julianday(
      (SELECT performedAt FROM visit_events
       WHERE visitId = v.id AND eventType = 'EXITED_ROOM')
    ) - julianday(
      (SELECT performedAt FROM visit_events
       WHERE visitId = v.id AND eventType = 'ENTERED_ROOM')
    )) * 24 * 60 as duration
  FROM visits v
) subquery;`;

export interface WaitTime {
  /** Queue joins that were answered by a call. */
  called: number;
  /** From joining the queue to being called, over the joins that were called. */
  averageMinutes: number | null;
  /** Joined, not called, visit not closed: they are in the waiting area now. */
  stillWaiting: number;
  /** How long those still waiting have waited so far, on average, at `now`. */
  stillWaitingMinutesSoFar: number | null;
  /** Joined and never called: the visit was cancelled or rescheduled first. */
  leftBeforeCalled: number;
}

const waitSql = `WITH ${voided},
joins AS MATERIALIZED (
  SELECT e.visitId, e.performedAt AS joinedAt,
    (SELECT MIN(n.performedAt) FROM visit_events n
      WHERE n.visitId = e.visitId AND +n.eventType = 'QUEUE_JOINED' AND n.performedAt > e.performedAt
        AND ${inForce("n")}) AS nextJoinAt
  FROM visit_events e
  WHERE e.eventType = 'QUEUE_JOINED' AND e.performedAt >= @from AND e.performedAt < @to AND ${inForce("e")}),
answered AS MATERIALIZED (
  SELECT j.joinedAt, j.nextJoinAt,
    (SELECT MIN(c.performedAt) FROM visit_events c
      WHERE c.visitId = j.visitId AND +c.eventType = 'QUEUE_CALLED' AND c.performedAt >= j.joinedAt
        AND (j.nextJoinAt IS NULL OR c.performedAt < j.nextJoinAt) AND ${inForce("c")}) AS calledAt,
    (SELECT MIN(x.performedAt) FROM visit_events x
      WHERE x.visitId = j.visitId AND +x.eventType IN ('VISIT_COMPLETED', 'VISIT_CANCELLED', 'VISIT_RESCHEDULED')
        AND x.performedAt >= j.joinedAt AND ${inForce("x")}) AS closedAt
  FROM joins j)
SELECT COUNT(calledAt) AS called,
  AVG(CASE WHEN calledAt IS NOT NULL THEN ${minutesBetween("joinedAt", "calledAt")} END) AS averageMinutes,
  COALESCE(SUM(calledAt IS NULL AND nextJoinAt IS NULL AND closedAt IS NULL), 0) AS stillWaiting,
  AVG(CASE WHEN calledAt IS NULL AND nextJoinAt IS NULL AND closedAt IS NULL
    THEN ${minutesBetween("joinedAt", "@now")} END) AS stillWaitingMinutesSoFar,
  COALESCE(SUM(calledAt IS NULL AND nextJoinAt IS NULL AND closedAt IS NOT NULL), 0) AS leftBeforeCalled
FROM answered`;

/**
 * Average wait: each QUEUE_JOINED to the first QUEUE_CALLED after it (and before the visit joins again). Patients
 * still waiting are counted apart, with their wait so far, rather than dropped from the figures.
 */
export function averageWaitTime(db: Source, bounds: TimeBounds = everything, now = new Date()): WaitTime {
  return statement(db.sqlite, waitSql).get({ ...bounds, now: now.toISOString() }) as WaitTime;
}

export interface EventTypeCount {
  eventType: string;
  label: string;
  count: number;
}

// Counted on the (eventType, performedAt) index alone, one range per type: the types are found by hopping through
// that index (a recursive step per type, not a scan), and the events left out of the fold (visit_conflicts, a
// handful) are counted apart and taken off. Filtering each event against visit_conflicts would read every row of
// the range from the table; with no index on performedAt alone, the range itself would be a scan of the whole log.
// CROSS JOIN keeps visit_conflicts the outer table: left to itself the planner walks the log and looks each event up.
const eventCountsSql = `WITH RECURSIVE types(eventType) AS (
  SELECT MIN(eventType) FROM visit_events
  UNION ALL
  SELECT (SELECT MIN(eventType) FROM visit_events WHERE eventType > t.eventType) FROM types t
  WHERE t.eventType IS NOT NULL),
counted AS (
  SELECT eventType, COUNT(*) AS n FROM visit_events
  WHERE eventType IN (SELECT eventType FROM types) AND performedAt >= @from AND performedAt < @to
  GROUP BY eventType),
left_out AS (
  SELECT e.eventType, COUNT(*) AS n FROM visit_conflicts c CROSS JOIN visit_events e ON e.id = c.eventId
  WHERE e.performedAt >= @from AND e.performedAt < @to
  GROUP BY e.eventType)
SELECT c.eventType, c.n - COALESCE(l.n, 0) AS count
FROM counted c LEFT JOIN left_out l ON l.eventType = c.eventType
WHERE c.n - COALESCE(l.n, 0) > 0
ORDER BY count DESC, c.eventType`;

/** The seed's "most common event types", with each type's label from the catalog. */
export function mostCommonEventTypes(db: Source, bounds: TimeBounds = everything): EventTypeCount[] {
  const rows = statement(db.sqlite, eventCountsSql).all(bounds) as { eventType: string; count: number }[];
  return rows.map((r) => ({
    ...r,
    label: isEventType(r.eventType) ? eventCatalog[r.eventType].label : r.eventType,
  }));
}

export interface DailyVisits {
  date: string;
  /** The seed's total_visits: visits registered that day. */
  totalVisits: number;
  /** How those visits stand now. */
  completed: number;
  cancelled: number;
  rescheduled: number;
  open: number;
}

// How the range's visits ended is read visit by visit (the visit's index), not from every closing event in the log.
const dailySql = (dayOf: string) => `WITH ${voided},
registered AS (
  SELECT visitId, ${dayOf} AS date FROM visit_events e
  WHERE eventType = 'VISIT_REGISTERED' AND performedAt >= @from AND performedAt < @to AND ${inForce("e")}),
closed AS (
  SELECT c.visitId, c.eventType FROM registered r CROSS JOIN visit_events c ON c.visitId = r.visitId
  WHERE +c.eventType IN ('VISIT_COMPLETED', 'VISIT_CANCELLED', 'VISIT_RESCHEDULED') AND ${inForce("c")})
SELECT r.date,
  COUNT(DISTINCT r.visitId) AS totalVisits,
  COUNT(DISTINCT CASE WHEN c.eventType = 'VISIT_COMPLETED' THEN r.visitId END) AS completed,
  COUNT(DISTINCT CASE WHEN c.eventType = 'VISIT_CANCELLED' THEN r.visitId END) AS cancelled,
  COUNT(DISTINCT CASE WHEN c.eventType = 'VISIT_RESCHEDULED' THEN r.visitId END) AS rescheduled,
  COUNT(DISTINCT CASE WHEN c.eventType IS NULL THEN r.visitId END) AS open
FROM registered r LEFT JOIN closed c ON c.visitId = r.visitId
GROUP BY r.date
ORDER BY r.date`;

const dailyUtcSql = dailySql("DATE(performedAt)");
const dailyLocalSql = dailySql("DATE(performedAt, 'localtime')");

/**
 * The seed's "daily visit statistics": visits registered per day, and how they ended. Days are UTC unless
 * `localDays` is set: then they are this machine's calendar days, as a clinic's screens count them.
 */
export function dailyVisitStatistics(
  db: Source,
  bounds: TimeBounds = everything,
  { localDays = false }: { localDays?: boolean } = {},
): DailyVisits[] {
  return statement(db.sqlite, localDays ? dailyLocalSql : dailyUtcSql).all(bounds) as DailyVisits[];
}

export interface ClinicAnalytics {
  consultation: ConsultationTime;
  wait: WaitTime;
  eventTypes: EventTypeCount[];
  daily: DailyVisits[];
}

export function clinicAnalytics(
  db: Source,
  bounds: TimeBounds = everything,
  now = new Date(),
  { localDays = false }: { localDays?: boolean } = {},
): ClinicAnalytics {
  return {
    consultation: averageConsultationTime(db, bounds),
    wait: averageWaitTime(db, bounds, now),
    eventTypes: mostCommonEventTypes(db, bounds),
    daily: dailyVisitStatistics(db, bounds, { localDays }),
  };
}

import { type EventType, eventCatalog, isEventType, type Phase } from "../domain/catalog.js";
import type { NewVisitEvent } from "../domain/event.js";
import { fail, ok, type Result } from "../domain/refusal.js";
import { flagVitals, type VitalFlag, type Vitals } from "../domain/vital-signs.js";
import type { StoredEvent } from "./event-store.js";
import type { ClinicDb } from "./open.js";
import type { visitEvents } from "./schema.js";
import { statement } from "./statements.js";

// The seed's API, with the seed's names and meaning, over the event store. Writes go through the store (checked,
// atomic, read models updated); reads use the indexes (visitId, performedAt) and (eventType, performedAt).

/** How many events the file holds (the seed refuses to write into a file that holds any). */
export const storedEventCount = (db: ClinicDb): number =>
  statement(db.sqlite, "SELECT COUNT(*) FROM visit_events").pluck().get() as number;

/** Records one event. A refusal is returned as a value and nothing is written. */
export function logVisitEvent(db: ClinicDb, event: NewVisitEvent): Result<StoredEvent> {
  const r = db.events.append([event]);
  return r.ok ? ok(r.value[0] as StoredEvent) : fail(r.error);
}

/** Records several events atomically: one bad event and none is written. */
export function logMultipleEvents(db: ClinicDb, events: readonly NewVisitEvent[]): Result<StoredEvent[]> {
  return db.events.append(events);
}

export interface Performer {
  id: string;
  name: string;
  role: string;
}

export interface TimelineEntry {
  id: string;
  visitId: string;
  eventType: string;
  description: string | null;
  metadata: unknown;
  performedAt: string;
  performedBy: Performer | null;
  deviceId: string;
  /** The EVENT_VOIDED that marked this one as entered in error, if any. */
  voidedBy: string | null;
  /**
   * Whether the step counts: in force, voided, parked (recorded by a newer version of the app, kept but not
   * applied) or in conflict (refused by the rules when two desks' histories met; a person resolves it).
   */
  standing: "in_force" | "voided" | "parked" | "conflict";
  schemaVersion: number;
}

type TimelineRow = Pick<
  typeof visitEvents.$inferSelect,
  | "id"
  | "visitId"
  | "eventType"
  | "description"
  | "metadata"
  | "performedBy"
  | "performedAt"
  | "deviceId"
  | "schemaVersion"
> & {
  staffName: string | null;
  staffRole: string | null;
  leftOut: "parked" | "conflict" | "set_aside" | null;
};

// Only the columns the timeline shows: the hash chain's columns are the widest of a row and nobody reads them here.
const timelineSql = `SELECT e.id, e.visitId, e.eventType, e.description, e.metadata, e.performedBy, e.performedAt,
    e.deviceId, e.schemaVersion, s.name AS staffName, s.role AS staffRole, c.kind AS leftOut
  FROM visit_events e LEFT JOIN staff s ON s.id = e.performedBy LEFT JOIN visit_conflicts c ON c.eventId = e.id
  WHERE e.visitId = ? ORDER BY e.performedAt, (e.serverSeq IS NULL), e.serverSeq, e.position`;

/** The visit's events in the order they happened, each with who did it. */
export function getVisitTimeline(db: ClinicDb, visitId: string): TimelineEntry[] {
  const rows = statement(db.sqlite, timelineSql).all(visitId) as TimelineRow[];
  // Each metadata text is parsed once, here; the strike-through pass below reads the parsed values.
  const metadata = rows.map((r) => (r.metadata === null ? null : JSON.parse(r.metadata)));
  // Struck through: the target of a void, and the other desk's entry when a conflict was resolved against it.
  const voidedBy = new Map<string, string>();
  rows.forEach((r, i) => {
    const m = metadata[i];
    if (r.leftOut || !m) return;
    if (r.eventType === "EVENT_VOIDED" && typeof m.voidedEventId === "string")
      voidedBy.set(m.voidedEventId, r.id);
    if (r.eventType === "CONFLICT_RESOLVED" && typeof m.conflictEventId === "string" && m.kept === "in_force")
      voidedBy.set(m.conflictEventId, r.id);
  });
  return rows.map((r, i) => {
    const struckBy = voidedBy.get(r.id) ?? null;
    return {
      id: r.id,
      visitId: r.visitId,
      eventType: r.eventType,
      description: r.description,
      metadata: metadata[i],
      performedAt: r.performedAt,
      performedBy: r.performedBy
        ? { id: r.performedBy, name: r.staffName ?? "Unknown staff member", role: r.staffRole ?? "unknown" }
        : null,
      deviceId: r.deviceId,
      voidedBy: struckBy,
      standing: r.leftOut === "set_aside" ? "voided" : (r.leftOut ?? (struckBy ? "voided" : "in_force")),
      schemaVersion: r.schemaVersion,
    };
  });
}

export interface JourneyStep extends TimelineEntry {
  label: string;
  icon: string;
  colour: string;
  phase: Phase | "unknown";
  /** The description typed at the desk, or the catalog's meaning of the event. */
  text: string;
  /** Whole minutes since the previous step in force (voided, parked and conflicting steps are skipped). */
  minutesSincePrevious: number | null;
  /** Vital signs out of range, for a VITALS_RECORDED step (domain/vital-signs.ts). */
  flags: VitalFlag[];
  /** The test a lab step is about, by its name on the order. */
  testName: string | null;
  /** The bill a money step is about: its kind and what it is for. */
  bill: { kind: string; items: string[] } | null;
}

const testNamesSql = "SELECT testOrderId, name FROM test_orders WHERE visitId = ?";
const billsSql = "SELECT billId, kind, items FROM bills WHERE visitId = ?";

/** What each step is about, by name: the visit's tests and bills as the read model holds them. */
function subjectsOf(db: ClinicDb, visitId: string) {
  const tests = new Map(
    (statement(db.sqlite, testNamesSql).all(visitId) as { testOrderId: string; name: string | null }[]).map(
      (t) => [t.testOrderId, t.name],
    ),
  );
  const bills = new Map(
    (statement(db.sqlite, billsSql).all(visitId) as { billId: string; kind: string; items: string }[]).map(
      (b) => [b.billId, { kind: b.kind, items: JSON.parse(b.items) as string[] }],
    ),
  );
  return (metadata: unknown) => {
    const m = (metadata ?? {}) as { testOrderId?: unknown; testId?: unknown; billId?: unknown };
    const test = typeof m.testOrderId === "string" ? m.testOrderId : m.testId;
    return {
      testName: typeof test === "string" ? (tests.get(test) ?? null) : null,
      bill: typeof m.billId === "string" ? (bills.get(m.billId) ?? null) : null,
    };
  };
}

const minutesBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 60_000;

/** The timeline formatted for the screen: label, icon, colour, phase and the time since the previous step. */
export function getVisitJourney(db: ClinicDb, visitId: string): JourneyStep[] {
  let previous: string | null = null;
  const subjectOf = subjectsOf(db, visitId);
  return getVisitTimeline(db, visitId).map((e) => {
    const def = isEventType(e.eventType) ? eventCatalog[e.eventType] : null;
    const since: number | null =
      previous === null ? null : Math.round(minutesBetween(previous, e.performedAt));
    if (e.standing === "in_force" && e.eventType !== "EVENT_VOIDED") previous = e.performedAt;
    const parked = e.standing === "parked";
    return {
      ...e,
      label: def?.label ?? e.eventType,
      icon: parked ? "circle-help" : (def?.icon ?? "circle-help"),
      colour: parked || !def ? "#6b7280" : def.colour,
      phase: def?.phase ?? "unknown",
      text: parked
        ? "Recorded by a newer version of the app; not applied here until this app is updated"
        : (e.description ?? def?.meaning ?? e.eventType),
      minutesSincePrevious: since,
      flags: e.eventType === "VITALS_RECORDED" && !parked ? flagVitals((e.metadata ?? {}) as Vitals) : [],
      ...subjectOf(e.metadata),
    };
  });
}

// `+eventType` keeps SQLite on the (visitId, performedAt) index: without table statistics its planner prefers
// (eventType, performedAt), which satisfies the ORDER BY but walks every event of that type in the file (tens of
// milliseconds per lookup on a million events instead of a few rows of one visit).
// In force: not voided, and not left out by the fold (parked because this build cannot read it, or in conflict).
// A void of the event is looked up by its target in the voids' own index (0013_bulk.sql): one probe, where walking
// the visit's events would read each one's row. `+e.id` drops the column's text affinity, which would otherwise be
// applied to the indexed expression and turn the probe into a scan of every void (0.6 ms a call on 8.6M events).
const notVoided = `AND NOT EXISTS (SELECT 1 FROM visit_events v INDEXED BY visit_events_voided
  WHERE v.eventType = 'EVENT_VOIDED' AND json_extract(v.metadata, '$.voidedEventId') = +e.id AND v.visitId = e.visitId
  AND NOT EXISTS (SELECT 1 FROM visit_conflicts vc WHERE vc.eventId = v.id))
  AND NOT EXISTS (SELECT 1 FROM visit_conflicts c WHERE c.eventId = e.id)`;

const firstOfType = `SELECT performedAt FROM visit_events e WHERE visitId = ? AND +eventType = ? ${notVoided}
  ORDER BY performedAt LIMIT 1`;
const firstOfTypeFrom = `SELECT performedAt FROM visit_events e WHERE visitId = ? AND +eventType = ?
  AND performedAt >= ? ${notVoided} ORDER BY performedAt LIMIT 1`;
const anyOfType = `SELECT 1 FROM visit_events e WHERE visitId = ? AND +eventType = ? ${notVoided} LIMIT 1`;

/**
 * Minutes from the first `from` event to the first `to` event at or after it; null when either is missing.
 * Only events in force count: not voided, not parked, not in conflict.
 */
export function getEventDuration(
  db: ClinicDb,
  visitId: string,
  from: EventType,
  to: EventType,
): number | null {
  const start = statement(db.sqlite, firstOfType).pluck().get(visitId, from) as string | undefined;
  if (!start) return null;
  const end = statement(db.sqlite, firstOfTypeFrom).pluck().get(visitId, to, start) as string | undefined;
  return end ? minutesBetween(start, end) : null;
}

/** Whether the visit has an event of this type in force (not voided, parked or in conflict). An indexed lookup. */
export function hasEvent(db: ClinicDb, visitId: string, eventType: EventType): boolean {
  return Boolean(statement(db.sqlite, anyOfType).pluck().get(visitId, eventType));
}

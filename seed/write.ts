import type { ClinicDb } from "../db/open.js";
import { registerPatient } from "../db/patients.js";
import { addStaff } from "../db/staff.js";
import { storedEventCount } from "../db/visit-events.js";
import { fail, ok, type Result, refuse } from "../domain/refusal.js";
import type { ClinicPlan } from "./plan.js";
import type { PlannedEvent } from "./visit-draft.js";

// Writes a planned clinic into a database through the same calls the app makes: addStaff, registerPatient and
// logMultipleEvents (the store's checked, atomic append). Events are appended in the order they happened, across
// all visits, in batches covering a short stretch of the day; each batch is recorded "now" = its last event's time,
// so the file reads as if the desks had typed it live. Two runs with the same seed write identical events; only
// what belongs to the device (its id, and so the hash chain) differs, as it must between two files.

export interface SeedProgress {
  day: number;
  days: number;
  visits: number;
  events: number;
}

export interface SeedSummary {
  deviceId: string;
  staff: number;
  patients: number;
  visits: number;
  events: number;
  firstDay: string;
  lastDay: string;
  /** How many of each event type were written. */
  eventTypes: Record<string, number>;
}

export interface SeedWriteOptions {
  /** At most this many events per logMultipleEvents call (default 5000). */
  batchSize?: number;
  /** A batch covers at most this many minutes of clinic time (default 15; the benchmark's big file uses more). */
  batchMinutes?: number;
  onProgress?: (p: SeedProgress) => void;
}

export function writeClinic(
  db: ClinicDb,
  plan: ClinicPlan,
  days: number,
  options: SeedWriteOptions = {},
): Result<SeedSummary> {
  const batchSize = options.batchSize ?? 5000;
  const batchMs = (options.batchMinutes ?? 15) * 60_000;
  const existing = storedEventCount(db);
  if (existing > 0)
    return fail(
      refuse(
        "INVALID_INPUT",
        `${db.path} already holds ${existing} events; seed a new file so demo visits never mix with real ones.`,
      ),
    );
  for (const s of plan.roster.all) {
    const added = addStaff(db, s);
    if (!added.ok) return fail({ ...added.error, message: `Adding ${s.name}: ${added.error.message}` });
  }
  const reception = plan.roster.reception[0]?.id ?? null;
  const eventTypes: Record<string, number> = {};
  let pending: { event: PlannedEvent; seq: number }[] = [];
  let seq = 0;
  let written = 0;
  let patients = 0;
  let visits = 0;
  let lastDay = plan.firstDay;

  const append = (events: PlannedEvent[]): Result<void> => {
    for (let i = 0; i < events.length; ) {
      const start = Date.parse((events[i] as PlannedEvent).performedAt);
      let end = i + 1;
      while (
        end < events.length &&
        end - i < batchSize &&
        Date.parse((events[end] as PlannedEvent).performedAt) - start < batchMs
      )
        end++;
      const batch = events.slice(i, end);
      i = end;
      const now = new Date((batch.at(-1) as PlannedEvent).performedAt);
      const r = db.events.append(batch, now);
      if (!r.ok) return fail(r.error);
      for (const e of batch) {
        eventTypes[e.eventType] = (eventTypes[e.eventType] ?? 0) + 1;
        // Visits are counted as their registrations are written, not as planned: a day's later events (and a
        // visit planned for a day that never comes) must not be reported before they are in the file.
        if (e.eventType === "VISIT_REGISTERED") visits++;
      }
      written += batch.length;
    }
    return ok(undefined);
  };
  /** Appends, in time order, every pending event before `cutoff` (ISO); later ones wait for later days. */
  const flush = (cutoff: string | null): Result<void> => {
    pending.sort((a, b) =>
      a.event.performedAt < b.event.performedAt
        ? -1
        : a.event.performedAt > b.event.performedAt
          ? 1
          : a.seq - b.seq,
    );
    const cut = cutoff === null ? pending.length : pending.findIndex((p) => p.event.performedAt >= cutoff);
    const due = pending.slice(0, cut === -1 ? pending.length : cut).map((p) => p.event);
    pending = cut === -1 ? [] : pending.slice(cut);
    return append(due);
  };

  for (const day of plan.days()) {
    // Every visit of this day starts after midnight, so whatever happened before it can be written now.
    const flushed = flush(`${day.date}T00:00:00.000Z`);
    if (!flushed.ok) return fail(flushed.error);
    // The day's new patients in one transaction: one disk sync instead of one per patient.
    const registered = db.sqlite.transaction((): Result<void> => {
      for (const p of day.newPatients) {
        // The plan's people are distinct by construction; two with the same name and age are two people.
        const r = registerPatient(db, p, reception, { registerAnyway: true });
        if (!r.ok) return fail({ ...r.error, message: `Registering ${p.name}: ${r.error.message}` });
        patients++;
      }
      return ok(undefined);
    })();
    if (!registered.ok) return fail(registered.error);
    for (const event of day.events) pending.push({ event, seq: seq++ });
    lastDay = day.date;
    options.onProgress?.({ day: day.index + 1, days, visits, events: written });
  }
  const last = flush(null);
  if (!last.ok) return fail(last.error);
  options.onProgress?.({ day: days, days, visits, events: written });
  return ok({
    deviceId: db.deviceId,
    staff: plan.roster.all.length,
    patients,
    visits,
    events: written,
    firstDay: plan.firstDay,
    lastDay,
    eventTypes,
  });
}

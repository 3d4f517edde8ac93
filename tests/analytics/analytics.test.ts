import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  averageConsultationTime,
  averageWaitTime,
  dailyVisitStatistics,
  mostCommonEventTypes,
  parseDateRange,
  seedAverageConsultationSql,
  type TimeBounds,
} from "../../db/analytics.js";
import type { NewVisitEvent } from "../../domain/event.js";
import { type Clinic, makeClinic, must } from "../support/temp-db.js";

// Hand-built journeys whose figures are worked out by hand below (times UTC):
//
// 2026-03-02
//   A  joined 09:01, called 09:11 (wait 10); in room 09:12-09:27 (15); completed
//   B  joined 09:06, called 09:26 (20); room 09:28-09:33 (5); back with results: joined 10:00, called 10:30 (30);
//      room 10:31-10:41 (10); completed
//   C  joined 09:11, called 09:40 (29), skipped 09:43, called again 09:55; room 09:56-10:16 (20); still open
//   D  joined 11:02, never called: still waiting
//   E  joined 11:10, cancelled 11:40 without being called
// 2026-03-03
//   F  joined 08:00, called 08:04 (4), entered the room 08:05 and is still there
//   G  joined 08:10, called 08:15 (5), entered 08:16; an exit at 08:20 was entered in error and voided; left 08:40 (24)
//   H  registered 08:30, rescheduled 08:35 (never queued)
//
// Consultation, all days: 15, 5, 10, 20, 24 -> 74 / 5 = 14.8 min; F still in a room.
// Wait, all days: 10, 20, 30, 29, 4, 5 -> 98 / 6 = 16.33 min; D still waiting, E left before being called.

let clinic: Clinic;
const at = (day: string, time: string) => `2026-03-0${day}T${time}:00.000Z`;
const all: TimeBounds = must(parseDateRange());
const day2 = must(parseDateRange("2026-03-02", "2026-03-02"));
const day3 = must(parseDateRange("2026-03-03"));

beforeAll(() => {
  clinic = makeClinic();
  const { db, reception, doctor, patientId } = clinic;
  const r = reception.id;
  const d = doctor.id;
  const visit = (visitId: string, steps: [string, string, string, string?, unknown?][]) => {
    const events: NewVisitEvent[] = steps.map(([day, time, eventType, by, metadata]) => ({
      visitId,
      eventType,
      performedAt: at(day, time),
      performedBy: by ?? r,
      ...(metadata === undefined ? {} : { metadata }),
    }));
    events[0] = { ...events[0], metadata: { patientId, doctorId: d } } as NewVisitEvent;
    return must(db.events.append(events));
  };
  visit("A", [
    ["2", "09:00", "VISIT_REGISTERED"],
    ["2", "09:01", "QUEUE_JOINED", r, { tokenNumber: "A-001" }],
    ["2", "09:11", "QUEUE_CALLED", d],
    ["2", "09:12", "ENTERED_ROOM", d],
    ["2", "09:27", "EXITED_ROOM", d],
    ["2", "09:30", "VISIT_COMPLETED"],
  ]);
  visit("B", [
    ["2", "09:05", "VISIT_REGISTERED"],
    ["2", "09:06", "QUEUE_JOINED"],
    ["2", "09:26", "QUEUE_CALLED", d],
    ["2", "09:28", "ENTERED_ROOM", d],
    ["2", "09:33", "EXITED_ROOM", d],
    ["2", "10:00", "QUEUE_JOINED"],
    ["2", "10:30", "QUEUE_CALLED", d],
    ["2", "10:31", "ENTERED_ROOM", d],
    ["2", "10:41", "EXITED_ROOM", d],
    ["2", "10:45", "VISIT_COMPLETED"],
  ]);
  visit("C", [
    ["2", "09:10", "VISIT_REGISTERED"],
    ["2", "09:11", "QUEUE_JOINED"],
    ["2", "09:40", "QUEUE_CALLED", d],
    ["2", "09:43", "QUEUE_SKIPPED", d],
    ["2", "09:55", "QUEUE_CALLED", d],
    ["2", "09:56", "ENTERED_ROOM", d],
    ["2", "10:16", "EXITED_ROOM", d],
  ]);
  visit("D", [
    ["2", "11:00", "VISIT_REGISTERED"],
    ["2", "11:02", "QUEUE_JOINED"],
  ]);
  visit("E", [
    ["2", "11:10", "VISIT_REGISTERED"],
    ["2", "11:10", "QUEUE_JOINED"],
    ["2", "11:40", "VISIT_CANCELLED", r, { reason: "Left" }],
  ]);
  visit("F", [
    ["3", "08:00", "VISIT_REGISTERED"],
    ["3", "08:00", "QUEUE_JOINED"],
    ["3", "08:04", "QUEUE_CALLED", d],
    ["3", "08:05", "ENTERED_ROOM", d],
  ]);
  const g = visit("G", [
    ["3", "08:10", "VISIT_REGISTERED"],
    ["3", "08:10", "QUEUE_JOINED"],
    ["3", "08:15", "QUEUE_CALLED", d],
    ["3", "08:16", "ENTERED_ROOM", d],
    ["3", "08:20", "EXITED_ROOM", d],
  ]);
  const wrongExit = g.at(-1)?.id;
  must(
    db.events.append([
      {
        visitId: "G",
        eventType: "EVENT_VOIDED",
        performedBy: d,
        performedAt: at("3", "08:21"),
        metadata: { voidedEventId: wrongExit, reason: "Clicked the wrong patient" },
      },
      { visitId: "G", eventType: "EXITED_ROOM", performedBy: d, performedAt: at("3", "08:40") },
    ]),
  );
  visit("H", [
    ["3", "08:30", "VISIT_REGISTERED"],
    ["3", "08:35", "VISIT_RESCHEDULED", r, { newDate: "2026-03-04" }],
  ]);
});
afterAll(() => clinic.close());

describe("average consultation time (entered the room -> left it)", () => {
  it("averages every room session, a second one with results included, and skips a voided exit", () => {
    const c = averageConsultationTime(clinic.db, all);
    expect(c.sessions).toBe(5);
    expect(c.averageMinutes).toBeCloseTo(14.8, 9);
    expect(c.stillInRoom).toBe(1);
  });

  it("keeps to a date range", () => {
    expect(averageConsultationTime(clinic.db, day2)).toEqual({
      sessions: 4,
      averageMinutes: 12.5,
      stillInRoom: 0,
    });
    expect(averageConsultationTime(clinic.db, day3)).toEqual({
      sessions: 1,
      averageMinutes: 24,
      stillInRoom: 1,
    });
  });

  it("the seed's own query runs in SQLite and shows what the careful version corrects", () => {
    // First entry and first exit per visit, voided exit included: A 15, B 5, C 20, G 4 -> 44 / 4 = 11.
    const seed = clinic.db.sqlite.prepare(seedAverageConsultationSql).pluck().get() as number;
    expect(seed).toBeCloseTo(11, 5);
  });
});

describe("average wait (joined the queue -> called)", () => {
  it("counts those still waiting apart instead of dropping them", () => {
    const w = averageWaitTime(clinic.db, all, new Date(at("3", "12:00")));
    expect(w.called).toBe(6);
    expect(w.averageMinutes).toBeCloseTo(98 / 6, 9);
    expect(w.stillWaiting).toBe(1);
    // D joined at 11:02 the day before: 24 h 58 min so far.
    expect(w.stillWaitingMinutesSoFar).toBeCloseTo(1498, 6);
    expect(w.leftBeforeCalled).toBe(1);
  });

  it("keeps to a date range", () => {
    const w2 = averageWaitTime(clinic.db, day2, new Date(at("2", "11:32")));
    expect(w2.called).toBe(4);
    expect(w2.averageMinutes).toBeCloseTo(22.25, 9);
    expect(w2.stillWaiting).toBe(1);
    expect(w2.stillWaitingMinutesSoFar).toBeCloseTo(30, 6);
    expect(averageWaitTime(clinic.db, day3)).toMatchObject({
      called: 2,
      averageMinutes: 4.5,
      stillWaiting: 0,
      stillWaitingMinutesSoFar: null,
      leftBeforeCalled: 0,
    });
  });
});

describe("daily visit statistics", () => {
  it("gives the visits registered each day and how they stand now", () => {
    expect(dailyVisitStatistics(clinic.db, all)).toEqual([
      { date: "2026-03-02", totalVisits: 5, completed: 2, cancelled: 1, rescheduled: 0, open: 2 },
      { date: "2026-03-03", totalVisits: 3, completed: 0, cancelled: 0, rescheduled: 1, open: 2 },
    ]);
    expect(dailyVisitStatistics(clinic.db, day3).map((d) => d.date)).toEqual(["2026-03-03"]);
  });
});

describe("most common event types", () => {
  it("counts every event as stored, most common first, with the catalog's label", () => {
    const counts = mostCommonEventTypes(clinic.db, all);
    expect(counts[0]).toEqual({ eventType: "QUEUE_JOINED", label: "Joined the queue", count: 8 });
    const byType = Object.fromEntries(counts.map((c) => [c.eventType, c.count]));
    expect(byType).toMatchObject({
      VISIT_REGISTERED: 8,
      QUEUE_CALLED: 7,
      ENTERED_ROOM: 6,
      EXITED_ROOM: 6,
      EVENT_VOIDED: 1,
      VISIT_COMPLETED: 2,
    });
    expect(counts.map((c) => c.count)).toEqual([...counts.map((c) => c.count)].sort((a, b) => b - a));
    expect(mostCommonEventTypes(clinic.db, day3).find((c) => c.eventType === "QUEUE_JOINED")?.count).toBe(2);
  });
});

describe("date ranges", () => {
  it("refuses a date that is not a real day, naming the option", () => {
    const bad = parseDateRange("2026-02-30");
    expect(bad).toEqual({
      ok: false,
      error: { code: "INVALID_INPUT", message: 'from must be a date like 2026-03-01, not "2026-02-30".' },
    });
    expect(parseDateRange(undefined, "March").ok).toBe(false);
    const backwards = parseDateRange("2026-03-05", "2026-03-01");
    expect(backwards.ok || backwards.error.message).toBe(
      "from (2026-03-05) must not be after to (2026-03-01).",
    );
  });
});

describe("hms analytics", () => {
  it("prints the figures readably", () => {
    const out = spawnSync(process.execPath, ["cli/bin.js", "analytics", "--db", clinic.path], {
      encoding: "utf8",
    });
    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout).toContain(
      "Consultation time  14.8 min on average over 5 room sessions (1 in a room now)",
    );
    expect(out.stdout).toContain(
      "Waiting time       16.3 min on average from joining the queue to being called (6 calls)",
    );
    expect(out.stdout).toMatch(/2026-03-02\s+5\s+2\s+1\s+0\s+2/);
    expect(out.stdout).toMatch(/QUEUE_JOINED\s+Joined the queue\s+8/);
  });

  it("explains a bad date instead of guessing", () => {
    const out = spawnSync(
      process.execPath,
      ["cli/bin.js", "analytics", "--db", clinic.path, "--to", "yesterday"],
      {
        encoding: "utf8",
      },
    );
    expect(out.status).toBe(2);
    expect(out.stderr).toContain('to must be a date like 2026-03-01, not "yesterday"');
  });
});

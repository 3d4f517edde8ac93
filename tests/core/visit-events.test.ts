import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { StoredEvent } from "../../db/event-store.js";
import {
  getEventDuration,
  getVisitJourney,
  getVisitTimeline,
  hasEvent,
  logMultipleEvents,
  logVisitEvent,
} from "../../db/visit-events.js";
import { eventHash } from "../../domain/event-hash.js";
import { type Clinic, makeClinic, must } from "../support/temp-db.js";

let c: Clinic;
beforeEach(() => {
  c = makeClinic();
});
afterEach(() => c.close());

const at = (minute: number) =>
  new Date(Date.parse("2026-11-02T08:00:00.000Z") + minute * 60_000).toISOString();
const count = (table: string) => c.db.sqlite.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;

function register(visitId = "V1") {
  return must(
    logMultipleEvents(c.db, [
      {
        visitId,
        eventType: "VISIT_REGISTERED",
        performedBy: c.reception.id,
        performedAt: at(0),
        metadata: { patientId: c.patientId, doctorId: c.doctor.id },
      },
      {
        visitId,
        eventType: "QUEUE_JOINED",
        performedBy: c.reception.id,
        performedAt: at(1),
        metadata: { tokenNumber: "A-001" },
      },
      {
        visitId,
        eventType: "CONSULTATION_BILLED",
        performedBy: c.reception.id,
        performedAt: at(2),
        metadata: { billId: "bill_456", amount: 150 },
      },
    ]),
  );
}

describe("logVisitEvent and logMultipleEvents", () => {
  it("records the seed's registration batch and derives the visit, queue and bill", () => {
    register();
    const visit = c.db.sqlite
      .prepare("SELECT status, tokenNumber, balanceCents FROM visits WHERE id = 'V1'")
      .get();
    expect(visit).toEqual({ status: "waiting", tokenNumber: "A-001", balanceCents: 15000 });
    expect(c.db.sqlite.prepare("SELECT status FROM bills WHERE billId = 'bill_456'").pluck().get()).toBe(
      "unpaid",
    );
  });

  it("is all-or-nothing: one bad event in a batch and nothing is written", () => {
    register();
    const before = { events: count("visit_events"), bills: count("bills") };
    const r = logMultipleEvents(c.db, [
      { visitId: "V1", eventType: "QUEUE_CALLED", performedBy: c.doctor.id },
      { visitId: "V1", eventType: "ENTERED_ROOM", performedBy: c.doctor.id },
      {
        visitId: "V1",
        eventType: "PAYMENT_RECEIVED",
        performedBy: c.reception.id,
        metadata: { billId: "bill_456", amount: 999 },
      },
    ]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe("PAYMENT_EXCEEDS_BALANCE");
    expect(r.error.message).toMatch(/^Event 3 of 3: /);
    expect({ events: count("visit_events"), bills: count("bills") }).toEqual(before);
    expect(c.db.sqlite.prepare("SELECT status FROM visits").pluck().get()).toBe("waiting");
  });

  it("refuses bad input with a clear error and writes nothing", () => {
    register();
    const before = count("visit_events");
    const cases: [unknown, string, RegExp][] = [
      [{ visitId: "V1", eventType: "COFFEE_BREAK" }, "UNKNOWN_EVENT_TYPE", /COFFEE_BREAK/],
      [{ visitId: "", eventType: "QUEUE_CALLED" }, "INVALID_INPUT", /visitId/],
      [
        { visitId: "V1", eventType: "PAYMENT_PARTIAL", metadata: { billId: "bill_456", amount: -3 } },
        "INVALID_METADATA",
        /Part payment" was not recorded: Amount must not be negative/,
      ],
      [{ visitId: "V1", eventType: "QUEUE_CALLED", performedBy: "nobody" }, "UNKNOWN_STAFF", /nobody/],
      [
        { visitId: "V1", eventType: "QUEUE_CALLED", performedAt: "yesterday-ish" },
        "INVALID_INPUT",
        /performedAt/,
      ],
      [
        { visitId: "V1", eventType: "QUEUE_CALLED", performedAt: "2099-01-01T00:00:00Z" },
        "INVALID_INPUT",
        /future/,
      ],
      [
        { visitId: "V2", eventType: "VISIT_REGISTERED", metadata: { patientId: "ghost" } },
        "UNKNOWN_PATIENT",
        /ghost/,
      ],
      [
        {
          visitId: "V2",
          eventType: "VISIT_REGISTERED",
          metadata: { patientId: c.patientId, doctorId: c.lab.id },
        },
        "UNKNOWN_STAFF",
        /not an active doctor/,
      ],
      [{ visitId: "V9", eventType: "QUEUE_CALLED" }, "VISIT_NOT_FOUND", /V9/],
    ];
    for (const [input, code, message] of cases) {
      const r = logVisitEvent(c.db, input as never);
      expect(r.ok, code).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe(code);
        expect(r.error.message).toMatch(message);
      }
    }
    expect(count("visit_events")).toBe(before);
  });

  it("refuses an event id that is already recorded", () => {
    const [first] = register();
    const r = logVisitEvent(c.db, { id: first!.id, visitId: "V1", eventType: "QUEUE_CALLED" });
    expect(r.ok ? null : r.error.code).toBe("DUPLICATE_EVENT");
  });

  it("names a batch's first problem: a copy of a recorded event before a later event the rules refuse", () => {
    const [first] = register();
    const before = count("visit_events");
    const r = logMultipleEvents(c.db, [
      { id: first!.id, visitId: "V1", eventType: "QUEUE_CALLED" },
      { visitId: "V9", eventType: "QUEUE_CALLED" },
    ]);
    expect(r.ok ? null : [r.error.code, r.error.message]).toEqual([
      "DUPLICATE_EVENT",
      `Event 1 of 2: An event with id ${first!.id} is already recorded.`,
    ]);
    expect(count("visit_events")).toBe(before);
  });

  it("chains each event to the device's previous one with a SHA-256 hash", () => {
    const events = register();
    const rows = c.db.sqlite.prepare("SELECT * FROM visit_events ORDER BY position").all() as StoredEvent[];
    expect(rows[0]!.prevHash).toBeNull();
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prevHash).toBe(rows[i - 1]!.hash);
    for (const r of rows) expect(eventHash(r)).toBe(r.hash);
    expect(c.db.events.chainHead()).toBe(events.at(-1)!.hash);
  });

  it("tells subscribers about committed appends only", () => {
    const seen: number[] = [];
    c.db.events.onAppended((rows) => seen.push(rows.length));
    register();
    logVisitEvent(c.db, { visitId: "V1", eventType: "EXITED_ROOM" });
    expect(seen).toEqual([3]);
  });
});

describe("reading a visit's story", () => {
  beforeEach(() => {
    register();
    const steps: [string, number, string, unknown?][] = [
      ["QUEUE_CALLED", 20, c.doctor.id],
      ["ENTERED_ROOM", 22, c.doctor.id, { roomNumber: "5" }],
      ["EXITED_ROOM", 37, c.doctor.id, { durationMinutes: 15, roomNumber: "5", notes: "Regular checkup" }],
      ["PAYMENT_PARTIAL", 40, c.reception.id, { billId: "bill_456", amount: 50, paymentMethod: "CASH" }],
    ];
    for (const [eventType, minute, performedBy, metadata] of steps)
      must(logVisitEvent(c.db, { visitId: "V1", eventType, performedBy, performedAt: at(minute), metadata }));
  });

  it("gives the timeline in the order things happened, with who did each step and their role", () => {
    const timeline = getVisitTimeline(c.db, "V1");
    expect(timeline.map((e) => e.eventType)).toEqual([
      "VISIT_REGISTERED",
      "QUEUE_JOINED",
      "CONSULTATION_BILLED",
      "QUEUE_CALLED",
      "ENTERED_ROOM",
      "EXITED_ROOM",
      "PAYMENT_PARTIAL",
    ]);
    expect(timeline[3]!.performedBy).toEqual({ id: c.doctor.id, name: "Dr Daniel Okoro", role: "doctor" });
  });

  it("formats the journey for the screen with label, icon, colour, phase and minutes between steps", () => {
    const journey = getVisitJourney(c.db, "V1");
    const exited = journey.find((j) => j.eventType === "EXITED_ROOM")!;
    expect(exited).toMatchObject({ label: "Left the room", icon: "door-closed", phase: "consultation" });
    expect(exited.colour).toMatch(/^#/);
    expect(exited.minutesSincePrevious).toBe(15);
    expect(journey[0]!.minutesSincePrevious).toBeNull();
    expect(journey[3]!.minutesSincePrevious).toBe(18);
  });

  it("measures durations between the first 'from' and the first 'to' after it", () => {
    expect(getEventDuration(c.db, "V1", "ENTERED_ROOM", "EXITED_ROOM")).toBe(15);
    expect(getEventDuration(c.db, "V1", "QUEUE_JOINED", "QUEUE_CALLED")).toBe(19);
    expect(getEventDuration(c.db, "V1", "ENTERED_ROOM", "VISIT_COMPLETED")).toBeNull();
    expect(getEventDuration(c.db, "V1", "TEST_COMPLETED", "EXITED_ROOM")).toBeNull();
    expect(getEventDuration(c.db, "nope", "ENTERED_ROOM", "EXITED_ROOM")).toBeNull();
  });

  it("answers hasEvent, and stops counting an event once it is voided", () => {
    expect(hasEvent(c.db, "V1", "PAYMENT_PARTIAL")).toBe(true);
    expect(hasEvent(c.db, "V1", "PAYMENT_RECEIVED")).toBe(false);
    const payment = getVisitTimeline(c.db, "V1").find((e) => e.eventType === "PAYMENT_PARTIAL")!;
    must(
      logVisitEvent(c.db, {
        visitId: "V1",
        eventType: "EVENT_VOIDED",
        performedBy: c.admin.id,
        metadata: { voidedEventId: payment.id, reason: "entered on the wrong visit" },
      }),
    );
    expect(hasEvent(c.db, "V1", "PAYMENT_PARTIAL")).toBe(false);
    const journey = getVisitJourney(c.db, "V1");
    expect(journey.find((j) => j.id === payment.id)?.voidedBy).not.toBeNull();
    expect(c.db.sqlite.prepare("SELECT balanceCents FROM bills").pluck().get()).toBe(15000);
  });
});

describe("folded visits kept between appends", () => {
  it("notices events another writer stored since, and folds the visit afresh", async () => {
    const { openClinicDb } = await import("../../db/open.js");
    must(
      logVisitEvent(c.db, {
        visitId: "V7",
        eventType: "VISIT_REGISTERED",
        performedBy: c.reception.id,
        metadata: { patientId: c.patientId },
      }),
    );
    // A second connection to the same file (as sync's writes are, to this store) moves the visit on.
    const other = openClinicDb(c.path);
    must(logVisitEvent(other, { visitId: "V7", eventType: "QUEUE_JOINED", performedBy: c.reception.id }));
    other.close();
    // Calling the patient needs the visit to be waiting: only true if the second writer's event is taken into account.
    must(logVisitEvent(c.db, { visitId: "V7", eventType: "QUEUE_CALLED", performedBy: c.doctor.id }));
    expect(c.db.sqlite.prepare("SELECT status FROM visits WHERE id = 'V7'").pluck().get()).toBe("called");
    // And the device's hash chain stays one line: each event links to the one recorded just before it.
    const rows = c.db.sqlite
      .prepare("SELECT prevHash, hash FROM visit_events ORDER BY position")
      .all() as StoredEvent[];
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prevHash).toBe(rows[i - 1]!.hash);
  });
});

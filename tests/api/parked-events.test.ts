import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { averageWaitTime, mostCommonEventTypes } from "../../db/analytics.js";
import { openClinicDb } from "../../db/open.js";
import { getEventDuration, hasEvent } from "../../db/visit-events.js";
import { type RouterClinic, routerClinic } from "./router-support.js";

// Parked means not applied, everywhere: events this build cannot read (a newer metadata version, an unknown type)
// are kept in the log but left out of hasEvent, getEventDuration, the analytics, the bills and the journey's steps
// in force; the journey shows them as recorded by a newer version. After an upgrade, every parked event is
// reconsidered when the file opens.

let c: RouterClinic;
let visitId: string;
let billId: string;
let n = 0;

function pulled(eventType: string, metadata: unknown, schemaVersion: number, serverSeq?: number) {
  n += 1;
  const id = `01JNEWDESK${String(n).padStart(16, "0")}`;
  c.db.sqlite
    .prepare(
      `INSERT INTO visit_events (id, visitId, eventType, description, metadata, performedBy, performedAt, deviceId,
        serverSeq, schemaVersion, recordedAt, prevHash, hash)
       VALUES (?, ?, ?, NULL, ?, NULL, ?, 'dev_NEWER', ?, ?, ?, NULL, ?)`,
    )
    .run(
      id,
      visitId,
      eventType,
      JSON.stringify(metadata),
      new Date().toISOString(),
      serverSeq ?? n,
      schemaVersion,
      new Date().toISOString(),
      `h${n}`,
    );
  return id;
}

beforeAll(async () => {
  c = await routerClinic();
  const patient = (
    await c.ok<{ patient: { id: string } }>("reception", "registerPatient", {
      name: "Omar Haji",
      sex: "male",
    })
  ).patient;
  ({ visitId, billId } = await c.ok<{ visitId: string; billId: string }>("reception", "registerVisit", {
    patientId: patient.id,
    doctorId: c.ids.doctor,
  }));
  // A desk on a newer version paid the bill and called the patient; this build cannot read either.
  pulled("PAYMENT_RECEIVED", { billId, amount: 150, currency: "KES", cardLast4: "4242" }, 3);
  pulled("QUEUE_CALLED", { roomNumber: "2", screen: "B" }, 2);
  pulled("PATIENT_TRIAGED", { level: "green" }, 1);
  c.db.events.refold([visitId]);
});
afterAll(() => c?.close());

describe("parked events are not applied", () => {
  it("hasEvent and getEventDuration do not see them", () => {
    expect(hasEvent(c.db, visitId, "PAYMENT_RECEIVED")).toBe(false);
    expect(hasEvent(c.db, visitId, "QUEUE_CALLED")).toBe(false);
    expect(hasEvent(c.db, visitId, "QUEUE_JOINED")).toBe(true);
    expect(getEventDuration(c.db, visitId, "QUEUE_JOINED", "QUEUE_CALLED")).toBeNull();
  });

  it("the analytics do not count them", () => {
    const counts = Object.fromEntries(mostCommonEventTypes(c.db).map((t) => [t.eventType, t.count]));
    expect(counts.PAYMENT_RECEIVED).toBeUndefined();
    expect(counts.QUEUE_CALLED).toBeUndefined();
    expect(averageWaitTime(c.db)).toMatchObject({ called: 0, stillWaiting: 1 });
  });

  it("the bill is still owed, so the desk's own payment is taken", async () => {
    const visit = await c.ok<{ visit: { balance: number; status: string; conflictCount: number } }>(
      "reception",
      "visit",
      {
        visitId,
      },
    );
    expect(visit.visit).toMatchObject({ balance: 150, status: "waiting", conflictCount: 3 });
    const paid = await c.ok<{ paidInFull: boolean }>("reception", "recordPayment", {
      visitId,
      billId,
      amount: 150,
    });
    expect(paid.paidInFull).toBe(true);
  });

  it("the journey marks them recorded by a newer version and not applied", async () => {
    const { steps } = await c.ok<{
      steps: { eventType: string; standing: string; text: string; label: string }[];
    }>("reception", "visitJourney", { visitId });
    const parked = steps.filter((s) => s.standing === "parked");
    expect(parked.map((s) => s.eventType).sort()).toEqual([
      "PATIENT_TRIAGED",
      "PAYMENT_RECEIVED",
      "QUEUE_CALLED",
    ]);
    for (const s of parked) expect(s.text).toMatch(/Recorded by a newer version of the app; not applied/);
    expect(steps.filter((s) => s.standing === "in_force").map((s) => s.eventType)).toEqual([
      "VISIT_REGISTERED",
      "QUEUE_JOINED",
      "CONSULTATION_BILLED",
      "PAYMENT_RECEIVED",
    ]);
  });

  it("parkedEvents lists them with their version and why", async () => {
    const { events } = await c.ok<{ events: { eventType: string; schemaVersion: number; reason: string }[] }>(
      "doctor",
      "parkedEvents",
      { visitId },
    );
    expect(events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          eventType: "PAYMENT_RECEIVED",
          schemaVersion: 3,
          reason: "Metadata version 3 is newer than this app's 2",
        }),
        expect.objectContaining({
          eventType: "PATIENT_TRIAGED",
          reason: "Unknown event type PATIENT_TRIAGED",
        }),
      ]),
    );
  });
});

describe("after an upgrade", () => {
  it("every parked event this build can now read is applied when the file opens", async () => {
    const other = (
      await c.ok<{ patient: { id: string } }>("reception", "registerPatient", {
        name: "Zawadi Moraa",
        sex: "female",
      })
    ).patient;
    const v = await c.ok<{ visitId: string; billId: string }>("reception", "registerVisit", {
      patientId: other.id,
    });
    // What an older build left: a version-2 part payment it parked, and its own catalogue fingerprint.
    visitId = v.visitId;
    // The visit's own events reached the server first (as sync marks them), then the other desk's payment.
    c.db.sqlite
      .prepare("UPDATE visit_events SET serverSeq = 1000 + position WHERE visitId = ? AND serverSeq IS NULL")
      .run(v.visitId);
    const id = pulled("PAYMENT_PARTIAL", { billId: v.billId, amount: 50, currency: "KES" }, 2, 5000);
    c.db.sqlite
      .prepare(
        `INSERT OR REPLACE INTO visit_conflicts (eventId, visitId, eventType, kind, code, message)
         VALUES (?, ?, 'PAYMENT_PARTIAL', 'parked', 'PARKED', 'Metadata version 2 is newer')`,
      )
      .run(id, v.visitId);
    c.db.sqlite.prepare("UPDATE app_meta SET value = 'an older build' WHERE key = 'eventCatalog'").run();
    c.db.sqlite.prepare("UPDATE visits SET balanceCents = 15000 WHERE id = ?").run(v.visitId);
    const path = c.db.path;
    c.db.close();
    const reopened = openClinicDb(path);
    try {
      const left = reopened.sqlite
        .prepare("SELECT kind, code, message FROM visit_conflicts WHERE visitId = ?")
        .all(v.visitId);
      expect(left).toEqual([]);
      expect(
        reopened.sqlite.prepare("SELECT balanceCents FROM visits WHERE id = ?").pluck().get(v.visitId),
      ).toBe(10000);
      expect(hasEvent(reopened, v.visitId, "PAYMENT_PARTIAL")).toBe(true);
    } finally {
      reopened.close();
    }
  });
});

import type { PlannedEvent } from "./visit-draft.js";

// One very long visit (an observation stay): vitals every few minutes, prescriptions, lab tests ordered and worked
// through, bills and part payments, and now and then a vitals entry voided as entered in error. The benchmark and
// the fold tests use it to show what a visit of tens of thousands of events costs to fold and to append to.

export interface LongVisitPeople {
  patientId: string;
  doctorId: string;
}

const MINUTE = 60_000;

/** `count` events of one visit in a valid order, one a minute from `startsAt`, each with its own id. */
export function longVisitEvents(
  visitId: string,
  count: number,
  people: LongVisitPeople,
  startsAt = Date.parse("2025-01-01T08:00:00.000Z"),
): PlannedEvent[] {
  const events: PlannedEvent[] = [];
  const by = people.doctorId;
  const add = (eventType: string, metadata?: unknown) => {
    const n = events.length;
    events.push({
      id: `${visitId}_e${String(n).padStart(6, "0")}`,
      visitId,
      eventType,
      metadata,
      performedBy: by,
      performedAt: new Date(startsAt + n * MINUTE).toISOString(),
    });
    return events[n]?.id as string;
  };
  add("VISIT_REGISTERED", { patientId: people.patientId, doctorId: by });
  add("QUEUE_JOINED", { tokenNumber: "L-001" });
  add("QUEUE_CALLED");
  add("ENTERED_ROOM");
  add("CONSULTATION_BILLED", { billId: `${visitId}_consult`, amount: 150 });
  let test = 0;
  let lastVitals: string | null = null;
  for (let i = 0; events.length < count; i++) {
    const room = count - events.length;
    if (i % 100 === 99 && room >= 8) {
      const testOrderId = `${visitId}_t${test++}`;
      add("TESTS_ORDERED", { testOrderIds: [testOrderId], tests: ["CBC"] });
      for (const step of [
        "TEST_SAMPLE_COLLECTED",
        "TEST_IN_PROGRESS",
        "TEST_COMPLETED",
        "TEST_REVIEWED",
        "TEST_APPROVED",
      ])
        add(step, { testOrderId });
      add("PAYMENT_PARTIAL", { billId: `${visitId}_consult`, amount: 0.01, paymentMethod: "CASH" });
    } else if (i % 250 === 249 && lastVitals) {
      add("EVENT_VOIDED", { voidedEventId: lastVitals, reason: "entered in error" });
      lastVitals = null;
    } else if (i % 10 === 5) {
      add("PRESCRIPTION_GIVEN", {
        items: [{ drug: "Paracetamol", dose: "500 mg", frequency: "qds", duration: "1 day" }],
      });
    } else {
      lastVitals = add("VITALS_RECORDED", { pulse: 60 + (i % 40), temperatureC: 36.5 });
    }
  }
  return events;
}

import type { VisitEvent } from "../../domain/event.js";

// Builders for visit events in tests: a readable journey without the noise of ids and times.

let counter = 0;
const base = Date.parse("2026-11-02T08:00:00.000Z");

export function ev(eventType: string, metadata: unknown = undefined, visitId = "V1"): VisitEvent {
  counter += 1;
  return {
    id: `e${String(counter).padStart(5, "0")}`,
    visitId,
    eventType: eventType as VisitEvent["eventType"],
    description: null,
    metadata: metadata ?? null,
    performedBy: "staff_1",
    performedAt: new Date(base + counter * 60_000).toISOString(),
  };
}

/** The seed's standard OPD visit up to the doctor's room. */
export const registeredAndWaiting = () => [
  ev("VISIT_REGISTERED", { patientId: "pat_1", doctorId: "doc_1" }),
  ev("QUEUE_JOINED", { tokenNumber: "A-001" }),
  ev("CONSULTATION_BILLED", { billId: "bill_1", amount: 150 }),
];

export const inRoom = () => [
  ...registeredAndWaiting(),
  ev("QUEUE_CALLED"),
  ev("ENTERED_ROOM", { roomNumber: "5" }),
];

export const withTwoTests = () => [
  ...inRoom(),
  ev("TESTS_ORDERED", { testOrderIds: ["t1", "t2"], tests: ["CBC", "Lipid Profile"], testCount: 2 }),
];

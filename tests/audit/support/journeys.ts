import type { NewVisitEvent } from "../../../domain/event.js";

// Valid visit journeys for audit tests and the export bench, recorded through the core API (the store checks each
// one against the workflow rules): register, queue, bill, pay, call, consult, prescribe, leave, complete.

export interface JourneyPeople {
  patientId: string;
  reception: string;
  doctor: string;
}

export const EVENTS_PER_JOURNEY = 9;

/** One visit's nine events; `at` spaces them a minute apart from the given start (ISO-8601 UTC). */
export function journey(
  visitId: string,
  p: JourneyPeople,
  startMs: number,
  note = "Fever and headache",
): NewVisitEvent[] {
  const at = (i: number) => new Date(startMs + i * 60_000).toISOString();
  const billId = `bill_${visitId}`;
  return [
    {
      visitId,
      eventType: "VISIT_REGISTERED",
      performedBy: p.reception,
      performedAt: at(0),
      metadata: { patientId: p.patientId, doctorId: p.doctor, reason: note },
    },
    {
      visitId,
      eventType: "QUEUE_JOINED",
      performedBy: p.reception,
      performedAt: at(1),
      metadata: { tokenNumber: "A-001" },
    },
    {
      visitId,
      eventType: "CONSULTATION_BILLED",
      performedBy: p.reception,
      performedAt: at(2),
      metadata: { billId, amount: 500 },
    },
    {
      visitId,
      eventType: "PAYMENT_RECEIVED",
      performedBy: p.reception,
      performedAt: at(3),
      metadata: { billId, amount: 500, paymentMethod: "CASH" },
    },
    {
      visitId,
      eventType: "QUEUE_CALLED",
      performedBy: p.doctor,
      performedAt: at(4),
      metadata: { roomNumber: "5" },
    },
    {
      visitId,
      eventType: "ENTERED_ROOM",
      performedBy: p.doctor,
      performedAt: at(5),
      description: "Patient entered Room 5",
    },
    {
      visitId,
      eventType: "PRESCRIPTION_GIVEN",
      performedBy: p.doctor,
      performedAt: at(6),
      metadata: {
        items: [{ drug: "Paracetamol", dose: "1 g", frequency: "three times a day", duration: "3 days" }],
      },
    },
    {
      visitId,
      eventType: "EXITED_ROOM",
      performedBy: p.doctor,
      performedAt: at(7),
      metadata: { diagnosis: "Malaria, uncomplicated", notes: 'Says "better", line\nbreak' },
    },
    { visitId, eventType: "VISIT_COMPLETED", performedBy: p.doctor, performedAt: at(8) },
  ];
}

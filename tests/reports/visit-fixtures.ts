import { registerPatient } from "../../db/patients.js";
import type { Clinic } from "../support/temp-db.js";
import { must } from "../support/temp-db.js";

// Visits written as events into a real clinic file, for the documents to be drawn from.

export interface Analyte {
  analyte: string;
  value: number | string;
  unit?: string;
  referenceLow?: number;
  referenceHigh?: number;
}

export function patientNamed(
  c: Clinic,
  name: string,
  birth: { dateOfBirth?: string; dateOfBirthEstimated?: boolean } = { dateOfBirth: "1990-05-01" },
): string {
  return must(registerPatient(c.db, { name, sex: "female", ...birth })).id;
}

/** A visit whose one test has approved results: ready for its lab report. */
export function visitWithApprovedTest(
  c: Clinic,
  args: { visitId: string; patientId: string; testName?: string; results?: Analyte[] },
): void {
  const t = { testOrderId: "t1" };
  const v = args.visitId;
  must(
    c.db.events.append([
      {
        visitId: v,
        eventType: "VISIT_REGISTERED",
        metadata: { patientId: args.patientId, doctorId: c.doctor.id },
        performedBy: c.reception.id,
      },
      {
        visitId: v,
        eventType: "QUEUE_JOINED",
        metadata: { tokenNumber: "A-001" },
        performedBy: c.reception.id,
      },
      { visitId: v, eventType: "QUEUE_CALLED", performedBy: c.doctor.id },
      { visitId: v, eventType: "ENTERED_ROOM", performedBy: c.doctor.id },
      {
        visitId: v,
        eventType: "TESTS_ORDERED",
        metadata: { testOrderIds: ["t1"], tests: [args.testName ?? "Full blood count"] },
        performedBy: c.doctor.id,
      },
      { visitId: v, eventType: "TEST_SAMPLE_COLLECTED", metadata: t, performedBy: c.lab.id },
      { visitId: v, eventType: "TEST_IN_PROGRESS", metadata: t, performedBy: c.lab.id },
      {
        visitId: v,
        eventType: "TEST_COMPLETED",
        metadata: {
          ...t,
          results: args.results ?? [
            { analyte: "Haemoglobin", value: 9.1, unit: "g/dL", referenceLow: 12, referenceHigh: 16 },
          ],
        },
        performedBy: c.lab.id,
      },
      { visitId: v, eventType: "TEST_REVIEWED", metadata: t, performedBy: c.lab.id },
      { visitId: v, eventType: "TEST_APPROVED", metadata: t, performedBy: c.doctor.id },
    ]),
  );
}

/** A visit with a consultation bill paid in full and a test bill paid in part and partly refunded. */
export function visitWithMoney(c: Clinic, args: { visitId: string; patientId: string }): void {
  const v = args.visitId;
  must(
    c.db.events.append([
      {
        visitId: v,
        eventType: "VISIT_REGISTERED",
        metadata: { patientId: args.patientId, doctorId: c.doctor.id },
        performedBy: c.reception.id,
      },
      {
        visitId: v,
        eventType: "QUEUE_JOINED",
        metadata: { tokenNumber: "B-007" },
        performedBy: c.reception.id,
      },
      {
        visitId: v,
        eventType: "CONSULTATION_BILLED",
        metadata: { billId: "b1", amount: 500, currency: "KES" },
        performedBy: c.reception.id,
      },
      {
        visitId: v,
        eventType: "PAYMENT_RECEIVED",
        metadata: { billId: "b1", amount: 500, paymentMethod: "CASH" },
        performedBy: c.reception.id,
      },
      { visitId: v, eventType: "QUEUE_CALLED", performedBy: c.doctor.id },
      { visitId: v, eventType: "ENTERED_ROOM", performedBy: c.doctor.id },
      {
        visitId: v,
        eventType: "TESTS_ORDERED",
        metadata: { testOrderIds: ["t1", "t2"], tests: ["Full blood count", "Malaria rapid test"] },
        performedBy: c.doctor.id,
      },
      {
        visitId: v,
        eventType: "TESTS_BILLED",
        metadata: { billId: "b2", amount: 350, discount: 50, testOrderIds: ["t1", "t2"] },
        performedBy: c.reception.id,
      },
      {
        visitId: v,
        eventType: "PAYMENT_PARTIAL",
        metadata: { billId: "b2", amount: 200, paymentMethod: "MOBILE_MONEY", reference: "QK7H2LX9" },
        performedBy: c.reception.id,
      },
      {
        visitId: v,
        eventType: "PAYMENT_REFUNDED",
        metadata: { billId: "b2", amount: 20, paymentMethod: "CASH", reason: "Charged twice for the needle" },
        performedBy: c.reception.id,
      },
    ]),
  );
}

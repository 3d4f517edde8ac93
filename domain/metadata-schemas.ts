import { z } from "zod";

// Metadata shapes, one per event type. Objects are strict: a misspelt key ("ammount") is refused rather than stored
// and silently ignored by every report afterwards. The seed's own examples validate as written (tests/domain).

const id = z.string().trim().min(1, "must not be empty").max(100);
const text = z.string().trim().min(1, "must not be empty").max(2000);
const money = z
  .number()
  .finite()
  .nonnegative("must not be negative")
  .refine((n) => Number.isInteger(Math.round(n * 100)) && Math.abs(n * 100 - Math.round(n * 100)) < 1e-6, {
    message: "must have at most two decimal places",
  });
const positiveMoney = money.refine((n) => n > 0, { message: "must be more than zero" });
const isoDate = z.iso.date({ message: "must be a date like 2026-12-01" });

export const paymentMethods = [
  "CASH",
  "CARD",
  "MOBILE_MONEY",
  "INSURANCE",
  "BANK_TRANSFER",
  "OTHER",
] as const;
export const testPriorities = ["normal", "urgent", "stat"] as const;
export const reminderChannels = ["PHONE", "SMS", "IN_PERSON", "EMAIL"] as const;

/** The seed names a lab test `testOrderId` in one place and `testId` in another; both are accepted. */
const testRef = {
  testOrderId: id.optional(),
  testId: id.optional(),
};
const needsTestRef = (m: { testOrderId?: string; testId?: string }) => Boolean(m.testOrderId ?? m.testId);
const testRefMessage = { message: "must name the test: testOrderId (or testId)", path: ["testOrderId"] };

export const labResult = z.strictObject({
  analyte: text,
  value: z.union([z.number().finite(), z.string().trim().min(1).max(200)]),
  unit: z.string().trim().max(40).optional(),
  referenceLow: z.number().finite().optional(),
  referenceHigh: z.number().finite().optional(),
  referenceRange: z.string().trim().max(100).optional(),
  flag: z.enum(["normal", "low", "high", "abnormal", "critical"]).optional(),
});

/**
 * The money's currency (version 2 of the money events): an ISO 4217 code, or null for "the clinic's currency" when
 * the clinic has set none, and for version-1 rows (domain/event-versions.ts). Left out, it is stored as null.
 */
const currency = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, "must be a 3-letter currency code like KES")
  .nullable()
  .default(null);

const bill = z.strictObject({
  billId: id,
  /** Gross amount before discount; what is due is amount - discount. */
  amount: positiveMoney,
  billItems: z.array(z.union([text, z.strictObject({ name: text, amount: money })])).optional(),
  discount: money.optional(),
  currency,
  testOrderIds: z.array(id).optional(),
});

const payment = z.strictObject({
  billId: id,
  amount: positiveMoney,
  currency,
  paymentMethod: z.enum(paymentMethods).optional(),
  reference: z.string().trim().max(200).optional(),
});

const roomVisit = z.strictObject({
  roomNumber: z.string().trim().max(40).optional(),
  durationMinutes: z.number().finite().nonnegative().optional(),
  notes: z.string().trim().max(4000).optional(),
  diagnosis: z.string().trim().max(2000).optional(),
});

const report = z.strictObject({
  ...testRef,
  reportUrl: z.string().trim().min(1).max(1000).optional(),
  fileSize: z.number().int().nonnegative().optional(),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, "must be 64 lowercase hex characters")
    .optional(),
  deliveredTo: z.string().trim().max(200).optional(),
  signature: z.string().trim().max(200).optional(),
});

export const metadataSchemas = {
  VISIT_REGISTERED: z.strictObject({
    patientId: id,
    doctorId: id.optional(),
    department: z.string().trim().max(100).optional(),
    reason: z.string().trim().max(2000).optional(),
  }),
  VISIT_ASSIGNED: z.strictObject({
    doctorId: id,
    department: z.string().trim().max(100).optional(),
    /** Required once the patient has been in the room (workflow.ts). */
    reason: z.string().trim().max(2000).optional(),
  }),
  QUEUE_JOINED: z
    .strictObject({
      tokenNumber: z.string().trim().min(1).max(20).optional(),
      queue: z.string().trim().max(100).optional(),
      priority: z.enum(["normal", "urgent"]).optional(),
    })
    .optional(),
  QUEUE_CALLED: z
    .strictObject({
      roomNumber: z.string().trim().max(40).optional(),
      counter: z.string().max(40).optional(),
    })
    .optional(),
  QUEUE_SKIPPED: z.strictObject({ reason: z.string().trim().max(500).optional() }).optional(),
  ENTERED_ROOM: z.strictObject({ roomNumber: z.string().trim().max(40).optional() }).optional(),
  EXITED_ROOM: roomVisit.optional(),
  CONSULTATION_COMPLETED: roomVisit.optional(),
  VITALS_RECORDED: z
    .strictObject({
      temperatureC: z.number().min(25).max(45).optional(),
      pulse: z.number().int().min(10).max(300).optional(),
      systolic: z.number().int().min(40).max(300).optional(),
      diastolic: z.number().int().min(20).max(200).optional(),
      respiratoryRate: z.number().int().min(2).max(100).optional(),
      spo2: z.number().min(30).max(100).optional(),
      weightKg: z.number().min(0.2).max(500).optional(),
      heightCm: z.number().min(20).max(260).optional(),
    })
    .refine((v) => Object.keys(v).length > 0, { message: "must record at least one vital sign" }),
  PRESCRIPTION_GIVEN: z.strictObject({
    prescriptionId: id.optional(),
    items: z
      .array(
        z.strictObject({
          drug: text,
          dose: text,
          frequency: text,
          duration: text,
          instructions: z.string().trim().max(1000).optional(),
        }),
      )
      .min(1, "must list at least one medicine"),
  }),
  TESTS_ORDERED: z
    .strictObject({
      testOrderIds: z.array(id).min(1, "must order at least one test"),
      tests: z.array(text).optional(),
      testCount: z.number().int().positive().optional(),
      priority: z.enum(testPriorities).optional(),
      specimens: z.array(z.string().trim().max(100)).optional(),
    })
    .refine((m) => m.testCount === undefined || m.testCount === m.testOrderIds.length, {
      message: "testCount must equal the number of testOrderIds",
      path: ["testCount"],
    })
    .refine((m) => m.tests === undefined || m.tests.length === m.testOrderIds.length, {
      message: "tests must name one test for each testOrderId",
      path: ["tests"],
    })
    .refine((m) => new Set(m.testOrderIds).size === m.testOrderIds.length, {
      message: "testOrderIds must not repeat",
      path: ["testOrderIds"],
    }),
  REFERRAL_GIVEN: z.strictObject({
    referredTo: text,
    specialty: z.string().trim().max(200).optional(),
    reason: z.string().trim().max(2000).optional(),
  }),
  CONSULTATION_BILLED: bill,
  TESTS_BILLED: bill,
  PAYMENT_RECEIVED: payment,
  PAYMENT_PARTIAL: payment,
  PAYMENT_REFUNDED: payment.extend({ reason: text }),
  TEST_SAMPLE_COLLECTED: z
    .strictObject({ ...testRef, sampleId: id.optional(), specimen: z.string().trim().max(100).optional() })
    .refine(needsTestRef, testRefMessage),
  TEST_SAMPLE_REJECTED: z.strictObject({ ...testRef, reason: text }).refine(needsTestRef, testRefMessage),
  TEST_IN_PROGRESS: z.strictObject({ ...testRef }).refine(needsTestRef, testRefMessage),
  TEST_COMPLETED: z
    .strictObject({
      ...testRef,
      results: z.array(labResult).optional(),
      notes: z.string().max(4000).optional(),
    })
    .refine(needsTestRef, testRefMessage),
  TEST_REVIEWED: z
    .strictObject({ ...testRef, notes: z.string().max(4000).optional() })
    .refine(needsTestRef, testRefMessage),
  TEST_APPROVED: z
    .strictObject({ ...testRef, notes: z.string().max(4000).optional() })
    .refine(needsTestRef, testRefMessage),
  REPORT_GENERATED: report.refine(needsTestRef, testRefMessage),
  REPORT_DELIVERED: report.refine(needsTestRef, testRefMessage),
  REPORT_AMENDED: z
    .strictObject({ ...testRef, reason: text, results: z.array(labResult).optional() })
    .refine(needsTestRef, testRefMessage),
  DOCUMENT_UPLOADED: z.strictObject({
    documentId: id,
    fileName: text,
    fileUrl: z.string().trim().max(1000).optional(),
    fileSize: z.number().int().nonnegative().optional(),
    mimeType: z.string().trim().max(200).optional(),
    sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional(),
  }),
  DOCUMENT_SHARED: z.strictObject({ documentId: id, sharedWith: text }),
  VISIT_COMPLETED: z.strictObject({ notes: z.string().trim().max(4000).optional() }).optional(),
  VISIT_CANCELLED: z.strictObject({ reason: text }),
  VISIT_RESCHEDULED: z.strictObject({ newDate: isoDate, reason: z.string().trim().max(2000).optional() }),
  FOLLOWUP_SCHEDULED: z.strictObject({
    followUpId: id.optional(),
    dueDate: isoDate,
    reason: z.string().trim().max(2000).optional(),
    doctorId: id.optional(),
  }),
  FOLLOWUP_REMINDER_SENT: z.strictObject({
    followUpId: id.optional(),
    channel: z.enum(reminderChannels),
  }),
  EVENT_VOIDED: z.strictObject({ voidedEventId: id, reason: text }),
  CONFLICT_RESOLVED: z.strictObject({
    /** The entry the rules refused when two desks' histories met. */
    conflictEventId: id,
    /** Which side stands: the entry already in force, or the refused one (which then takes effect at its place). */
    kept: z.enum(["in_force", "conflicting"]),
    reason: text,
    /** When the refused entry is kept: the entry in force it replaces (voided in the same append). */
    replacedEventId: id.optional(),
  }),
} as const;

import { z } from "zod";
import { defineChannels } from "../channel.js";
import { anyRole } from "../roles.js";
import { id, isoDate, noInput, visitId } from "./common.js";
import { patient } from "./patients.js";

// What the work screens need beyond the core channels: the test catalogue, the clinic's departments, locale and
// approval rule, the duplicate-patient check, the waiting-room display, follow-ups due, tests not yet billed and
// the stored lab report files.

// The catalogue's shapes live here, not beside its storage, so the renderer can import them without the database.
const text = (max: number) => z.string().trim().min(1, "must not be empty").max(max);

/**
 * One analyte of a test. Numeric by default (a number, its unit, reference and critical limits); qualitative when it
 * lists allowed values ("Negative", "Positive"), with the normal ones (by default its reference range's text).
 * Catalogues saved before kind and allowed values existed read as numeric, as they were used.
 */
export const catalogueAnalyte = z.strictObject({
  analyte: text(200),
  kind: z.enum(["numeric", "qualitative"]).optional(),
  unit: z.string().trim().max(40).optional(),
  referenceLow: z.number().finite().optional(),
  referenceHigh: z.number().finite().optional(),
  referenceRange: z.string().trim().max(100).optional(),
  criticalLow: z.number().finite().optional(),
  criticalHigh: z.number().finite().optional(),
  allowedValues: z.array(text(100)).max(20).optional(),
  normalValues: z.array(text(100)).max(20).optional(),
});

export const catalogueTest = z.strictObject({
  code: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9-]{2,12}$/, "must be 2 to 12 letters, digits or '-', like FBC"),
  name: text(200),
  price: z
    .number()
    .finite()
    .nonnegative("must not be negative")
    .refine((n) => Math.abs(n * 100 - Math.round(n * 100)) < 1e-6, {
      message: "must have at most two decimal places",
    }),
  specimen: text(100),
  analytes: z.array(catalogueAnalyte).max(40).default([]),
  active: z.boolean().default(true),
});
export type CatalogueTest = z.output<typeof catalogueTest>;

const preferences = z.object({
  clinicName: z.string(),
  currency: z.string().nullable(),
  locale: z.string().nullable(),
  departments: z.array(z.string()),
  secondPersonApproval: z.boolean(),
});

const tokenOnScreen = z.object({
  tokenNumber: z.string().nullable(),
  doctorName: z.string().nullable(),
  department: z.string().nullable(),
});

export const clinicChannels = defineChannels({
  testCatalogue: {
    kind: "query",
    roles: anyRole,
    summary: "The clinic's test catalogue: name, price, specimen and reference ranges",
    input: z.strictObject({ includeInactive: z.boolean().default(false) }),
    output: z.object({ tests: z.array(catalogueTest) }),
  },
  saveCatalogueTest: {
    kind: "command",
    roles: ["admin"],
    summary: "Add a test to the catalogue or change one (by its code)",
    input: catalogueTest,
    output: z.object({ tests: z.array(catalogueTest) }),
  },
  clinicPreferences: {
    kind: "query",
    roles: anyRole,
    summary:
      "How the clinic writes money and dates, its departments, and whether approval needs a second person",
    input: noInput,
    output: preferences,
  },
  updateClinicPreferences: {
    kind: "command",
    roles: ["admin"],
    summary: "Change the locale, the departments or the second-person approval rule",
    input: z.strictObject({
      locale: z
        .string()
        .trim()
        .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, "must be a language tag like en-KE")
        .nullable()
        .optional(),
      departments: z.array(z.string().trim().min(1, "must not be empty").max(100)).max(50).optional(),
      secondPersonApproval: z.boolean().optional(),
    }),
    output: preferences,
  },
  possibleDuplicates: {
    kind: "query",
    roles: ["reception", "admin"],
    summary:
      "Patients who may be the one about to be registered: same phone, or same name (ignoring case, accents and common spellings) with the same exact birth date, or an age within a year when either birth date is estimated",
    input: z.strictObject({
      name: z.string().trim().max(200).default(""),
      dateOfBirth: isoDate.optional(),
      /** The birth date was worked out from an age: it matches an age within a year. */
      dateOfBirthEstimated: z.boolean().optional(),
      phone: z.string().trim().max(40).optional(),
    }),
    output: z.object({ patients: z.array(patient.extend({ why: z.string() })) }),
  },
  waitingDisplay: {
    kind: "query",
    roles: "public",
    summary: "The waiting-room screen: tokens now called (with room) and tokens waiting; no patient names",
    input: noInput,
    output: z.object({
      clinicName: z.string(),
      calling: z.array(tokenOnScreen.extend({ roomNumber: z.string().nullable(), calledAt: z.string() })),
      waiting: z.array(tokenOnScreen),
    }),
  },
  followUpsDue: {
    kind: "query",
    roles: ["reception", "doctor", "admin"],
    summary: "Follow-ups due on or before a day (default: a week from today), soonest first",
    input: z.strictObject({ until: isoDate.optional() }),
    output: z.object({
      followUps: z.array(
        z.object({
          visitId: z.string(),
          followUpId: z.string(),
          dueDate: z.string(),
          reason: z.string().nullable(),
          remindersSent: z.number().int(),
          lastReminderAt: z.string().nullable(),
          patientName: z.string().nullable(),
          patientNumber: z.string().nullable(),
          phone: z.string().nullable(),
        }),
      ),
    }),
  },
  unbilledTests: {
    kind: "query",
    roles: ["reception", "admin"],
    summary: "Tests ordered on a visit and not billed yet, with the catalogue's prices",
    input: z.strictObject({ visitId }),
    output: z.object({
      tests: z.array(
        z.object({ testOrderId: z.string(), name: z.string().nullable(), price: z.number().nullable() }),
      ),
      total: z.number(),
    }),
  },
  labReportFile: {
    kind: "query",
    roles: anyRole,
    summary:
      "The stored PDF of the latest report made on a visit (or for one of its tests), base64, with its SHA-256",
    input: z.strictObject({ visitId, testOrderId: id.optional() }),
    output: z.object({ fileName: z.string(), reportUrl: z.string(), sha256: z.string(), base64: z.string() }),
  },
});

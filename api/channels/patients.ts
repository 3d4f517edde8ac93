import { z } from "zod";
import { newPatientInput, patientSexes } from "../../db/patients.js";
import { defineChannels } from "../channel.js";
import { anyRole } from "../roles.js";
import { id } from "./common.js";

// Patients are records, not events; visits refer to them by id.

export const patient = z.object({
  id: z.string(),
  patientNumber: z.string(),
  name: z.string(),
  sex: z.enum(patientSexes),
  dateOfBirth: z.string().nullable(),
  /** The birth date was worked out from an age the patient gave: screens say "about N years". */
  dateOfBirthEstimated: z.boolean().optional(),
  phone: z.string().nullable(),
  address: z.string().nullable(),
  createdAt: z.string(),
});

export const patientChannels = defineChannels({
  registerPatient: {
    kind: "command",
    roles: ["reception", "admin"],
    summary: "Register a new patient (name, sex, date of birth, phone, address)",
    input: newPatientInput.omit({ id: true }).extend({
      /** The desk saw the likely duplicates and says this is someone else. */
      registerAnyway: z.boolean().default(false),
    }),
    output: z.object({ patient }),
  },
  searchPatients: {
    kind: "query",
    roles: anyRole,
    summary: "Find patients by name, patient number or phone",
    input: z.strictObject({
      query: z.string().trim().max(100).default(""),
      limit: z.number().int().min(1).max(100).default(20),
    }),
    output: z.object({ patients: z.array(patient) }),
  },
  patient: {
    kind: "query",
    roles: anyRole,
    summary: "One patient's record and their visits, newest first",
    input: z.strictObject({ patientId: id }),
    output: z.object({
      patient,
      visits: z.array(
        z.object({
          visitId: z.string(),
          status: z.string(),
          tokenNumber: z.string().nullable(),
          registeredAt: z.string().nullable(),
          doctorId: z.string().nullable(),
        }),
      ),
    }),
  },
});

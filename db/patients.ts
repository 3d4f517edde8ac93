import { z } from "zod";
import { describeFieldErrors, fieldErrors } from "../domain/field-errors.js";
import { fail, ok, type Result, refuse } from "../domain/refusal.js";
import type { ClinicDb } from "./open.js";

// Patients are records, not events: visit events refer to them by id and never copy their demographics.

export const patientSexes = ["female", "male", "other", "unknown"] as const;

export const newPatientInput = z.strictObject({
  name: z.string().trim().min(1, "must not be empty").max(200),
  sex: z.enum(patientSexes),
  dateOfBirth: z.iso.date({ message: "must be a date like 1980-04-30" }).optional(),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 ()-]{6,20}$/, "must be a phone number of 6 to 20 digits")
    .optional(),
  address: z.string().trim().max(500).optional(),
  id: z.string().trim().min(1).max(64).optional(),
});

export interface Patient {
  id: string;
  patientNumber: string;
  name: string;
  sex: (typeof patientSexes)[number];
  dateOfBirth: string | null;
  phone: string | null;
  address: string | null;
  createdAt: string;
}

const columns = "id, patientNumber, name, sex, dateOfBirth, phone, address, createdAt";

export function registerPatient(
  db: ClinicDb,
  input: z.input<typeof newPatientInput>,
  createdBy: string | null = null,
): Result<Patient> {
  const parsed = newPatientInput.safeParse(input);
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error.issues, input);
    return fail({
      ...refuse("INVALID_INPUT", describeFieldErrors(errors), undefined, errors[0]?.field),
      details: errors,
    });
  }
  const p = parsed.data;
  if (p.dateOfBirth && p.dateOfBirth > new Date().toISOString().slice(0, 10))
    return fail(refuse("INVALID_INPUT", "dateOfBirth: must not be in the future"));
  const now = new Date().toISOString();
  const id = p.id ?? `pat_${db.newId()}`;
  const create = db.sqlite.transaction(() => {
    // Patient numbers carry the device's short id so two desks registering offline never hand out the same one.
    const count = db.sqlite.prepare("SELECT COUNT(*) FROM patients").pluck().get() as number;
    const patientNumber = `P-${db.deviceId.slice(-4)}-${String(count + 1).padStart(5, "0")}`;
    db.sqlite
      .prepare(
        `INSERT INTO patients (${columns}, createdBy, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        patientNumber,
        p.name,
        p.sex,
        p.dateOfBirth ?? null,
        p.phone ?? null,
        p.address ?? null,
        now,
        createdBy,
        now,
      );
    return patientNumber;
  });
  const patientNumber = create.immediate();
  return ok({
    id,
    patientNumber,
    name: p.name,
    sex: p.sex,
    dateOfBirth: p.dateOfBirth ?? null,
    phone: p.phone ?? null,
    address: p.address ?? null,
    createdAt: now,
  });
}

export function getPatient(db: ClinicDb, id: string): Patient | undefined {
  return db.sqlite.prepare(`SELECT ${columns} FROM patients WHERE id = ?`).get(id) as Patient | undefined;
}

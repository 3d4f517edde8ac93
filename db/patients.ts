import { z } from "zod";
import {
  type DuplicateReason,
  duplicateReasons,
  duplicateReasonWords,
  type PatientFacts,
  phoneDigits,
} from "../domain/duplicate-patients.js";
import { describeFieldErrors, fieldErrors } from "../domain/field-errors.js";
import { fail, ok, type Result, refuse } from "../domain/refusal.js";
import { type CommandRef, claimCommand } from "./command-replies.js";
import type { ClinicDb } from "./open.js";
import { statement } from "./statements.js";

// Patients are records, not events: visit events refer to them by id and never copy their demographics.

export const patientSexes = ["female", "male", "other", "unknown"] as const;

export const newPatientInput = z.strictObject({
  name: z.string().trim().min(1, "must not be empty").max(200),
  sex: z.enum(patientSexes),
  dateOfBirth: z.iso.date({ message: "must be a date like 1980-04-30" }).optional(),
  /** True when the desk typed an age and dateOfBirth was worked out from it. */
  dateOfBirthEstimated: z.boolean().optional(),
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
  dateOfBirthEstimated: boolean;
  phone: string | null;
  address: string | null;
  createdAt: string;
}

const columns = "id, patientNumber, name, sex, dateOfBirth, dateOfBirthEstimated, phone, address, createdAt";
/** A phone's digits, spelt exactly as the expression index patients_phone_digits (migration 0009). */
const phoneDigitsSql = `replace(replace(replace(replace(replace(phone, ' ', ''), '-', ''), '+', ''), '(', ''), ')', '')`;

export interface DuplicateCandidate extends Patient {
  why: DuplicateReason[];
  /** The reasons in words, e.g. "same name and date of birth". */
  reason: string;
}

export interface RegisterOptions {
  /** The desk looked at the likely duplicates and says this is someone else. */
  registerAnyway?: boolean;
  /** The command that asked for it, recorded in the same transaction. */
  command?: CommandRef;
  now?: Date;
}

/**
 * Patients who may be the person described: the same phone digits, or a name that folds or transliterates the same
 * with a birth date that agrees (domain/duplicate-patients.ts). Reads only the rows that could match (same phone,
 * birth date within two years).
 */
export function likelyDuplicates(db: ClinicDb, wanted: PatientFacts, today: string): DuplicateCandidate[] {
  const phone = phoneDigits(wanted.phone);
  const year = wanted.dateOfBirth ? Number(wanted.dateOfBirth.slice(0, 4)) : null;
  // Two indexed reads (patients_phone_digits, patients_birth_date) rather than one OR, which SQLite would scan.
  const byPhone =
    phone.length >= 6
      ? (statement(db.sqlite, `SELECT ${columns} FROM patients WHERE ${phoneDigitsSql} = ? LIMIT 100`).all(
          phone,
        ) as Patient[])
      : [];
  const byBirth =
    year === null
      ? []
      : (statement(
          db.sqlite,
          `SELECT ${columns} FROM patients WHERE dateOfBirth >= ? AND dateOfBirth < ? LIMIT 5000`,
        ).all(`${year - 2}-01-01`, `${year + 3}-01-01`) as Patient[]);
  const rows = [...new Map([...byPhone, ...byBirth].map((p) => [p.id, fromRow(p)])).values()].sort((a, b) =>
    a.createdAt.localeCompare(b.createdAt),
  );
  return rows
    .map((p) => ({ ...p, why: duplicateReasons(wanted, p, today) }))
    .filter((p) => p.why.length > 0)
    .slice(0, 10)
    .map((p) => ({ ...p, reason: p.why.map((w) => duplicateReasonWords[w]).join(", ") }));
}

export function registerPatient(
  db: ClinicDb,
  input: z.input<typeof newPatientInput>,
  createdBy: string | null = null,
  options: RegisterOptions = {},
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
  const at = options.now ?? new Date();
  const now = at.toISOString();
  const id = p.id ?? `pat_${db.newId()}`;
  const create = db.sqlite.transaction((): Result<string> => {
    // Checked in the write transaction: two desks pressing Enter at once cannot both register the same person.
    if (!options.registerAnyway) {
      const facts = {
        name: p.name,
        dateOfBirth: p.dateOfBirth ?? null,
        dateOfBirthEstimated: Boolean(p.dateOfBirthEstimated),
        phone: p.phone ?? null,
      };
      const candidates = likelyDuplicates(db, facts, now.slice(0, 10));
      const [first] = candidates;
      if (first)
        return fail(
          refuse(
            "POSSIBLE_DUPLICATE_PATIENT",
            `${first.name} (${first.patientNumber}) may be the same person: ${first.reason}. Open that record, or register anyway if this is someone else.`,
            { count: candidates.length, candidates },
          ),
        );
    }
    // Patient numbers carry the device's short id so two desks registering offline never hand out the same one.
    const count = db.sqlite.prepare("SELECT COUNT(*) FROM patients").pluck().get() as number;
    const patientNumber = `P-${db.deviceId.slice(-4)}-${String(count + 1).padStart(5, "0")}`;
    db.sqlite
      .prepare(
        `INSERT INTO patients (${columns}, createdBy, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        patientNumber,
        p.name,
        p.sex,
        p.dateOfBirth ?? null,
        p.dateOfBirth && p.dateOfBirthEstimated ? 1 : 0,
        p.phone ?? null,
        p.address ?? null,
        now,
        createdBy,
        now,
      );
    if (options.command) claimCommand(db.sqlite, options.command, at);
    return ok(patientNumber);
  });
  const created = create.immediate();
  if (!created.ok) return created;
  const patientNumber = created.value;
  return ok({
    id,
    patientNumber,
    name: p.name,
    sex: p.sex,
    dateOfBirth: p.dateOfBirth ?? null,
    dateOfBirthEstimated: Boolean(p.dateOfBirth && p.dateOfBirthEstimated),
    phone: p.phone ?? null,
    address: p.address ?? null,
    createdAt: now,
  });
}

export function getPatient(db: ClinicDb, id: string): Patient | undefined {
  const row = db.sqlite.prepare(`SELECT ${columns} FROM patients WHERE id = ?`).get(id) as
    | (Omit<Patient, "dateOfBirthEstimated"> & { dateOfBirthEstimated: number })
    | undefined;
  return row && fromRow(row);
}

/** SQLite keeps the estimate mark as 0 or 1. */
function fromRow(
  row: Patient | (Omit<Patient, "dateOfBirthEstimated"> & { dateOfBirthEstimated: unknown }),
): Patient {
  return {
    ...row,
    dateOfBirthEstimated: row.dateOfBirthEstimated === 1 || row.dateOfBirthEstimated === true,
  };
}

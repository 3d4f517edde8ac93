import { and, asc, count, desc, eq, gte, lt, or, sql } from "drizzle-orm";
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
import { preparedOnce } from "./prepared.js";
import { patients } from "./schema.js";

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

const patientColumns = {
  id: patients.id,
  patientNumber: patients.patientNumber,
  name: patients.name,
  sex: patients.sex,
  dateOfBirth: patients.dateOfBirth,
  dateOfBirthEstimated: patients.dateOfBirthEstimated,
  phone: patients.phone,
  address: patients.address,
  createdAt: patients.createdAt,
};

export type Patient = Pick<
  typeof patients.$inferSelect,
  | "id"
  | "patientNumber"
  | "name"
  | "sex"
  | "dateOfBirth"
  | "dateOfBirthEstimated"
  | "phone"
  | "address"
  | "createdAt"
>;

/** A phone's digits, spelt exactly as the expression index patients_phone_digits (migration 0009). */
const phoneDigitsOf = sql`replace(replace(replace(replace(replace(${patients.phone}, ' ', ''), '-', ''), '+', ''), '(', ''), ')', '')`;

const byPhone = preparedOnce((orm) =>
  orm
    .select(patientColumns)
    .from(patients)
    .where(eq(phoneDigitsOf, sql.placeholder("digits")))
    .limit(100)
    .prepare(),
);

const byBirth = preparedOnce((orm) =>
  orm
    .select(patientColumns)
    .from(patients)
    .where(
      and(
        gte(patients.dateOfBirth, sql.placeholder("from")),
        lt(patients.dateOfBirth, sql.placeholder("to")),
      ),
    )
    .limit(5000)
    .prepare(),
);

const byId = preparedOnce((orm) =>
  orm
    .select(patientColumns)
    .from(patients)
    .where(eq(patients.id, sql.placeholder("id")))
    .prepare(),
);

const patientCount = preparedOnce((orm) => orm.select({ n: count() }).from(patients).prepare());

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
  const samePhone = phone.length >= 6 ? byPhone(db).all({ digits: phone }) : [];
  const sameYears =
    year === null ? [] : byBirth(db).all({ from: `${year - 2}-01-01`, to: `${year + 3}-01-01` });
  const rows = [...new Map([...samePhone, ...sameYears].map((p) => [p.id, p])).values()].sort((a, b) =>
    a.createdAt.localeCompare(b.createdAt),
  );
  return rows
    .map((p) => ({ ...p, why: duplicateReasons(wanted, p, today) }))
    .filter((p) => p.why.length > 0)
    .slice(0, 10)
    .map((p) => ({ ...p, reason: p.why.map((w) => duplicateReasonWords[w]).join(", ") }));
}

// Prepared once per file: building drizzle's insert on every call was a tenth of a seed's time.
const insertPatient = preparedOnce((orm) =>
  orm
    .insert(patients)
    .values({
      id: sql.placeholder("id"),
      patientNumber: sql.placeholder("patientNumber"),
      name: sql.placeholder("name"),
      sex: sql.placeholder("sex"),
      dateOfBirth: sql.placeholder("dateOfBirth"),
      dateOfBirthEstimated: sql.placeholder("dateOfBirthEstimated"),
      phone: sql.placeholder("phone"),
      address: sql.placeholder("address"),
      createdAt: sql.placeholder("createdAt"),
      createdBy: sql.placeholder("createdBy"),
      updatedAt: sql.placeholder("updatedAt"),
    })
    .prepare(),
);

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
  // What is stored and answered; an estimate flag without a date means nothing.
  const details = {
    name: p.name,
    sex: p.sex,
    dateOfBirth: p.dateOfBirth ?? null,
    dateOfBirthEstimated: Boolean(p.dateOfBirth && p.dateOfBirthEstimated),
    phone: p.phone ?? null,
    address: p.address ?? null,
  };
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
    const count = patientCount(db).get()?.n ?? 0;
    const patientNumber = `P-${db.deviceId.slice(-4)}-${String(count + 1).padStart(5, "0")}`;
    insertPatient(db).run({ id, patientNumber, ...details, createdAt: now, createdBy, updatedAt: now });
    if (options.command) claimCommand(db.sqlite, options.command, at);
    return ok(patientNumber);
  });
  const created = create.immediate();
  if (!created.ok) return created;
  const patientNumber = created.value;
  return ok({ id, patientNumber, ...details, createdAt: now });
}

export const getPatient = (db: ClinicDb, id: string): Patient | undefined => byId(db).get({ id });

const listColumns = {
  id: patients.id,
  patientNumber: patients.patientNumber,
  name: patients.name,
  sex: patients.sex,
  dateOfBirth: patients.dateOfBirth,
  phone: patients.phone,
  address: patients.address,
  createdAt: patients.createdAt,
};

const recent = preparedOnce((orm) =>
  orm
    .select(listColumns)
    .from(patients)
    .orderBy(desc(patients.createdAt))
    .limit(sql.placeholder("limit"))
    .prepare(),
);

/** The patients registered most recently, newest first. */
export const recentPatients = (db: ClinicDb, limit: number) => recent(db).all({ limit });

const like = sql.placeholder("like");
const digits = sql.placeholder("digits");
const matching = preparedOnce((orm) =>
  orm
    .select(listColumns)
    .from(patients)
    .where(
      or(
        sql`${patients.name} LIKE ${like} ESCAPE '\\'`,
        sql`${patients.patientNumber} LIKE ${like} ESCAPE '\\'`,
        sql`(${digits} <> '' AND replace(replace(replace(${patients.phone}, ' ', ''), '-', ''), '+', '') LIKE '%' || ${digits} || '%')`,
      ),
    )
    .orderBy(asc(patients.name))
    .limit(sql.placeholder("limit"))
    .prepare(),
);

/** Patients whose name or number holds the words typed, or whose phone holds its digits (three or more), by name. */
export function searchPatients(db: ClinicDb, query: string, limit: number) {
  const pattern = `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const typed = query.replace(/\D/g, "");
  return matching(db).all({ like: pattern, digits: typed.length >= 3 ? typed : "", limit });
}

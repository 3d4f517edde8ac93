import { and, asc, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { describeFieldErrors, fieldErrors } from "../domain/field-errors.js";
import { fail, ok, type Result, refuse } from "../domain/refusal.js";
import type { ClinicDb } from "./open.js";
import { preparedOnce } from "./prepared.js";
import { staff, staffRoles } from "./schema.js";

// The staff list: who may appear as `performedBy`. Sign-in credentials are added by the auth layer (api/).

export type StaffMember = Pick<typeof staff.$inferSelect, "id" | "name" | "role" | "username" | "active">;

export const newStaffInput = z.strictObject({
  name: z.string().trim().min(1, "must not be empty").max(200),
  role: z.enum(staffRoles),
  username: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9._-]{2,40}$/, "must be 2 to 40 letters, digits, '.', '_' or '-'")
    .optional(),
  id: z.string().trim().min(1).max(64).optional(),
});

export function addStaff(db: ClinicDb, input: z.input<typeof newStaffInput>): Result<StaffMember> {
  const parsed = newStaffInput.safeParse(input);
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error.issues, input);
    return fail({
      ...refuse("INVALID_INPUT", describeFieldErrors(errors), undefined, errors[0]?.field),
      details: errors,
    });
  }
  const { name, role, username } = parsed.data;
  const id = parsed.data.id ?? `staff_${db.newId()}`;
  if (username && usernameTaken(db).get({ username }))
    return fail(refuse("INVALID_INPUT", `The username "${username}" is already taken.`));
  const now = new Date().toISOString();
  db.orm
    .insert(staff)
    .values({ id, name, role, username: username ?? null, active: true, createdAt: now, updatedAt: now })
    .run();
  return ok({ id, name, role, username: username ?? null, active: true });
}

const usernameTaken = preparedOnce((orm) =>
  orm
    .select({ id: staff.id })
    .from(staff)
    .where(eq(staff.username, sql.placeholder("username")))
    .prepare(),
);

/** What a screen shows of a member of staff (never the password hash). */
const memberColumns = {
  id: staff.id,
  name: staff.name,
  role: staff.role,
  username: staff.username,
  active: staff.active,
};

const member = preparedOnce((orm) =>
  orm
    .select(memberColumns)
    .from(staff)
    .where(eq(staff.id, sql.placeholder("id")))
    .prepare(),
);

export const getStaff = (db: ClinicDb, id: string): StaffMember | undefined => member(db).get({ id });

const everyone = preparedOnce((orm) =>
  orm
    .select({
      ...memberColumns,
      canSignIn: sql<number>`${staff.passwordHash} IS NOT NULL`.mapWith(Boolean),
    })
    .from(staff)
    .orderBy(desc(staff.active), asc(staff.name))
    .prepare(),
);

/** The staff list the administrator sees: active people first, and whether each can sign in. */
export const staffRoster = (db: ClinicDb) => everyone(db).all();

const doctors = preparedOnce((orm) =>
  orm
    .select({ id: staff.id, name: staff.name })
    .from(staff)
    .where(and(eq(staff.role, "doctor"), eq(staff.active, true)))
    .orderBy(asc(staff.name))
    .prepare(),
);

/** Doctors a visit can be sent to, by name. */
export const activeDoctors = (db: ClinicDb) => doctors(db).all();

const doctorsByArrival = preparedOnce((orm) =>
  orm
    .select({ id: staff.id })
    .from(staff)
    .where(eq(staff.role, "doctor"))
    .orderBy(asc(staff.createdAt), asc(staff.id))
    .prepare(),
);

/** Every doctor ever added, in the order they were added: the order their queue letters were handed out. */
export const doctorsInOrder = (db: ClinicDb): string[] =>
  doctorsByArrival(db)
    .all()
    .map((d) => d.id);

const nameOf = preparedOnce((orm) =>
  orm
    .select({ name: staff.name })
    .from(staff)
    .where(eq(staff.id, sql.placeholder("id")))
    .prepare(),
);

/** A member of staff's name as documents print it, or undefined for an id this desk does not know. */
export const staffName = (db: ClinicDb, id: string): string | undefined => nameOf(db).get({ id })?.name;

/** Stores a person's public key and sealed private key (sync/staff-keys.ts). */
export function setStaffKeys(
  db: ClinicDb,
  staffId: string,
  keys: { publicKey: string; sealedKey: string },
  now: Date,
): void {
  db.orm
    .update(staff)
    .set({ publicKey: keys.publicKey, sealedKey: keys.sealedKey, updatedAt: now.toISOString() })
    .where(eq(staff.id, staffId))
    .run();
}

const sealedKey = preparedOnce((orm) =>
  orm
    .select({ sealedKey: staff.sealedKey })
    .from(staff)
    .where(eq(staff.id, sql.placeholder("id")))
    .prepare(),
);

/** A person's sealed private key, to unseal with their password. */
export const sealedKeyOf = (db: ClinicDb, staffId: string): string | null =>
  sealedKey(db).get({ id: staffId })?.sealedKey ?? null;

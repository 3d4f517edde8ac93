import { z } from "zod";
import { describeFieldErrors, fieldErrors } from "../domain/field-errors.js";
import { fail, ok, type Result, refuse } from "../domain/refusal.js";
import type { ClinicDb } from "./open.js";
import { type StaffRole, staffRoles } from "./schema.js";

// The staff list: who may appear as `performedBy`. Sign-in credentials are added by the auth layer (api/).

export interface StaffMember {
  id: string;
  name: string;
  role: StaffRole;
  username: string | null;
  active: boolean;
}

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
  if (username && db.sqlite.prepare("SELECT 1 FROM staff WHERE username = ?").get(username))
    return fail(refuse("INVALID_INPUT", `The username "${username}" is already taken.`));
  const now = new Date().toISOString();
  db.sqlite
    .prepare(
      "INSERT INTO staff (id, name, role, username, active, createdAt, updatedAt) VALUES (?, ?, ?, ?, 1, ?, ?)",
    )
    .run(id, name, role, username ?? null, now, now);
  return ok({ id, name, role, username: username ?? null, active: true });
}

export function listStaff(db: ClinicDb): StaffMember[] {
  return (
    db.sqlite.prepare("SELECT id, name, role, username, active FROM staff ORDER BY name").all() as (Omit<
      StaffMember,
      "active"
    > & { active: number })[]
  ).map((r) => ({ ...r, active: Boolean(r.active) }));
}

export function getStaff(db: ClinicDb, id: string): StaffMember | undefined {
  return listStaff(db).find((s) => s.id === id);
}

/** Stores a person's public key and sealed private key (sync/staff-keys.ts). */
export function setStaffKeys(
  db: ClinicDb,
  staffId: string,
  keys: { publicKey: string; sealedKey: string },
  now: Date,
): void {
  db.sqlite
    .prepare("UPDATE staff SET publicKey = ?, sealedKey = ?, updatedAt = ? WHERE id = ?")
    .run(keys.publicKey, keys.sealedKey, now.toISOString(), staffId);
}

/** A person's sealed private key, to unseal with their password. */
export const sealedKeyOf = (db: ClinicDb, staffId: string): string | null =>
  (db.sqlite.prepare("SELECT sealedKey FROM staff WHERE id = ?").pluck().get(staffId) as
    | string
    | null
    | undefined) ?? null;

import type { ClinicDb } from "../../db/open.js";
import { statement } from "../../db/statements.js";
import type { SignedInStaff } from "../handler.js";
import type { Role } from "../roles.js";

// Staff sign-in data: the staff table's username and password hash. db/staff.ts owns who is on the list; this file
// owns how they prove it.

export interface Account extends SignedInStaff {
  active: boolean;
  passwordHash: string | null;
}

const columns = "id, name, role, username, active, passwordHash";

type Row = Omit<Account, "active"> & { active: number };
const toAccount = (r: Row | undefined): Account | undefined =>
  r ? { ...r, active: Boolean(r.active) } : undefined;

export const accountByUsername = (db: ClinicDb, username: string) =>
  toAccount(
    statement(db.sqlite, `SELECT ${columns} FROM staff WHERE username = ?`).get(username) as Row | undefined,
  );

export const accountById = (db: ClinicDb, id: string) =>
  toAccount(statement(db.sqlite, `SELECT ${columns} FROM staff WHERE id = ?`).get(id) as Row | undefined);

export function setPasswordHash(db: ClinicDb, staffId: string, hash: string, now: Date): void {
  statement(db.sqlite, "UPDATE staff SET passwordHash = ?, updatedAt = ? WHERE id = ?").run(
    hash,
    now.toISOString(),
    staffId,
  );
}

export function setRole(db: ClinicDb, staffId: string, role: Role, now: Date): void {
  statement(db.sqlite, "UPDATE staff SET role = ?, updatedAt = ? WHERE id = ?").run(
    role,
    now.toISOString(),
    staffId,
  );
}

export function setActive(db: ClinicDb, staffId: string, active: boolean, now: Date): void {
  statement(db.sqlite, "UPDATE staff SET active = ?, updatedAt = ? WHERE id = ?").run(
    active ? 1 : 0,
    now.toISOString(),
    staffId,
  );
}

/** Administrators who can sign in; the clinic must always keep at least one. */
export const activeAdminCount = (db: ClinicDb): number =>
  statement(
    db.sqlite,
    "SELECT COUNT(*) FROM staff WHERE role = 'admin' AND active = 1 AND passwordHash IS NOT NULL",
  )
    .pluck()
    .get() as number;

export const publicStaff = (a: Account) => ({
  id: a.id,
  name: a.name,
  role: a.role,
  username: a.username,
  active: a.active,
});

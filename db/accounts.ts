import { and, count, eq, isNotNull, sql } from "drizzle-orm";
import type { ClinicDb } from "./open.js";
import { preparedOnce } from "./prepared.js";
import { staff } from "./schema.js";

// Staff sign-in data: the staff table's username and password hash. db/staff.ts owns who is on the list; this file
// owns how they prove it.

const accountColumns = {
  id: staff.id,
  name: staff.name,
  role: staff.role,
  username: staff.username,
  active: staff.active,
  passwordHash: staff.passwordHash,
};

export type Account = Pick<
  typeof staff.$inferSelect,
  "id" | "name" | "role" | "username" | "active" | "passwordHash"
>;

const byUsername = preparedOnce((orm) =>
  orm
    .select(accountColumns)
    .from(staff)
    .where(eq(staff.username, sql.placeholder("username")))
    .prepare(),
);
const byId = preparedOnce((orm) =>
  orm
    .select(accountColumns)
    .from(staff)
    .where(eq(staff.id, sql.placeholder("id")))
    .prepare(),
);

export const accountByUsername = (db: ClinicDb, username: string): Account | undefined =>
  byUsername(db).get({ username });

export const accountById = (db: ClinicDb, id: string): Account | undefined => byId(db).get({ id });

type StaffChange = Partial<Pick<typeof staff.$inferInsert, "passwordHash" | "role" | "active">>;
const change = (db: ClinicDb, staffId: string, fields: StaffChange, now: Date) =>
  db.orm
    .update(staff)
    .set({ ...fields, updatedAt: now.toISOString() })
    .where(eq(staff.id, staffId))
    .run();

export function setPasswordHash(db: ClinicDb, staffId: string, hash: string, now: Date): void {
  change(db, staffId, { passwordHash: hash }, now);
}

export function setRole(db: ClinicDb, staffId: string, role: Account["role"], now: Date): void {
  change(db, staffId, { role }, now);
}

export function setActive(db: ClinicDb, staffId: string, active: boolean, now: Date): void {
  change(db, staffId, { active }, now);
}

const adminCount = preparedOnce((orm) =>
  orm
    .select({ n: count() })
    .from(staff)
    .where(and(eq(staff.role, "admin"), eq(staff.active, true), isNotNull(staff.passwordHash)))
    .prepare(),
);

/** Administrators who can sign in; the clinic must always keep at least one. */
export const activeAdminCount = (db: ClinicDb): number => adminCount(db).get()?.n ?? 0;

export const publicStaff = (a: Account) => ({
  id: a.id,
  name: a.name,
  role: a.role,
  username: a.username,
  active: a.active,
});

import type { StaffRole } from "../db/schema.js";

// The roles a member of staff can hold. Spelled here (not imported from db/schema.ts) so that the renderer can read
// the contract without pulling the database layer into its bundle; the type check below keeps the two lists equal.

export const roles = ["reception", "doctor", "lab", "admin"] as const;
export type Role = (typeof roles)[number];

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const rolesMatchStaffTable: Same<Role, StaffRole> = true;
void rolesMatchStaffTable;

export const roleLabels: Record<Role, string> = {
  reception: "Reception",
  doctor: "Doctor",
  lab: "Laboratory",
  admin: "Administrator",
};

/** Every role: for channels any signed-in member of staff may call. */
export const anyRole: readonly Role[] = roles;

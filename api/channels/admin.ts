import { z } from "zod";
import { defineChannels } from "../channel.js";
import { anyRole } from "../roles.js";
import { newPassword, username } from "./auth.js";
import { id, money, noInput, role, staffMember } from "./common.js";

// The administrator's desk: staff and their roles, the clinic's settings, the security audit.

const settings = z.object({
  clinicName: z.string(),
  /** Minutes without use before the screen locks itself. */
  lockAfterMinutes: z.number(),
  /** The consultation fee billed at registration when the desk does not type another. */
  consultationFee: z.number().nullable(),
  currency: z.string().nullable(),
});

export const securityAuditEntry = z.object({
  seq: z.number().int(),
  id: z.string(),
  action: z.string(),
  outcome: z.string(),
  staffId: z.string().nullable(),
  username: z.string().nullable(),
  detail: z.unknown(),
  deviceId: z.string(),
  occurredAt: z.string(),
});

export const adminChannels = defineChannels({
  staffList: {
    kind: "query",
    roles: ["admin"],
    summary: "Everyone on the staff list, active or not",
    input: noInput,
    output: z.object({ staff: z.array(staffMember.extend({ canSignIn: z.boolean() })) }),
  },
  doctors: {
    kind: "query",
    roles: anyRole,
    summary: "The active doctors, with the letter of their queue tokens",
    input: noInput,
    output: z.object({
      doctors: z.array(z.object({ id: z.string(), name: z.string(), queueLetter: z.string() })),
    }),
  },
  addStaff: {
    kind: "command",
    roles: ["admin"],
    summary: "Add a member of staff with a role and a first password",
    input: z.strictObject({
      name: z.string().trim().min(1, "must not be empty").max(200),
      role,
      username,
      password: newPassword,
    }),
    output: z.object({ staff: staffMember }),
  },
  changeRole: {
    kind: "command",
    roles: ["admin"],
    summary: "Give a member of staff another role",
    input: z.strictObject({ staffId: id, role }),
    output: z.object({ staff: staffMember }),
  },
  setStaffActive: {
    kind: "command",
    roles: ["admin"],
    summary: "Deactivate someone who left (they can no longer sign in), or reactivate them",
    input: z.strictObject({ staffId: id, active: z.boolean() }),
    output: z.object({ staff: staffMember }),
  },
  resetPassword: {
    kind: "command",
    roles: ["admin"],
    summary: "Set a new password for a member of staff who forgot theirs",
    input: z.strictObject({ staffId: id, newPassword }),
    output: z.object({ staffId: z.string() }),
  },
  settings: {
    kind: "query",
    roles: anyRole,
    summary: "The clinic's name, idle-lock time and default consultation fee",
    input: noInput,
    output: settings,
  },
  updateSettings: {
    kind: "command",
    roles: ["admin"],
    summary: "Change the clinic's name, idle-lock time or default consultation fee",
    input: z.strictObject({
      clinicName: z.string().trim().min(1, "must not be empty").max(200).optional(),
      lockAfterMinutes: z
        .number()
        .int()
        .min(1, "must be at least 1")
        .max(240, "must be at most 240")
        .optional(),
      consultationFee: money.nullable().optional(),
      currency: z
        .string()
        .trim()
        .length(3, "must be a 3-letter code like KES")
        .toUpperCase()
        .nullable()
        .optional(),
    }),
    output: settings,
  },
  securityAudit: {
    kind: "query",
    roles: ["admin"],
    summary: "The security audit: sign-ins, failures, locks, staff changes and refused calls, newest first",
    input: z.strictObject({
      limit: z.number().int().min(1).max(500).default(100),
      beforeSeq: z.number().int().positive().optional(),
    }),
    output: z.object({ entries: z.array(securityAuditEntry) }),
  },
});

import { z } from "zod";
import { roles } from "../roles.js";

// Shapes several areas share. Amounts cross the API as decimal numbers with at most two places (as the seed's
// metadata does); the read models keep cents.

export const id = z.string().trim().min(1, "must not be empty").max(100);
export const visitId = id.describe("The visit's id");
export const noInput = z.strictObject({});

export const money = z
  .number()
  .finite()
  .nonnegative("must not be negative")
  .refine((n) => Math.abs(n * 100 - Math.round(n * 100)) < 1e-6, {
    message: "must have at most two decimal places",
  });
export const positiveMoney = money.refine((n) => n > 0, { message: "must be more than zero" });
export const isoDate = z.iso.date({ message: "must be a date like 2026-12-01" });

export const role = z.enum(roles);

export const staffMember = z.object({
  id: z.string(),
  name: z.string(),
  role,
  username: z.string().nullable(),
  active: z.boolean(),
});

/** What a command that records visit events answers: the events written, by id and local position. */
export const recorded = z.object({
  visitId: z.string(),
  eventIds: z.array(z.string()),
  positions: z.array(z.number().int()),
});

export const visitStep = z.strictObject({ visitId });

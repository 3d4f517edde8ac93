import { z } from "zod";
import { defineChannels } from "../channel.js";
import { anyRole } from "../roles.js";
import { id, noInput, staffMember } from "./common.js";

// Signing in and out, the first-run setup and the idle lock. The session token is the only proof of who is calling;
// `performedBy` on every event comes from it.

export const username = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9._-]{2,40}$/, "must be 2 to 40 letters, digits, '.', '_' or '-'");
/** A new password: length here; the common-password check needs the word list and runs in the handler. */
export const newPassword = z
  .string()
  .min(8, "must be at least 8 characters")
  .max(256, "must be at most 256 characters");
const password = z.string().min(1, "must not be empty").max(256);

/** The languages the screens speak (renderer/i18n/languages.ts names them). */
export const screenLanguages = ["en", "fr", "sw", "hi", "ar"] as const;

const signedIn = z.object({
  token: z.string(),
  staff: staffMember,
  clinicName: z.string(),
  lockAfterMinutes: z.number(),
});

export const authChannels = defineChannels({
  setupStatus: {
    kind: "query",
    roles: "public",
    summary: "Whether this clinic still needs its first-run setup, and its name",
    input: noInput,
    output: z.object({ needsSetup: z.boolean(), clinicName: z.string().nullable() }),
  },
  setupClinic: {
    kind: "command",
    roles: "public",
    summary: "First run only: name the clinic and create the administrator, who is then signed in",
    input: z.strictObject({
      clinicName: z.string().trim().min(1, "must not be empty").max(200),
      adminName: z.string().trim().min(1, "must not be empty").max(200),
      username,
      password: newPassword,
    }),
    output: signedIn,
  },
  signIn: {
    kind: "command",
    roles: "public",
    summary: "Sign in with a username and password",
    input: z.strictObject({ username: z.string().trim().toLowerCase().min(1).max(40), password }),
    output: signedIn,
  },
  signOut: {
    kind: "command",
    roles: anyRole,
    whenLocked: true,
    summary: "Sign out and end this session",
    input: noInput,
    output: z.object({ signedOut: z.literal(true) }),
  },
  session: {
    kind: "query",
    roles: anyRole,
    whenLocked: true,
    summary: "Who is signed in, whether the screen is locked, the idle-lock time and the language they chose",
    input: noInput,
    output: z.object({
      staff: staffMember,
      locked: z.boolean(),
      clinicName: z.string(),
      lockAfterMinutes: z.number(),
      /** null: this person has not chosen; the screens speak the clinic's language. */
      language: z.enum(screenLanguages).nullable(),
    }),
  },
  setMyLanguage: {
    kind: "command",
    roles: anyRole,
    summary: "Choose the language your screens speak, on every desk (null: the clinic's language)",
    input: z.strictObject({ language: z.enum(screenLanguages).nullable() }),
    output: z.object({ language: z.enum(screenLanguages).nullable() }),
  },
  lock: {
    kind: "command",
    roles: anyRole,
    whenLocked: true,
    summary: "Lock the screen now; the same person unlocks with their password",
    input: noInput,
    output: z.object({ locked: z.literal(true) }),
  },
  unlock: {
    kind: "command",
    roles: anyRole,
    whenLocked: true,
    summary: "Unlock a locked session with the signed-in person's password",
    input: z.strictObject({ password }),
    output: z.object({ locked: z.literal(false) }),
  },
  changePassword: {
    kind: "command",
    roles: anyRole,
    summary: "Change your own password",
    input: z.strictObject({ currentPassword: password, newPassword }),
    output: z.object({ staffId: id }),
  },
});

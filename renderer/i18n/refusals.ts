import type { TFunction } from "i18next";
import type { routerCodes } from "../../api/reply.js";
import type { RefusalCode } from "../../domain/refusal.js";
import { i18n, msg } from "./index.js";

// A refusal is shown from its stable code (and its params, when the sentence needs them) through the catalogue, so
// the counter reads it in the screen's language; a code the screens do not know yet shows the server's own English
// sentence. In English the server's sentence is kept: it is written for the counter and names the amounts and
// tests that today's refusals carry only in words, not yet as params. The table is typed by the domain's and the
// router's code lists: a new code there is a compile error here until it has a sentence.

const speaksEnglish = () => (i18n.language ?? "en").startsWith("en");

type KnownCode =
  | RefusalCode
  | keyof typeof routerCodes
  | "ACCOUNT_DEACTIVATED"
  | "ALREADY_SET_UP"
  | "CANNOT_DEACTIVATE_SELF"
  | "CHAIN_BROKEN"
  | "DOCUMENT_NOT_STORED"
  | "FEE_NOT_SET"
  | "HASH_MISMATCH"
  | "ID_CONFLICT"
  | "INVALID_DOCUMENT"
  | "INVALID_EVENT"
  | "LAST_ADMIN"
  | "NOT_YOUR_EVENT"
  | "PARKED"
  | "QUEUE_EMPTY"
  | "SECOND_PERSON_REQUIRED"
  | "USERNAME_TAKEN"
  | "WEAK_PASSWORD";

export const refusalTexts: Record<KnownCode, string> = {
  INVALID_INPUT: msg("Some of what was entered is not valid; see the marked fields."),
  UNKNOWN_EVENT_TYPE: msg("This kind of step is not known to this version of the app."),
  INVALID_METADATA: msg("The details of this step are not valid."),
  UNKNOWN_STAFF: msg("This member of staff is not known here."),
  UNKNOWN_PATIENT: msg("This patient is not registered here."),
  VISIT_NOT_FOUND: msg("This visit cannot be found."),
  VISIT_ALREADY_REGISTERED: msg("This visit is already registered."),
  VISIT_CLOSED: msg("This visit is closed; nothing more can be recorded on it."),
  ILLEGAL_TRANSITION: msg("This step does not fit where the visit is now."),
  DUPLICATE_EVENT: msg("This step was already recorded."),
  BILL_NOT_FOUND: msg("This bill cannot be found."),
  BILL_ALREADY_EXISTS: msg("This visit already has a bill."),
  PAYMENT_EXCEEDS_BALANCE: msg("The payment is more than the balance owed."),
  PAYMENT_DOES_NOT_SETTLE: msg("This payment does not settle the balance; record it as a part payment."),
  PAYMENT_SETTLES_BALANCE: msg("This payment settles the whole balance; record it as a full payment."),
  REFUND_EXCEEDS_PAID: msg("The refund is more than was paid."),
  TEST_NOT_FOUND: msg("This test cannot be found."),
  TEST_ALREADY_ORDERED: msg("This test is already ordered for this visit."),
  TEST_WRONG_STATUS: msg("This test is not at the step this needs."),
  TESTS_PENDING: msg("Some tests of this visit are not finished yet."),
  DOCUMENT_NOT_FOUND: msg("This document cannot be found."),
  FOLLOWUP_NOT_FOUND: msg("This follow-up cannot be found."),
  EVENT_NOT_FOUND: msg("This entry cannot be found."),
  VOID_NOT_ALLOWED: msg("This entry cannot be voided: a later step depends on it."),
  NEWER_SCHEMA: msg("This was recorded by a newer version of the app; update this desk."),
  NOT_SIGNED_IN: msg("Please sign in first."),
  SESSION_EXPIRED: msg("Your session has ended; please sign in again."),
  SESSION_LOCKED: msg("The screen is locked; unlock it with your password."),
  WRONG_CREDENTIALS: msg("The username or password is not right."),
  FORBIDDEN: msg("Your role cannot do this."),
  UNKNOWN_CHANNEL: msg("This desk asked for something the clinic does not offer; update this desk."),
  TOO_MANY_ATTEMPTS: msg("Too many failed attempts; wait a few minutes and try again."),
  INTERNAL: msg("Something went wrong on this workstation."),
  ACCOUNT_DEACTIVATED: msg("This account is switched off; ask an administrator."),
  ALREADY_SET_UP: msg("This clinic is already set up; sign in instead."),
  CANNOT_DEACTIVATE_SELF: msg("You cannot switch off your own account."),
  DOCUMENT_NOT_STORED: msg("The document could not be stored; nothing was attached."),
  FEE_NOT_SET: msg("The consultation fee is not set; an administrator sets it in Settings."),
  INVALID_DOCUMENT: msg("This file cannot be attached."),
  LAST_ADMIN: msg("This is the only administrator; add another administrator first."),
  QUEUE_EMPTY: msg("Nobody is waiting in this queue."),
  SECOND_PERSON_REQUIRED: msg("Another person must approve this result."),
  USERNAME_TAKEN: msg("This username is already taken."),
  WEAK_PASSWORD: msg("This password is too easy to guess; choose a longer one."),
  VISIT_ALREADY_OPEN: msg("This patient already has an open visit."),
  POSSIBLE_DUPLICATE_PATIENT: msg("This patient may already be registered; check the likely matches."),
  BALANCE_OWED: msg("Money is still owed on this visit; confirm to complete it anyway."),
  RESULT_NOT_A_NUMBER: msg("This result must be a number."),
  RESULT_NOT_ALLOWED: msg("This result is not one of the allowed values."),
  REASON_REQUIRED: msg("Please give a reason."),
  CONFLICT_NOT_FOUND: msg("This conflict cannot be found; it may already be resolved."),
  CONFLICT_STILL_REFUSED: msg("This conflict still cannot be resolved that way."),
  // The central server's refusals of a pushed entry (server/api.ts, the storages' chain check).
  INVALID_EVENT: msg("The central server found this entry not valid."),
  NOT_YOUR_EVENT: msg("This entry was recorded by another desk; a desk sends only its own entries."),
  HASH_MISMATCH: msg("This entry was changed after it was recorded."),
  CHAIN_BROKEN: msg("This entry does not follow this desk's earlier entries on the central server."),
  ID_CONFLICT: msg("The central server holds a different entry under the same identifier."),
  // An entry this desk's version cannot read (db/projection.ts lists it as parked, with the reason in English).
  PARKED: msg(
    "This desk's version of the app cannot read this entry; it is kept, and applied once the desk is updated.",
  ),
};

// Field errors of INVALID_INPUT, by the contract's codes and, for replies from before it, by zod's own issue codes.
const fieldTexts: Record<string, string> = {
  required: msg("Required."),
  too_long: msg("Too long: at most {max} characters."),
  too_short: msg("Too short: at least {min} characters."),
  not_one_of: msg("Not one of the choices."),
  not_a_number: msg("Not a number."),
  not_a_date: msg("Not a date."),
  too_small: msg("Too small: at least {min}."),
  too_big: msg("Too large: at most {max}."),
  invalid: msg("Not valid."),
};

interface Issue {
  field?: string;
  path?: PropertyKey[];
  code?: string;
  params?: Record<string, string | number>;
  message?: string;
  // zod's own fields, on replies that carry raw issues.
  minimum?: number | bigint;
  maximum?: number | bigint;
  origin?: string;
  expected?: string;
}

export const issueField = (issue: Issue): string => issue.field ?? (issue.path ?? []).map(String).join(".");

/** The catalogue's words for one field error, with its limits filled in. */
export function fieldErrorText(t: TFunction, issue: Issue): string {
  const code = (issue.code ?? "").toLowerCase();
  const params: Record<string, string | number> = { ...issue.params };
  if (issue.minimum !== undefined) params.min ??= Number(issue.minimum);
  if (issue.maximum !== undefined) params.max ??= Number(issue.maximum);
  let key = code;
  if (code === "too_small" && issue.origin === "string")
    key = Number(issue.minimum) <= 1 ? "required" : "too_short";
  else if (code === "too_big" && issue.origin === "string") key = "too_long";
  else if (code === "invalid_value") key = "not_one_of";
  else if (code === "invalid_type" && issue.expected === "number") key = "not_a_number";
  else if (code === "invalid_type" && params.received === undefined && issue.expected) key = "required";
  if (speaksEnglish() && issue.message) return issue.message;
  const text = fieldTexts[key];
  const needs = text ? [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string) : [];
  if (text && needs.every((n) => params[n] !== undefined)) return t(text, params);
  return issue.message ?? t(fieldTexts.invalid as string);
}

/** The sentence a person reads for a refusal: the catalogue's for a known code, else the server's own. */
export function refusalText(
  t: TFunction,
  error: { code: string; message: string; params?: Record<string, string | number> },
): string {
  const text = (refusalTexts as Record<string, string>)[error.code];
  return text && !speaksEnglish() ? t(text, error.params ?? {}) : error.message;
}

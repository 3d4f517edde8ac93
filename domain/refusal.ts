// A refusal is a value: the command was not carried out and nothing was written. `code` is stable for programs,
// `message` is a sentence a receptionist or doctor can act on.

export type RefusalCode =
  | "INVALID_INPUT"
  | "UNKNOWN_EVENT_TYPE"
  | "INVALID_METADATA"
  | "UNKNOWN_STAFF"
  | "UNKNOWN_PATIENT"
  | "VISIT_NOT_FOUND"
  | "VISIT_ALREADY_REGISTERED"
  | "VISIT_CLOSED"
  | "ILLEGAL_TRANSITION"
  | "DUPLICATE_EVENT"
  | "BILL_NOT_FOUND"
  | "BILL_ALREADY_EXISTS"
  | "PAYMENT_EXCEEDS_BALANCE"
  | "PAYMENT_DOES_NOT_SETTLE"
  | "PAYMENT_SETTLES_BALANCE"
  | "REFUND_EXCEEDS_PAID"
  | "TEST_NOT_FOUND"
  | "TEST_ALREADY_ORDERED"
  | "TEST_WRONG_STATUS"
  | "TESTS_PENDING"
  | "DOCUMENT_NOT_FOUND"
  | "FOLLOWUP_NOT_FOUND"
  | "EVENT_NOT_FOUND"
  | "VOID_NOT_ALLOWED"
  | "NEWER_SCHEMA";

export interface Refusal {
  code: RefusalCode;
  message: string;
  details?: unknown;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: Refusal };

export const refuse = (code: RefusalCode, message: string, details?: unknown): Refusal =>
  details === undefined ? { code, message } : { code, message, details };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(error: Refusal): Result<T> => ({ ok: false, error });

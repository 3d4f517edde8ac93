// A refusal is a value: the command was not carried out and nothing was written. `code` is stable for programs,
// `params` holds the values a translation of the message needs, `field` names the input it is about (a dot path),
// and `message` is a sentence a receptionist or doctor can act on.

export type RefusalCode =
  | "INVALID_INPUT"
  | "UNKNOWN_EVENT_TYPE"
  | "INVALID_METADATA"
  | "UNKNOWN_STAFF"
  | "UNKNOWN_PATIENT"
  | "VISIT_NOT_FOUND"
  | "VISIT_ALREADY_REGISTERED"
  | "VISIT_ALREADY_OPEN"
  | "VISIT_CLOSED"
  | "ILLEGAL_TRANSITION"
  | "DUPLICATE_EVENT"
  | "POSSIBLE_DUPLICATE_PATIENT"
  | "BILL_NOT_FOUND"
  | "BILL_ALREADY_EXISTS"
  | "BALANCE_OWED"
  | "PAYMENT_EXCEEDS_BALANCE"
  | "PAYMENT_DOES_NOT_SETTLE"
  | "PAYMENT_SETTLES_BALANCE"
  | "REFUND_EXCEEDS_PAID"
  | "TEST_NOT_FOUND"
  | "TEST_ALREADY_ORDERED"
  | "TEST_WRONG_STATUS"
  | "TESTS_PENDING"
  | "RESULT_NOT_A_NUMBER"
  | "RESULT_NOT_ALLOWED"
  | "DOCUMENT_NOT_FOUND"
  | "FOLLOWUP_NOT_FOUND"
  | "EVENT_NOT_FOUND"
  | "VOID_NOT_ALLOWED"
  | "REASON_REQUIRED"
  | "CONFLICT_NOT_FOUND"
  | "CONFLICT_STILL_REFUSED"
  | "NEWER_SCHEMA";

export type RefusalParams = Record<string, string | number>;

export interface Refusal {
  code: RefusalCode;
  message: string;
  params?: RefusalParams;
  field?: string;
  details?: unknown;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: Refusal };

const isScalar = (v: unknown): v is string | number => typeof v === "string" || typeof v === "number";

/**
 * A refusal with the facts it is about. The facts that are plain texts or numbers become its params (ready for a
 * translation); the facts are also kept whole in `details`, lists included, for the screens that show them.
 */
export function refuse(
  code: RefusalCode,
  message: string,
  facts?: Record<string, unknown>,
  field?: string,
): Refusal {
  const r: Refusal = { code, message };
  if (facts) {
    const params = Object.fromEntries(Object.entries(facts).filter(([, v]) => isScalar(v))) as RefusalParams;
    if (Object.keys(params).length) r.params = params;
    r.details = facts;
  }
  if (field) r.field = field;
  return r;
}

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(error: Refusal): Result<T> => ({ ok: false, error });

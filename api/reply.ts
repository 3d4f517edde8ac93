// What every call answers, on every transport. A refusal is a value with a stable UPPER_SNAKE code a program can
// test, the params a translation needs, the input field it is about, and a plain sentence a person can act on. Bad
// input answers INVALID_INPUT with one field error per problem in `details` (domain/field-errors.ts). Never a stack
// trace, never a validator's wording.

export interface ApiError {
  code: string;
  message: string;
  params?: Record<string, string | number>;
  field?: string;
  details?: unknown;
}

export type ApiReply = { ok: true; value: unknown } | { ok: false; status: number; error: ApiError };

/** Codes the router itself answers with, before or around a handler. */
export const routerCodes = {
  INVALID_INPUT: 400,
  NOT_SIGNED_IN: 401,
  SESSION_EXPIRED: 401,
  SESSION_LOCKED: 401,
  WRONG_CREDENTIALS: 401,
  FORBIDDEN: 403,
  UNKNOWN_CHANNEL: 404,
  TOO_MANY_ATTEMPTS: 429,
  INTERNAL: 500,
} as const;

/**
 * The HTTP-style status of a refusal from a handler: the request was understood but names something that does not
 * exist or is not acceptable (422), or it does not fit the visit's current state (409).
 */
export function statusOfRefusal(code: string): number {
  if (code in routerCodes) return routerCodes[code as keyof typeof routerCodes];
  if (
    /^(UNKNOWN_|INVALID_|RESULT_NOT_|NEWER_SCHEMA$|WEAK_PASSWORD$|FEE_NOT_SET$|REASON_REQUIRED$)|_NOT_FOUND$/.test(
      code,
    )
  )
    return 422;
  return 409;
}

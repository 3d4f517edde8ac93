// What every call answers, on every transport. A refusal is a value with a stable code a program can test and a
// message a person can act on; `details` carries zod issues for bad input. Never a stack trace.

export interface ApiError {
  code: string;
  message: string;
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
  if (/^(UNKNOWN_|INVALID_|NEWER_SCHEMA$|WEAK_PASSWORD$|FEE_NOT_SET$)|_NOT_FOUND$/.test(code)) return 422;
  return 409;
}

import type { HandlerContext, HandlerResult } from "../handler.js";
import { refused } from "../handler.js";
import type { SecurityAction } from "./audit.js";

// Runs one password check behind the gate (api/auth/throttle.ts): the attempt is reserved before the slow hash, a
// refused attempt is audited and answered 429, and the reservation is released only after the check has written
// its own outcome to the security audit, so a failure is counted before the next guess is let through.

export type PasswordCheckKind = "sign_in" | "unlock" | "change_password";

const refusedAction: Record<PasswordCheckKind, SecurityAction> = {
  sign_in: "sign_in_failed",
  unlock: "unlock_failed",
  change_password: "password_change_failed",
};

export interface PasswordAttempt {
  kind: PasswordCheckKind;
  /** The person the password is for: the username typed, or the signed-in person's. */
  username: string;
  staffId: string | null;
}

export const seconds = (n: number) => `${n} second${n === 1 ? "" : "s"}`;

export async function gatedPasswordCheck<T>(
  ctx: HandlerContext,
  attempt: PasswordAttempt,
  check: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; refusal: HandlerResult<never> }> {
  const gate = ctx.auth.passwords.reserve(attempt.username, ctx.source);
  if (!gate.ok) {
    ctx.auth.audit.record({
      action: refusedAction[attempt.kind],
      outcome: "refused",
      staffId: attempt.staffId,
      username: attempt.username,
      detail: { reason: "throttled", limit: gate.limit, source: ctx.source },
    });
    const who = gate.limit === "person" ? `for "${attempt.username}"` : "from this workstation";
    return {
      ok: false,
      refusal: refused(
        "TOO_MANY_ATTEMPTS",
        `Too many wrong passwords ${who}. Try again in ${seconds(gate.waitSeconds)}.`,
        { retryAfterSeconds: gate.waitSeconds },
      ),
    };
  }
  try {
    return { ok: true, value: await check() };
  } finally {
    gate.release();
  }
}

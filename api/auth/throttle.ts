import type { ClinicDb } from "../../db/open.js";
import { statement } from "../../db/statements.js";

// Repeated failed sign-ins slow down, counted from the security audit itself (so a restart does not reset them):
// the first three failures since the last successful sign-in (within a day) cost nothing, then each further try
// must wait 5 s, 10 s, 20 s, ... up to 15 minutes after the previous failure.

const WINDOW_MS = 24 * 60 * 60_000;
const FREE_FAILURES = 3;
const MAX_WAIT_S = 15 * 60;

export function failedSignInsSince(
  db: ClinicDb,
  username: string,
  now: Date,
): { count: number; last: string | null } {
  const since = new Date(now.getTime() - WINDOW_MS).toISOString();
  const row = statement(
    db.sqlite,
    `SELECT COUNT(*) AS count, MAX(occurredAt) AS last FROM security_audit
     WHERE username = ? AND action = 'sign_in_failed' AND outcome = 'failed' AND occurredAt > ?
       AND seq > COALESCE((SELECT MAX(seq) FROM security_audit
                           WHERE username = ? AND action IN ('sign_in', 'password_reset') AND outcome = 'ok'), 0)`,
  ).get(username, since, username) as { count: number; last: string | null };
  return row;
}

/** Seconds this username must still wait before another try, or 0. */
export function signInWaitSeconds(db: ClinicDb, username: string, now: Date): number {
  const { count, last } = failedSignInsSince(db, username, now);
  if (count < FREE_FAILURES || !last) return 0;
  const wait = Math.min(5 * 2 ** (count - FREE_FAILURES), MAX_WAIT_S);
  const left = Math.ceil((Date.parse(last) + wait * 1000 - now.getTime()) / 1000);
  return Math.max(0, left);
}

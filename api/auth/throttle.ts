import type { ClinicDb } from "../../db/open.js";
import { wrongPasswordsOf, wrongPasswordTimesFrom } from "../../db/security-audit.js";

// The gate in front of every password check (sign-in, unlock, change password). Two limits:
// - per person: the first three wrong passwords since their last proven password (within a day) cost nothing, then
//   each further try must wait 5 s, 10 s, 20 s, ... up to 15 minutes after the previous failure;
// - per source (the program or address asking: the desktop window, a browser host's client address): at most twenty
//   wrong passwords for anyone in fifteen minutes, so guessing across many usernames is slowed too.
// Failures are counted from the security audit itself, so a restart does not reset them. A check is RESERVED here,
// synchronously, before the slow hash runs, and counts as a failure until its outcome is written: however many
// guesses arrive at once, no more than the limit reach the hash. Reservations live in this process's memory; the
// desk's one writer process is the only one checking its passwords.

const PERSON_WINDOW_MS = 24 * 60 * 60_000;
export const PERSON_FREE_FAILURES = 3;
const MAX_WAIT_S = 15 * 60;
const SOURCE_WINDOW_MS = 15 * 60_000;
export const SOURCE_MAX_FAILURES = 20;

export type GateAnswer =
  | { ok: true; release(): void }
  | { ok: false; limit: "person" | "source"; waitSeconds: number };

export interface PasswordGate {
  /** Reserves one password check for this person from this source; call `release` once its outcome is audited. */
  reserve(person: string, source: string): GateAnswer;
  /** Seconds this person must wait before another try, or 0 (shown after a wrong password). */
  personWait(person: string): number;
}

export function createPasswordGate(db: ClinicDb, now: () => Date): PasswordGate {
  const inFlight = new Map<string, number>();
  const held = (key: string) => inFlight.get(key) ?? 0;
  const add = (key: string, n: number) => {
    const v = held(key) + n;
    if (v > 0) inFlight.set(key, v);
    else inFlight.delete(key);
  };

  function personFailures(person: string): { count: number; last: string | null } {
    const since = new Date(now().getTime() - PERSON_WINDOW_MS).toISOString();
    return wrongPasswordsOf(db, person, since);
  }

  /** Seconds to wait given `count` failures, the last at `last`; 0 when a try may go ahead. */
  function waitAfter(count: number, last: string | null): number {
    if (count < PERSON_FREE_FAILURES || !last) return 0;
    const wait = Math.min(5 * 2 ** (count - PERSON_FREE_FAILURES), MAX_WAIT_S);
    return Math.max(0, Math.ceil((Date.parse(last) + wait * 1000 - now().getTime()) / 1000));
  }

  function personWait(person: string, pending: number): number {
    const { count, last } = personFailures(person);
    if (count + pending < PERSON_FREE_FAILURES) return 0;
    // Past the free tries, one check at a time: the others wait for its outcome (and the wait it brings).
    if (pending > 0) return Math.max(1, waitAfter(count + 1, now().toISOString()));
    return waitAfter(count, last);
  }

  function sourceWait(source: string, pending: number): number {
    const since = new Date(now().getTime() - SOURCE_WINDOW_MS).toISOString();
    const times = wrongPasswordTimesFrom(db, source, since, SOURCE_MAX_FAILURES);
    if (times.length + pending < SOURCE_MAX_FAILURES) return 0;
    // The oldest failure that keeps the source at its limit must leave the window first.
    const oldest = times[SOURCE_MAX_FAILURES - pending - 1] ?? times.at(-1);
    if (!oldest) return 1;
    return Math.max(1, Math.ceil((Date.parse(oldest) + SOURCE_WINDOW_MS - now().getTime()) / 1000));
  }

  return {
    reserve(person, source) {
      const p = `person:${person}`;
      const s = `source:${source}`;
      const forPerson = personWait(person, held(p));
      if (forPerson > 0) return { ok: false, limit: "person", waitSeconds: forPerson };
      const forSource = sourceWait(source, held(s));
      if (forSource > 0) return { ok: false, limit: "source", waitSeconds: forSource };
      add(p, 1);
      add(s, 1);
      let released = false;
      return {
        ok: true,
        release() {
          if (released) return;
          released = true;
          add(p, -1);
          add(s, -1);
        },
      };
    },
    personWait: (person) => personWait(person, held(`person:${person}`)),
  };
}

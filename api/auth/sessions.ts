import { randomBytes } from "node:crypto";
import type { SignedInStaff } from "../handler.js";

// Sessions live in memory: a restarted app asks everyone to sign in again, which is what a shared workstation
// wants. A session locks itself after the clinic's idle time; only the same person's password unlocks it. After
// twelve hours it ends whatever happens, so a forgotten desk does not stay signed in overnight.

export interface Session {
  token: string;
  staff: SignedInStaff;
  locked: boolean;
  createdAt: number;
  lastActivityAt: number;
}

export type FoundSession = { kind: "active"; session: Session } | { kind: "expired" };

export interface SessionStore {
  create(staff: SignedInStaff): Session;
  /** The session behind a token, locking it first if it has been idle too long. */
  find(token: string): FoundSession | null;
  /** Marks activity: the idle clock starts again. */
  touch(token: string): void;
  lock(token: string): void;
  unlock(token: string): void;
  end(token: string): void;
  /** Ends every session of one member of staff (deactivated, role changed, password reset). */
  endForStaff(staffId: string): number;
}

export const MAX_SESSION_MS = 12 * 60 * 60_000;

export function createSessionStore(opts: {
  now: () => Date;
  lockAfterMinutes: () => number;
  onIdleLock: (session: Session) => void;
}): SessionStore {
  const sessions = new Map<string, Session>();
  const expired = new Set<string>();
  const t = () => opts.now().getTime();

  return {
    create(staff) {
      const token = randomBytes(32).toString("base64url");
      const session: Session = { token, staff, locked: false, createdAt: t(), lastActivityAt: t() };
      sessions.set(token, session);
      return session;
    },
    find(token) {
      const session = sessions.get(token);
      if (!session) return expired.has(token) ? { kind: "expired" } : null;
      if (t() - session.createdAt > MAX_SESSION_MS) {
        sessions.delete(token);
        expired.add(token);
        return { kind: "expired" };
      }
      if (!session.locked && t() - session.lastActivityAt > opts.lockAfterMinutes() * 60_000) {
        session.locked = true;
        opts.onIdleLock(session);
      }
      return { kind: "active", session };
    },
    touch(token) {
      const s = sessions.get(token);
      if (s && !s.locked) s.lastActivityAt = t();
    },
    lock(token) {
      const s = sessions.get(token);
      if (s) s.locked = true;
    },
    unlock(token) {
      const s = sessions.get(token);
      if (s) {
        s.locked = false;
        s.lastActivityAt = t();
      }
    },
    end(token) {
      if (sessions.delete(token)) expired.add(token);
    },
    endForStaff(staffId) {
      let n = 0;
      for (const [token, s] of sessions)
        if (s.staff.id === staffId) {
          sessions.delete(token);
          expired.add(token);
          n++;
        }
      return n;
    },
  };
}

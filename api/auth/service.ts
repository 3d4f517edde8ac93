import type { ClinicDb } from "../../db/open.js";
import { readSettings } from "../settings.js";
import { createSecurityAudit, type SecurityAudit } from "./audit.js";
import { createSessionStore, type SessionStore } from "./sessions.js";
import { createPasswordGate, type PasswordGate } from "./throttle.js";

// Everything the router and the auth handlers share about who is signed in: the sessions, the security audit and
// the gate every password check passes.

export interface AuthService {
  sessions: SessionStore;
  audit: SecurityAudit;
  passwords: PasswordGate;
}

export function createAuthService(db: ClinicDb, opts: { now: () => Date }): AuthService {
  const audit = createSecurityAudit(db, opts.now);
  const sessions = createSessionStore({
    now: opts.now,
    lockAfterMinutes: () => readSettings(db).lockAfterMinutes,
    onIdleLock: (s) =>
      audit.record({
        action: "lock",
        outcome: "ok",
        staffId: s.staff.id,
        username: s.staff.username,
        detail: { reason: "idle" },
      }),
  });
  return { sessions, audit, passwords: createPasswordGate(db, opts.now) };
}

import type { ClinicDb } from "../../db/open.js";
import { readSettings } from "../settings.js";
import { createSecurityAudit, type SecurityAudit } from "./audit.js";
import { createSessionStore, type SessionStore } from "./sessions.js";

// Everything the router and the auth handlers share about who is signed in: the sessions and the security audit.

export interface AuthService {
  sessions: SessionStore;
  audit: SecurityAudit;
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
  return { sessions, audit };
}

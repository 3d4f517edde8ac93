import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../api/auth/passwords.js";
import type { ApiReply } from "../../api/reply.js";
import { createRouter, type Router } from "../../api/router.js";
import { setPasswordHash } from "../../db/accounts.js";
import { addStaff } from "../../db/staff.js";
import { type Clinic, makeClinic } from "../support/temp-db.js";

// Password guesses arriving all at once. Every password check (sign-in, unlock, change password) is reserved before
// the slow hash runs, so however many guesses come together, only the free tries reach the hash; the rest are
// refused with a wait, and every refusal and every failure is in the security audit.

const PASSWORD = "Harbour-Lantern-91";
let clinic: Clinic;
let router: Router;
let clock = new Date("2026-11-27T09:00:00.000Z");
const advance = (ms: number) => {
  clock = new Date(clock.getTime() + ms);
};
const from = (source: string, sessionToken: string | null = null) => ({
  sessionToken,
  transport: "http" as const,
  source,
});
const codes = (replies: ApiReply[]) =>
  replies.reduce<Record<string, number>>((n, r) => {
    const code = r.ok ? "OK" : r.error.code;
    n[code] = (n[code] ?? 0) + 1;
    return n;
  }, {});

interface AuditRow {
  action: string;
  outcome: string;
  username: string | null;
  detail: string | null;
}
const auditOf = (username: string, action: string) =>
  clinic.db.sqlite
    .prepare("SELECT action, outcome, username, detail FROM security_audit WHERE username = ? AND action = ?")
    .all(username, action) as AuditRow[];
const outcomes = (rows: AuditRow[]) =>
  rows.reduce<Record<string, number>>((n, r) => {
    n[r.outcome] = (n[r.outcome] ?? 0) + 1;
    return n;
  }, {});

async function signIn(username: string, source = "http:127.0.0.1"): Promise<string> {
  const r = await router.call("signIn", { username, password: PASSWORD }, from(source));
  if (!r.ok) throw new Error(`${username} could not sign in: ${r.error.message}`);
  return (r.value as { token: string }).token;
}

beforeAll(async () => {
  clinic = makeClinic();
  router = createRouter({ db: clinic.db, now: () => clock });
  // One hash for everyone: the test is about the gate in front of the hash, not about hashing.
  const hash = await hashPassword(PASSWORD);
  for (const name of ["ines", "omar", "pita", ...Array.from({ length: 25 }, (_, i) => `temp${i}`)]) {
    const added = addStaff(clinic.db, { name: `Staff ${name}`, role: "reception", username: name });
    if (!added.ok) throw new Error(added.error.message);
    setPasswordHash(clinic.db, added.value.id, hash, clock);
  }
}, 60_000);
afterAll(() => clinic?.close());

describe("password guesses all at once", () => {
  it("lets 3 of 31 simultaneous sign-ins for one username reach the hash, refuses and audits the other 28", async () => {
    const guesses = Array.from({ length: 30 }, (_, i) => `Wrong-Guess-${i}`).concat(PASSWORD);
    const replies = await Promise.all(
      guesses.map((password) =>
        router.call("signIn", { username: "ines", password }, from("http:127.0.0.1")),
      ),
    );
    expect(codes(replies)).toEqual({ WRONG_CREDENTIALS: 3, TOO_MANY_ATTEMPTS: 28 });
    for (const r of replies)
      if (!r.ok && r.error.code === "TOO_MANY_ATTEMPTS") {
        expect(r.status).toBe(429);
        expect((r.error.details as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(0);
      }
    const rows = auditOf("ines", "sign_in_failed");
    expect(outcomes(rows)).toEqual({ failed: 3, refused: 28 });
    expect(rows.filter((r) => r.outcome === "refused").map((r) => JSON.parse(r.detail ?? "{}"))).toEqual(
      Array(28).fill({ reason: "throttled", limit: "person", source: "http:127.0.0.1" }),
    );
    // The right password waits its turn too, then gets in.
    const early = await router.call(
      "signIn",
      { username: "ines", password: PASSWORD },
      from("http:127.0.0.1"),
    );
    expect(early).toMatchObject({ status: 429, error: { code: "TOO_MANY_ATTEMPTS" } });
    advance(6_000);
    expect(
      (await router.call("signIn", { username: "ines", password: PASSWORD }, from("http:127.0.0.1"))).ok,
    ).toBe(true);
  }, 60_000);

  it("ends a locked session after 5 wrong unlocks, however many come at once", async () => {
    const token = await signIn("omar");
    expect((await router.call("lock", {}, from("http:127.0.0.1", token))).ok).toBe(true);
    const burst = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        router.call("unlock", { password: `Wrong-Unlock-${i}` }, from("http:127.0.0.1", token)),
      ),
    );
    expect(codes(burst)).toEqual({ WRONG_CREDENTIALS: 3, TOO_MANY_ATTEMPTS: 17 });
    expect(outcomes(auditOf("omar", "unlock_failed"))).toEqual({ failed: 3, refused: 17 });
    // Each further guess waits for the previous one; the fifth wrong password ends the session.
    advance(6_000);
    const fourth = await Promise.all(
      Array.from({ length: 20 }, () =>
        router.call("unlock", { password: "Wrong-Again-1" }, from("http:127.0.0.1", token)),
      ),
    );
    expect(codes(fourth)).toEqual({ WRONG_CREDENTIALS: 1, TOO_MANY_ATTEMPTS: 19 });
    advance(11_000);
    const fifth = await router.call("unlock", { password: "Wrong-Again-2" }, from("http:127.0.0.1", token));
    expect(fifth).toMatchObject({ status: 401, error: { code: "SESSION_EXPIRED" } });
    expect(outcomes(auditOf("omar", "unlock_failed"))).toEqual({ failed: 5, refused: 36 });
    expect(await router.call("unlock", { password: PASSWORD }, from("http:127.0.0.1", token))).toMatchObject({
      status: 401,
      error: { code: "SESSION_EXPIRED" },
    });
  }, 60_000);

  it("throttles and audits guesses of the current password when changing it", async () => {
    const token = await signIn("pita");
    const guesses = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        router.call(
          "changePassword",
          { currentPassword: `Guess-Current-${i}`, newPassword: "Copper-Kettle-Mountain-5" },
          from("http:127.0.0.1", token),
        ),
      ),
    );
    expect(codes(guesses)).toEqual({ WRONG_CREDENTIALS: 3, TOO_MANY_ATTEMPTS: 9 });
    expect(outcomes(auditOf("pita", "password_change_failed"))).toEqual({ failed: 3, refused: 9 });
    // Even the right current password waits; a weak new one is refused and audited; then the change goes through.
    const early = await router.call(
      "changePassword",
      { currentPassword: PASSWORD, newPassword: "Copper-Kettle-Mountain-5" },
      from("http:127.0.0.1", token),
    );
    expect(early).toMatchObject({ status: 429, error: { code: "TOO_MANY_ATTEMPTS" } });
    advance(6_000);
    const weak = await router.call(
      "changePassword",
      { currentPassword: PASSWORD, newPassword: "password123" },
      from("http:127.0.0.1", token),
    );
    expect(weak).toMatchObject({ error: { code: "WEAK_PASSWORD" } });
    const rows = auditOf("pita", "password_change_failed").map((r) => JSON.parse(r.detail ?? "{}").reason);
    expect(rows.filter((r) => r === "weak new password")).toHaveLength(1);
    const changed = await router.call(
      "changePassword",
      { currentPassword: PASSWORD, newPassword: "Copper-Kettle-Mountain-5" },
      from("http:127.0.0.1", token),
    );
    expect(changed.ok).toBe(true);
    expect(auditOf("pita", "password_changed")).toHaveLength(1);
  }, 60_000);

  it("limits wrong passwords per source across usernames, and not another source", async () => {
    const names = Array.from({ length: 25 }, (_, i) => `temp${i}`);
    const spray = await Promise.all(
      names.map((username) =>
        router.call("signIn", { username, password: "Spring-Guess-2026" }, from("http:10.0.0.9")),
      ),
    );
    expect(codes(spray)).toEqual({ WRONG_CREDENTIALS: 20, TOO_MANY_ATTEMPTS: 5 });
    const refusedRows = clinic.db.sqlite
      .prepare(
        "SELECT COUNT(*) FROM security_audit WHERE action = 'sign_in_failed' AND outcome = 'refused' AND json_extract(detail, '$.limit') = 'source' AND json_extract(detail, '$.source') = 'http:10.0.0.9'",
      )
      .pluck()
      .get();
    expect(refusedRows).toBe(5);
    // The people themselves are not locked out from elsewhere.
    expect((await router.call("signIn", { username: "temp0", password: PASSWORD }, from("ipc"))).ok).toBe(
      true,
    );
    expect(
      await router.call("signIn", { username: "temp24", password: PASSWORD }, from("http:10.0.0.9")),
    ).toMatchObject({ status: 429 });
    advance(16 * 60_000);
    expect(
      (await router.call("signIn", { username: "temp24", password: PASSWORD }, from("http:10.0.0.9"))).ok,
    ).toBe(true);
  }, 120_000);
});

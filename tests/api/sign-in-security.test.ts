import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRouter, type Router } from "../../api/router.js";
import { securityEntryHash } from "../../domain/security-hash.js";
import { type Clinic, makeClinic } from "../support/temp-db.js";

// Sign-in security on the router itself, with a clock the test moves: failed sign-ins slow down, an idle session
// locks and only its owner's password unlocks it, and the security audit is append-only and hash-chained.

let clinic: Clinic;
let router: Router;
let clock = new Date("2026-11-27T09:00:00.000Z");
const http = (sessionToken: string | null = null) => ({ sessionToken, transport: "http" as const });
const advance = (ms: number) => {
  clock = new Date(clock.getTime() + ms);
};

beforeAll(async () => {
  clinic = makeClinic();
  router = createRouter({ db: clinic.db, now: () => clock });
  const setup = await router.call(
    "setupClinic",
    { clinicName: "Hill Clinic", adminName: "Ada Admin", username: "boss", password: "Harbour-Lantern-91" },
    http(),
  );
  expect(setup.ok).toBe(true);
});
afterAll(() => clinic?.close());

describe("sign-in security", () => {
  it("refuses short and common passwords for new accounts", async () => {
    const admin = await router.call("signIn", { username: "boss", password: "Harbour-Lantern-91" }, http());
    const token = admin.ok ? (admin.value as { token: string }).token : null;
    const short = await router.call(
      "addStaff",
      { name: "Sam", role: "lab", username: "sam", password: "abc123" },
      http(token),
    );
    expect(short).toMatchObject({ status: 400, error: { code: "INVALID_INPUT" } });
    const common = await router.call(
      "addStaff",
      { name: "Sam", role: "lab", username: "sam", password: "password1" },
      http(token),
    );
    expect(common).toMatchObject({ status: 422, error: { code: "WEAK_PASSWORD" } });
  });

  it("slows down repeated failed sign-ins, and lets the right password in once the wait is over", async () => {
    for (let i = 1; i <= 3; i++) {
      const r = await router.call("signIn", { username: "boss", password: `Wrong-Guess-${i}` }, http());
      expect(r).toMatchObject({ status: 401, error: { code: "WRONG_CREDENTIALS" } });
    }
    const blocked = await router.call("signIn", { username: "boss", password: "Harbour-Lantern-91" }, http());
    expect(blocked).toMatchObject({
      status: 429,
      error: { code: "TOO_MANY_ATTEMPTS", details: { retryAfterSeconds: 5 } },
    });
    advance(6_000);
    const fourth = await router.call("signIn", { username: "boss", password: "Wrong-Guess-4" }, http());
    expect(fourth).toMatchObject({
      error: { code: "WRONG_CREDENTIALS", details: { retryAfterSeconds: 10 } },
    });
    advance(11_000);
    const right = await router.call("signIn", { username: "boss", password: "Harbour-Lantern-91" }, http());
    expect(right.ok).toBe(true);
    // A success clears the count.
    const again = await router.call("signIn", { username: "boss", password: "Wrong-Guess-5" }, http());
    expect(again).toMatchObject({ error: { code: "WRONG_CREDENTIALS" } });
    if (!again.ok) expect(again.error.details).toBeUndefined();
  });

  it("does not tell an unknown username from a wrong password", async () => {
    const unknown = await router.call(
      "signIn",
      { username: "nobody", password: "Harbour-Lantern-91" },
      http(),
    );
    const wrong = await router.call("signIn", { username: "boss", password: "Not-The-One-77" }, http());
    expect(unknown.ok || wrong.ok).toBe(false);
    if (!unknown.ok && !wrong.ok) expect(unknown.error.message).toBe(wrong.error.message);
  });

  it("locks an idle session after the clinic's idle time; only the same person's password unlocks it", async () => {
    advance(60 * 60_000);
    const signed = await router.call("signIn", { username: "boss", password: "Harbour-Lantern-91" }, http());
    const token = signed.ok ? (signed.value as { token: string; lockAfterMinutes: number }).token : null;
    expect(signed.ok && (signed.value as { lockAfterMinutes: number }).lockAfterMinutes).toBe(5);
    advance(4 * 60_000);
    expect((await router.call("staffList", {}, http(token))).ok).toBe(true);
    advance(5 * 60_000 + 1_000);
    expect(await router.call("staffList", {}, http(token))).toMatchObject({
      status: 401,
      error: { code: "SESSION_LOCKED" },
    });
    const who = await router.call("session", {}, http(token));
    expect(who).toMatchObject({ ok: true, value: { locked: true, staff: { username: "boss" } } });
    expect(await router.call("unlock", { password: "Someone-Elses-12" }, http(token))).toMatchObject({
      error: { code: "WRONG_CREDENTIALS" },
    });
    expect((await router.call("unlock", { password: "Harbour-Lantern-91" }, http(token))).ok).toBe(true);
    expect((await router.call("staffList", {}, http(token))).ok).toBe(true);

    const { entries } = (
      (await router.call("securityAudit", { limit: 5 }, http(token))) as {
        value: { entries: { action: string; detail: unknown }[] };
      }
    ).value;
    expect(entries.map((e) => e.action).slice(0, 3)).toEqual(["unlock", "unlock_failed", "lock"]);
    expect(entries[2]?.detail).toEqual({ reason: "idle" });
  });

  it("keeps the security audit append-only and hash-chained, the chain checkable from the stored rows", () => {
    const rows = clinic.db.sqlite.prepare("SELECT * FROM security_audit ORDER BY seq").all() as {
      id: string;
      action: string;
      outcome: string;
      staffId: string | null;
      username: string | null;
      detail: string | null;
      deviceId: string;
      occurredAt: string;
      prevHash: string | null;
      hash: string;
    }[];
    expect(rows.length).toBeGreaterThan(10);
    let prev: string | null = null;
    for (const r of rows) {
      expect(r.prevHash).toBe(prev);
      expect(securityEntryHash(r)).toBe(r.hash);
      prev = r.hash;
    }
    expect(() => clinic.db.sqlite.prepare("UPDATE security_audit SET outcome = 'ok'").run()).toThrow(
      /append-only/,
    );
    expect(() => clinic.db.sqlite.prepare("DELETE FROM security_audit").run()).toThrow(/append-only/);
  });
});

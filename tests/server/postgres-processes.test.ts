import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openPostgresStorage, type PostgresStorage } from "../../server/postgres/storage.js";
import { createTestDatabase, type TestDatabase } from "./support/databases.js";
import { chainedEvents } from "./support/events.js";
import { startPostgresServer } from "./support/postgres-servers.js";

// What two server processes on one database must see of each other at once: a push wakes the other's long polls,
// a revocation or an enrolment made through one is in force on the other's next request, and an address's
// enrolment attempts are counted once for both. Each storage here has its own connections and its own listener, as
// a separate process would; the last test runs two real server processes.

const now = new Date("2026-11-30T08:00:00.000Z");
const inADay = new Date(now.getTime() + 86_400_000);

let database: TestDatabase;
let first: PostgresStorage;
let second: PostgresStorage;

beforeEach(async () => {
  database = await createTestDatabase();
  // Opened together: both run the migrations, one after the other under the advisory lock.
  [first, second] = await Promise.all([
    openPostgresStorage(database.url, { poolSize: 2 }),
    openPostgresStorage(database.url, { poolSize: 2 }),
  ]);
});
afterEach(async () => {
  await first?.close();
  await second?.close();
  await database?.drop();
});

describe("server processes sharing one PostgreSQL", () => {
  it("wake a long poll waiting on one process when a desk pushes through another", async () => {
    const clinic = await first.createClinic("Hillside", now);
    const other = await first.createClinic("Riverside", now);
    await first.addEnrolmentCode(clinic.id, "c", { deviceName: null, expiresAt: inADay, now });
    await first.enrol("c", { deviceId: "desk-a", deviceName: "A", tokenHash: "t" }, now);
    const otherClinicWait = second.waiters.wait(other.id, 1500);
    const started = Date.now();
    const woken = second.waiters.wait(clinic.id, 20_000);
    await first.appendEvents(clinic.id, "desk-a", chainedEvents("desk-a", 1, null), now);
    expect(await woken).toBe(true);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await second.heads(clinic.id)).toEqual({ events: 1, records: 0 });
    // A push to one clinic does not wake another clinic's desks.
    expect(await otherClinicWait).toBe(false);
  });

  it("see an enrolment and a revocation made through another process on the very next request", async () => {
    const clinic = await first.createClinic("Hillside", now);
    await second.addEnrolmentCode(clinic.id, "c", { deviceName: null, expiresAt: inADay, now });
    expect(
      await first.enrol("c", { deviceId: "desk-a", deviceName: "A", tokenHash: "t" }, now),
    ).toMatchObject({
      ok: true,
    });
    expect(await second.authenticate("t")).toMatchObject({ deviceId: "desk-a", revokedAt: null });
    expect(
      await second.enrol("c", { deviceId: "desk-b", deviceName: "B", tokenHash: "t2" }, now),
    ).toMatchObject({
      ok: false,
      code: "ENROLMENT_CODE_USED",
    });
    await first.revokeDevice("desk-a", now);
    expect((await second.authenticate("t"))?.revokedAt).toBe(now.toISOString());
  });

  it("spend one code once when two processes are handed it at the same moment", async () => {
    const clinic = await first.createClinic("Hillside", now);
    await first.addEnrolmentCode(clinic.id, "c", { deviceName: null, expiresAt: inADay, now });
    const results = await Promise.all([
      first.enrol("c", { deviceId: "desk-a", deviceName: "A", tokenHash: "ta" }, now),
      second.enrol("c", { deviceId: "desk-b", deviceName: "B", tokenHash: "tb" }, now),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toMatchObject([{ code: "ENROLMENT_CODE_USED" }]);
    expect((await first.status(clinic.id))[0]?.devices).toHaveLength(1);
  });

  it("give one clinic gap-free sequences when both processes store its pushes at once", async () => {
    const clinic = await first.createClinic("Hillside", now);
    const desks = ["desk-a", "desk-b", "desk-c", "desk-d"];
    for (const d of desks) {
      await first.addEnrolmentCode(clinic.id, `c-${d}`, { deviceName: null, expiresAt: inADay, now });
      await second.enrol(`c-${d}`, { deviceId: d, deviceName: d, tokenHash: `t-${d}` }, now);
    }
    await Promise.all(
      desks.map(async (d, i) => {
        const through = i % 2 ? first : second;
        const chain = chainedEvents(d, 30, null);
        for (let at = 0; at < chain.length; at += 3)
          await through.appendEvents(clinic.id, d, chain.slice(at, at + 3), now);
      }),
    );
    const { events } = await second.readEvents(clinic.id, 0, 1000);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    expect(await first.heads(clinic.id)).toEqual({ events: 120, records: 0 });
  });

  it("allow one address the limit of enrolment attempts once between them, not once each", async () => {
    const servers = await Promise.all([startPostgresServer(database.url), startPostgresServer(database.url)]);
    try {
      // Wrong codes from this test's one address, sent to the two processes in turn: the first ten are judged
      // (and refused as unknown codes), every one after is refused unjudged, whichever process it reaches.
      const answers: { status: number; code: string; retryAfterSeconds?: number }[] = [];
      for (let i = 0; i < 20; i++) {
        const server = servers[i % 2] as (typeof servers)[number];
        const res = await fetch(`${server.url}/v1/enroll`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ code: `WRONG-CODE-${i}`, deviceId: `desk-${i}`, deviceName: "Guesser" }),
        });
        const body = (await res.json()) as {
          error: { code: string; details?: { retryAfterSeconds: number } };
        };
        answers.push({
          status: res.status,
          code: body.error.code,
          ...(body.error.details ? { retryAfterSeconds: body.error.details.retryAfterSeconds } : {}),
        });
      }
      expect(answers.slice(0, 10).map((a) => [a.status, a.code])).toEqual(
        Array.from({ length: 10 }, () => [401, "ENROLMENT_CODE_INVALID"]),
      );
      expect(answers.slice(10).map((a) => [a.status, a.code])).toEqual(
        Array.from({ length: 10 }, () => [429, "TOO_MANY_ATTEMPTS"]),
      );
      for (const a of answers.slice(10)) {
        expect(a.retryAfterSeconds).toBeGreaterThan(14 * 60);
        expect(a.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
      }
      const refusals = (await first.securityLog(null, 100)).filter((e) => e.action === "enrolment_refused");
      expect(refusals.filter((e) => e.code === "TOO_MANY_ATTEMPTS")).toHaveLength(10);
      expect(refusals.filter((e) => e.code === "ENROLMENT_CODE_INVALID")).toHaveLength(10);
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
    }
  });
});

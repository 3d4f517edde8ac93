import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eventHash } from "../../domain/event-hash.js";
import { ATTEMPT_SWEEP_MS, type RecordJudge, type SyncStorage } from "../../server/storage.js";
import type { AuthorityView, Judgement } from "../../sync/authority.js";
import { EMPTY_ROOT, nextRoot } from "../../sync/checkpoint.js";
import type { WireRecord } from "../../sync/protocol.js";
import { chainedEvents } from "./support/events.js";
import { type StorageUnderTest, storageKinds } from "./support/storages.js";

// The contract of server/storage.ts, written once and held against every storage the sync server can run on.

const now = new Date("2026-11-30T08:00:00.000Z");
const inADay = new Date(now.getTime() + 86_400_000);

async function clinicWithDesk(storage: SyncStorage, deviceId = "desk-a", clinicName = "Hillside") {
  const clinic = await storage.createClinic(clinicName, now);
  await storage.addEnrolmentCode(clinic.id, `code-${deviceId}`, { deviceName: null, expiresAt: inADay, now });
  const enrolled = await storage.enrol(
    `code-${deviceId}`,
    { deviceId, deviceName: `Desk ${deviceId}`, tokenHash: `token-${deviceId}` },
    now,
  );
  expect(enrolled.ok).toBe(true);
  return clinic;
}

const change = (id: string, fields: Record<string, unknown>, kind = "patient"): WireRecord => ({
  kind,
  id,
  changeId: `${kind}-${id}-${Math.random().toString(36).slice(2, 10)}`,
  fields,
  madeAt: now.toISOString(),
  proof: null,
});

describe.each(storageKinds)("sync storage on $name", (kind) => {
  let under: StorageUnderTest;
  let storage: SyncStorage;
  beforeEach(async () => {
    under = await kind.open();
    storage = under.storage;
  });
  afterEach(async () => {
    await under.dispose();
  });

  it("creates and lists clinics, oldest first, and keeps them across a reopen", async () => {
    const a = await storage.createClinic("Hillside", now);
    const b = await storage.createClinic("Riverside", new Date(now.getTime() + 1000));
    expect(a.id).not.toBe(b.id);
    expect(await storage.listClinics()).toEqual([a, b]);
    const again = await under.reopen();
    expect(await again.listClinics()).toEqual([a, b]);
  });

  it("enrols a new device with a one-time code and authenticates its token", async () => {
    const clinic = await clinicWithDesk(storage);
    expect(await storage.authenticate("token-desk-a")).toEqual({
      clinicId: clinic.id,
      deviceId: "desk-a",
      revokedAt: null,
    });
    expect(await storage.authenticate("token-never-issued")).toBeNull();
    const again = await storage.enrol(
      "code-desk-a",
      { deviceId: "desk-b", deviceName: "B", tokenHash: "token-b" },
      now,
    );
    expect(again).toMatchObject({ ok: false, code: "ENROLMENT_CODE_USED" });
    expect(await storage.authenticate("token-b")).toBeNull();
  });

  it("refuses unknown and expired codes, a second clinic's device and an already enrolled device id", async () => {
    const clinic = await clinicWithDesk(storage);
    const device = (tokenHash: string, deviceId = "desk-new") => ({ deviceId, deviceName: "New", tokenHash });
    expect(await storage.enrol("no-such-code", device("t1"), now)).toMatchObject({
      ok: false,
      code: "ENROLMENT_CODE_INVALID",
    });
    await storage.addEnrolmentCode(clinic.id, "short-lived", { deviceName: null, expiresAt: now, now });
    expect(await storage.enrol("short-lived", device("t2"), new Date(now.getTime() + 1))).toMatchObject({
      ok: false,
      code: "ENROLMENT_CODE_EXPIRED",
    });
    await storage.addEnrolmentCode(clinic.id, "ordinary", { deviceName: null, expiresAt: inADay, now });
    expect(await storage.enrol("ordinary", device("t3", "desk-a"), now)).toMatchObject({
      ok: false,
      code: "DEVICE_ALREADY_ENROLLED",
    });
    const other = await storage.createClinic("Riverside", now);
    await storage.addEnrolmentCode(other.id, "other-clinic", { deviceName: null, expiresAt: inADay, now });
    expect(await storage.enrol("other-clinic", device("t4", "desk-a"), now)).toMatchObject({
      ok: false,
      code: "DEVICE_IN_OTHER_CLINIC",
    });
    for (const t of ["t1", "t2", "t3", "t4"]) expect(await storage.authenticate(t)).toBeNull();
    // A refused attempt leaves the code usable.
    expect(await storage.enrol("ordinary", device("t5"), now)).toMatchObject({
      ok: true,
      deviceId: "desk-new",
    });
    await expect(
      storage.addEnrolmentCode("clinic_missing", "x", { deviceName: null, expiresAt: inADay, now }),
    ).rejects.toThrow(/no clinic clinic_missing/);
  });

  it("names the device after the code when the code carries a name", async () => {
    const clinic = await storage.createClinic("Hillside", now);
    await storage.addEnrolmentCode(clinic.id, "named", { deviceName: "Reception", expiresAt: inADay, now });
    await storage.enrol("named", { deviceId: "desk-r", deviceName: "whatever", tokenHash: "t" }, now);
    expect((await storage.status(clinic.id))[0]?.devices.map((d) => d.name)).toEqual(["Reception"]);
  });

  it("revokes a device and every token of it; an unknown device is reported as such", async () => {
    await clinicWithDesk(storage);
    expect(await storage.revokeDevice("desk-a", now)).toBe(true);
    expect((await storage.authenticate("token-desk-a"))?.revokedAt).toBe(now.toISOString());
    expect(await storage.revokeDevice("desk-nobody", now)).toBe(false);
  });

  it("replaces a device: old tokens die, only the code made for it re-enrols that id, and it is logged", async () => {
    const clinic = await clinicWithDesk(storage);
    expect(await storage.replaceDevice("desk-nobody", "r0", { expiresAt: inADay, now })).toBeNull();
    expect(await storage.replaceDevice("desk-a", "replace-a", { expiresAt: inADay, now })).toEqual({
      clinicId: clinic.id,
    });
    expect((await storage.authenticate("token-desk-a"))?.revokedAt).not.toBeNull();
    const back = await storage.enrol(
      "replace-a",
      { deviceId: "desk-a", deviceName: "A", tokenHash: "token-a-2" },
      now,
    );
    expect(back).toMatchObject({ ok: true, deviceId: "desk-a", clinicId: clinic.id });
    expect(await storage.authenticate("token-a-2")).toEqual({
      clinicId: clinic.id,
      deviceId: "desk-a",
      revokedAt: null,
    });
    expect((await storage.authenticate("token-desk-a"))?.revokedAt).not.toBeNull();
    const log = await storage.securityLog(clinic.id, 10);
    expect(log.map((e) => [e.action, e.code, e.subject])).toEqual([
      ["device_replaced", "DEVICE_REPLACED", "device/desk-a"],
    ]);
  });

  it("gives each clinic its own sequences from 1 and answers a repeated event with the sequence it holds", async () => {
    const hill = await clinicWithDesk(storage, "desk-a", "Hillside");
    const river = await clinicWithDesk(storage, "desk-r", "Riverside");
    const a = chainedEvents("desk-a", 3, null);
    const r = chainedEvents("desk-r", 2, null);
    expect(
      (await storage.appendEvents(hill.id, "desk-a", a, now)).map((o) => [o.status, "seq" in o && o.seq]),
    ).toEqual([
      ["accepted", 1],
      ["accepted", 2],
      ["accepted", 3],
    ]);
    expect((await storage.appendEvents(river.id, "desk-r", r, now)).map((o) => "seq" in o && o.seq)).toEqual([
      1, 2,
    ]);
    const repeat = await storage.appendEvents(hill.id, "desk-a", [a[1] as (typeof a)[number]], now);
    expect(repeat).toEqual([{ id: a[1]?.id, status: "duplicate", seq: 2 }]);
    const forged = { ...(a[0] as (typeof a)[number]), description: "changed", hash: "f".repeat(64) };
    expect(await storage.appendEvents(hill.id, "desk-a", [forged], now)).toMatchObject([
      { status: "rejected", code: "ID_CONFLICT" },
    ]);
    expect(await storage.heads(hill.id)).toEqual({ events: 3, records: 0 });
    expect(await storage.heads(river.id)).toEqual({ events: 2, records: 0 });
    const status = await storage.status(hill.id);
    expect(status.map((c) => [c.clinicId, c.eventHead, c.devices.map((d) => [d.id, d.eventsHeld])])).toEqual([
      [hill.id, 3, [["desk-a", 3]]],
    ]);
    expect((await storage.status()).map((c) => c.clinicId)).toEqual([hill.id, river.id]);
  });

  it("refuses an event that extends the chain under an id already held, and stores the rest of its batch", async () => {
    const hill = await clinicWithDesk(storage, "desk-a");
    const a = chainedEvents("desk-a", 2, null);
    await storage.appendEvents(hill.id, "desk-a", a, now);
    const head = (a[1] as (typeof a)[number]).hash;
    // Honestly hashed and linked to the device's latest event, but under the first event's id.
    const { hash: _, ...first } = a[0] as (typeof a)[number];
    const unhashed = { ...first, description: "Another step", prevHash: head };
    const reused = { ...unhashed, hash: eventHash(unhashed) };
    const next = chainedEvents("desk-a", 1, head, "next");
    const answer = await storage.appendEvents(hill.id, "desk-a", [reused, ...next], now);
    expect(answer.map((o) => [o.status, "code" in o ? o.code : o.seq])).toEqual([
      ["rejected", "ID_CONFLICT"],
      ["accepted", 3],
    ]);
    const { events } = await storage.readEvents(hill.id, 0, 10);
    expect(events.map((e) => [e.seq, e.id, e.description])).toEqual(
      [...a, ...next].map((e, i) => [i + 1, e.id, e.description]),
    );
    expect(await storage.logState(hill.id)).toEqual({
      size: 3,
      root: [...a, ...next].reduce((root, e) => nextRoot(root, e.hash), EMPTY_ROOT),
    });
  });

  it("stores an event only when it extends its device's chain, and says how the chain breaks", async () => {
    const clinic = await clinicWithDesk(storage);
    const first = chainedEvents("desk-a", 2, null);
    await storage.appendEvents(clinic.id, "desk-a", first, now);
    const head = first[1]?.hash ?? null;
    const secondStart = chainedEvents("desk-a", 1, null, "again");
    const gap = chainedEvents("desk-a", 1, "a".repeat(64), "gap");
    const fork = chainedEvents("desk-a", 1, first[0]?.hash ?? null, "fork");
    const outcomes = await storage.appendEvents(clinic.id, "desk-a", [...secondStart, ...gap, ...fork], now);
    expect(outcomes.map((o) => [o.status, "reason" in o ? o.reason.split(":")[1]?.trim() : null])).toEqual([
      ["rejected", "a second start of its chain."],
      ["rejected", "its chain has a gap."],
      ["rejected", "a fork of its chain."],
    ]);
    for (const o of outcomes) expect(o).toMatchObject({ code: "CHAIN_BROKEN" });
    // A refused event in a batch does not stop the ones after it that fit; the head moves with each stored one.
    const next = chainedEvents("desk-a", 2, head, "next");
    const mixed = await storage.appendEvents(
      clinic.id,
      "desk-a",
      [next[0], gap[0], next[1]] as typeof next,
      now,
    );
    expect(mixed.map((o) => o.status)).toEqual(["accepted", "rejected", "accepted"]);
    expect((await storage.heads(clinic.id)).events).toBe(4);
  });

  it("reads events after a sequence in order, a page at a time, exactly as they were pushed", async () => {
    const clinic = await clinicWithDesk(storage);
    const pushed = chainedEvents("desk-a", 5, null);
    await storage.appendEvents(clinic.id, "desk-a", pushed, now);
    const page1 = await storage.readEvents(clinic.id, 0, 2);
    expect(page1.more).toBe(true);
    expect(page1.events).toEqual(pushed.slice(0, 2).map((e, i) => ({ ...e, seq: i + 1 })));
    const rest = await storage.readEvents(clinic.id, 2, 10);
    expect(rest.more).toBe(false);
    expect(rest.events.map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(await storage.readEvents(clinic.id, 5, 10)).toEqual({ events: [], more: false });
  });

  it("hands out sequences without gaps or repeats when many devices push at once", async () => {
    const clinic = await storage.createClinic("Hillside", now);
    const desks = Array.from({ length: 6 }, (_, i) => `desk-${i}`);
    for (const d of desks) {
      await storage.addEnrolmentCode(clinic.id, `c-${d}`, { deviceName: null, expiresAt: inADay, now });
      await storage.enrol(`c-${d}`, { deviceId: d, deviceName: d, tokenHash: `t-${d}` }, now);
    }
    const chains = desks.map((d) => chainedEvents(d, 40, null));
    // Each desk pushes its chain in batches of 5, all desks at the same time.
    await Promise.all(
      desks.map(async (d, i) => {
        const chain = chains[i] ?? [];
        for (let at = 0; at < chain.length; at += 5)
          await storage.appendEvents(clinic.id, d, chain.slice(at, at + 5), now);
      }),
    );
    const { events, more } = await storage.readEvents(clinic.id, 0, 1000);
    expect(more).toBe(false);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 240 }, (_, i) => i + 1));
    expect(new Set(events.map((e) => e.id)).size).toBe(240);
    for (const [i, d] of desks.entries())
      expect(events.filter((e) => e.deviceId === d).map((e) => e.id)).toEqual(chains[i]?.map((e) => e.id));
  });

  it("stores record changes once, judged in order against the staff state earlier changes leave", async () => {
    const clinic = await clinicWithDesk(storage);
    const seen: (ReturnType<AuthorityView["signer"]> | boolean)[] = [];
    // A judge that lets a staff change through only when signed, and records what the view showed it.
    const judge: RecordJudge = (c, view): Judgement => {
      seen.push(view.hasStaff(), view.signer(c.id));
      if (c.kind !== "staff") return { ok: true, signer: null };
      if (!c.proof)
        return { ok: false, code: "UNSIGNED_CHANGE", reason: `The change to ${c.id} is not signed.` };
      return { ok: true, signer: { staffId: c.id, patch: { role: String(c.fields.role), active: true } } };
    };
    const signed = { by: "amina", sig: `${"A".repeat(86)}==` };
    const patient = change("p1", { name: "Juma", age: 40 });
    const amina = { ...change("amina", { role: "admin" }, "staff"), proof: signed };
    const unsigned = change("bob", { role: "admin" }, "staff");
    const aminaAgain = { ...change("amina", { role: "nurse" }, "staff"), proof: signed };
    const outcomes = await storage.appendRecords(
      clinic.id,
      "desk-a",
      [patient, amina, unsigned, aminaAgain],
      now,
      judge,
    );
    expect(outcomes.map((o) => [o.status, "seq" in o ? o.seq : o.code])).toEqual([
      ["accepted", 1],
      ["accepted", 2],
      ["rejected", "UNSIGNED_CHANGE"],
      ["accepted", 3],
    ]);
    expect(seen).toEqual([
      false,
      null,
      false,
      null,
      true,
      null,
      true,
      { role: "admin", active: true, publicKey: null },
    ]);
    // The next push is judged against what the accepted changes left.
    seen.length = 0;
    await storage.appendRecords(clinic.id, "desk-a", [change("amina", { note: "x" }, "staff")], now, judge);
    expect(seen).toEqual([true, { role: "nurse", active: true, publicKey: null }]);
    const replay = await storage.appendRecords(clinic.id, "desk-a", [patient, amina], now, judge);
    expect(replay).toEqual([
      { id: "p1", status: "duplicate", seq: 1 },
      { id: "amina", status: "duplicate", seq: 2 },
    ]);
    const log = await storage.securityLog(clinic.id, 10);
    expect(log.map((e) => [e.action, e.code, e.subject, e.deviceId])).toEqual([
      ["record_change_refused", "UNSIGNED_CHANGE", "staff/amina", "desk-a"],
      ["record_change_refused", "UNSIGNED_CHANGE", "staff/bob", "desk-a"],
    ]);
    expect(await storage.heads(clinic.id)).toEqual({ events: 0, records: 3 });
    const read = await storage.readRecords(clinic.id, 0, 2);
    expect(read.more).toBe(true);
    expect(read.records).toEqual([
      { ...patient, seq: 1, deviceId: "desk-a" },
      { ...amina, seq: 2, deviceId: "desk-a" },
    ]);
    expect((await storage.readRecords(clinic.id, 2, 10)).records.map((r) => r.changeId)).toEqual([
      aminaAgain.changeId,
    ]);
  });

  it("keeps the security log newest first, per clinic or for all", async () => {
    const hill = await storage.createClinic("Hillside", now);
    const river = await storage.createClinic("Riverside", now);
    const entry = (clinicId: string | null, code: string) => ({
      clinicId,
      deviceId: null,
      source: "10.0.0.9",
      action: "enrolment_refused",
      code,
      subject: null,
      reason: `Refused: ${code}.`,
    });
    await storage.logSecurity(entry(hill.id, "FIRST"), now);
    await storage.logSecurity(entry(river.id, "SECOND"), now);
    await storage.logSecurity(entry(null, "THIRD"), now);
    expect((await storage.securityLog(null, 10)).map((e) => e.code)).toEqual(["THIRD", "SECOND", "FIRST"]);
    expect((await storage.securityLog(null, 2)).map((e) => e.code)).toEqual(["THIRD", "SECOND"]);
    const hillLog = await storage.securityLog(hill.id, 10);
    expect(hillLog).toMatchObject([
      {
        clinicId: hill.id,
        source: "10.0.0.9",
        code: "FIRST",
        reason: "Refused: FIRST.",
        at: now.toISOString(),
      },
    ]);
  });

  it("notes when a device was heard from and flags a clock far off", async () => {
    const clinic = await clinicWithDesk(storage);
    const later = new Date(now.getTime() + 60_000);
    await storage.touchDevice("desk-a", later, 5 * 60_000);
    let device = (await storage.status(clinic.id))[0]?.devices[0];
    expect(device).toMatchObject({
      lastSeenAt: later.toISOString(),
      clockOffsetMs: 300_000,
      clockFlagged: true,
    });
    // No offset measured this time: the last one stands.
    await storage.touchDevice("desk-a", later, null);
    device = (await storage.status(clinic.id))[0]?.devices[0];
    expect(device).toMatchObject({ clockOffsetMs: 300_000 });
    await storage.touchDevice("desk-a", later, 1000);
    device = (await storage.status(clinic.id))[0]?.devices[0];
    expect(device).toMatchObject({ clockOffsetMs: 1000, clockFlagged: false });
  });

  it("refuses, in the database itself, to change or delete events, records or the security log", async () => {
    const clinic = await clinicWithDesk(storage);
    await storage.appendEvents(clinic.id, "desk-a", chainedEvents("desk-a", 1, null), now);
    await storage.appendRecords(clinic.id, "desk-a", [change("p1", { name: "Juma" })], now, () => ({
      ok: true,
      signer: null,
    }));
    await storage.logSecurity(
      {
        clinicId: clinic.id,
        deviceId: null,
        source: null,
        action: "a",
        code: "C",
        subject: null,
        reason: "r",
      },
      now,
    );
    for (const sql of [
      "UPDATE events SET description = 'changed'",
      "DELETE FROM events",
      "UPDATE records SET kind = 'x'",
      "DELETE FROM records",
      "UPDATE security_log SET reason = 'x'",
      "DELETE FROM security_log",
    ])
      await expect(under.raw(sql), sql).rejects.toThrow(/append-only/);
    expect((await storage.readEvents(clinic.id, 0, 10)).events).toHaveLength(1);
    expect(await storage.securityLog(clinic.id, 10)).toHaveLength(1);
  });

  it("refuses to store for a clinic that does not exist", async () => {
    await expect(
      storage.appendEvents("clinic_missing", "d", chainedEvents("d", 1, null), now),
    ).rejects.toThrow(/no clinic clinic_missing/);
    await expect(
      storage.appendRecords("clinic_missing", "d", [change("p", {})], now, () => ({
        ok: true,
        signer: null,
      })),
    ).rejects.toThrow(/no clinic clinic_missing/);
    expect(await storage.heads("clinic_missing")).toEqual({ events: 0, records: 0 });
  });
  it("keeps the log's running hash with its size, one signing key, and only the newest checkpoint", async () => {
    const clinic = await clinicWithDesk(storage);
    expect(await storage.logState(clinic.id)).toEqual({ size: 0, root: EMPTY_ROOT });
    expect(await storage.logState("clinic_unknown")).toBeNull();
    const events = chainedEvents("desk-a", 3, null);
    await storage.appendEvents(clinic.id, "desk-a", events.slice(0, 2), now);
    await storage.appendEvents(clinic.id, "desk-a", events.slice(2), now);
    // The same root whether the events came in one push or two, as a desk computes it from what it holds.
    const expected = events.reduce((root, e) => nextRoot(root, e.hash), EMPTY_ROOT);
    expect(await storage.logState(clinic.id)).toEqual({ size: 3, root: expected });

    const key = await storage.serverKey(now);
    expect(key.privateKey.length).toBeGreaterThan(40);
    expect(await storage.serverKey(inADay)).toEqual(key);

    expect(await storage.latestCheckpoint(clinic.id)).toBeNull();
    await storage.putCheckpoint(clinic.id, 3, "note at 3", now);
    await storage.putCheckpoint(clinic.id, 2, "older note at 2", inADay);
    expect(await storage.latestCheckpoint(clinic.id)).toEqual({ size: 3, note: "note at 3" });
    const again = await under.reopen();
    expect(await again.latestCheckpoint(clinic.id)).toEqual({ size: 3, note: "note at 3" });
    expect(await again.serverKey(inADay)).toEqual(key);
  });

  describe("attempts limited per key", () => {
    const t0 = now.getTime();
    const minute = 60_000;
    const window = 15 * minute;
    const reserve = (s: SyncStorage, key: string, at: number, max = 3) =>
      s.reserveAttempt("enrol", key, at, max, window);
    /** The attempts the database holds, per key, as `key:count`. */
    const held = async () =>
      (
        await under.rows<{ key: string; n: number }>(
          "SELECT key, CAST(count(*) AS INTEGER) AS n FROM attempts GROUP BY key ORDER BY key",
        )
      ).map((r) => `${r.key}:${r.n}`);

    it("allows the limit, then refuses with the time until the oldest attempt leaves the window", async () => {
      expect(await reserve(storage, "10.0.0.1", t0)).toBe(0);
      expect(await reserve(storage, "10.0.0.1", t0 + 1000)).toBe(0);
      expect(await reserve(storage, "10.0.0.1", t0 + 2000)).toBe(0);
      expect(await reserve(storage, "10.0.0.1", t0 + 5000)).toBe(window - 5000);
      // A refusal is not counted: it does not push the next allowed attempt further away.
      expect(await reserve(storage, "10.0.0.1", t0 + 6000)).toBe(window - 6000);
      expect(await held()).toEqual(["10.0.0.1:3"]);
      // The count is in the database: a restarted (or another) server process refuses too.
      const again = await under.reopen();
      expect(await reserve(again, "10.0.0.1", t0 + 7000)).toBe(window - 7000);
    });

    it("slides: each counted attempt frees its place when it leaves the window", async () => {
      for (const at of [t0, t0 + minute, t0 + 2 * minute]) expect(await reserve(storage, "k", at)).toBe(0);
      expect(await reserve(storage, "k", t0 + window - 1)).toBe(1);
      // The first attempt has left: one place, taken at once.
      expect(await reserve(storage, "k", t0 + window)).toBe(0);
      expect(await reserve(storage, "k", t0 + window + 1)).toBe(minute - 1);
      // The second leaves a minute later.
      expect(await reserve(storage, "k", t0 + window + minute)).toBe(0);
      expect(await reserve(storage, "k", t0 + window + minute)).toBe(minute);
      expect(await held()).toEqual(["k:3"]);
    });

    it("counts each key on its own, whatever the key says", async () => {
      const keys = [
        "10.0.0.1",
        "10.0.0.2",
        "::1",
        "__proto__",
        "constructor",
        "'; DROP TABLE attempts; --",
        "é",
      ];
      for (const key of keys) {
        for (let i = 0; i < 3; i++) expect(await reserve(storage, key, t0 + i), key).toBe(0);
        expect(await reserve(storage, key, t0 + 3), key).toBe(window - 3);
      }
      expect(await reserve(storage, "10.0.0.3", t0 + 3)).toBe(0);
      expect((await held()).sort()).toEqual([...keys.map((k) => `${k}:3`), "10.0.0.3:1"].sort());
    });

    it("deletes attempts that left the window: the key's own at its next attempt, every key's now and then", async () => {
      for (let i = 0; i < 3; i++) await reserve(storage, "busy", t0 + i);
      await reserve(storage, "quiet", t0);
      // Within a sweep's interval only the key's own old attempts go.
      const later = t0 + window + 10;
      expect(later - t0).toBeGreaterThanOrEqual(ATTEMPT_SWEEP_MS);
      const soon = await under.reopen();
      await reserve(soon, "warm-up", later - ATTEMPT_SWEEP_MS + 1);
      expect(await reserve(soon, "busy", later)).toBe(0);
      expect(await held()).toEqual(["busy:1", "quiet:1", "warm-up:1"]);
      // Once a sweep is due, the attempts of every key that left the window go, whichever key came.
      expect(await reserve(soon, "new", later + window)).toBe(0);
      expect(await held()).toEqual(["new:1"]);
    });

    it("lets no more than the limit through when many attempts come at once through several connections", async () => {
      const storages = [storage, await under.reopen(), await under.reopen()];
      const answers = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          (storages[i % storages.length] as SyncStorage).reserveAttempt(
            "enrol",
            "10.9.9.9",
            t0 + i,
            10,
            window,
          ),
        ),
      );
      expect(answers.filter((w) => w === 0)).toHaveLength(10);
      expect(answers.filter((w) => w > 0)).toHaveLength(40);
      expect(await held()).toEqual(["10.9.9.9:10"]);
    });
  });
});

import { generateKeyPairSync } from "node:crypto";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { monotonicFactory } from "ulid";
import { prepareEventInsert } from "../db/event-insert.js";
import { type AuthorityView, applySignerPatch } from "../sync/authority.js";
import { chainLinkProblem } from "../sync/chain-link.js";
import { EMPTY_ROOT, nextRoot } from "../sync/checkpoint.js";
import {
  CLOCK_FLAG_MS,
  type ClinicStatus,
  type PulledEvent,
  type PulledRecord,
  type PushOutcome,
  type RecordOutcome,
  type WireEvent,
} from "../sync/protocol.js";
import {
  ATTEMPT_SWEEP_MS,
  type AttemptKind,
  type Clinic,
  type DeviceIdentity,
  type EnrolResult,
  type RecordJudge,
  type SecurityLogEntry,
  type SyncStorage,
} from "./storage.js";

// The central server's embedded SQLite storage: one file for every clinic the server serves. WAL with
// synchronous=FULL so that an answered push survives a power cut (the desk will never send those events again),
// and events and records append-only, enforced by triggers as on the desks.

const SCHEMA_VERSION = 2;

const schema = `
CREATE TABLE IF NOT EXISTS clinics (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, createdAt TEXT NOT NULL,
  eventHead INTEGER NOT NULL DEFAULT 0, recordHead INTEGER NOT NULL DEFAULT 0, eventRoot TEXT
);
CREATE TABLE IF NOT EXISTS devices (
  id TEXT PRIMARY KEY, clinicId TEXT NOT NULL REFERENCES clinics(id), name TEXT NOT NULL,
  enrolledAt TEXT NOT NULL, revokedAt TEXT, lastSeenAt TEXT, clockOffsetMs INTEGER,
  eventsHeld INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS device_tokens (
  tokenHash TEXT PRIMARY KEY, deviceId TEXT NOT NULL REFERENCES devices(id), issuedAt TEXT NOT NULL, revokedAt TEXT
);
CREATE TABLE IF NOT EXISTS enrolment_codes (
  codeHash TEXT PRIMARY KEY, clinicId TEXT NOT NULL REFERENCES clinics(id), deviceName TEXT,
  createdAt TEXT NOT NULL, expiresAt TEXT NOT NULL, usedAt TEXT, usedByDevice TEXT, forDevice TEXT
);
CREATE TABLE IF NOT EXISTS events (
  clinicId TEXT NOT NULL, seq INTEGER NOT NULL, id TEXT NOT NULL, visitId TEXT NOT NULL, eventType TEXT NOT NULL,
  description TEXT, metadata TEXT, performedBy TEXT, performedAt TEXT NOT NULL, deviceId TEXT NOT NULL,
  schemaVersion INTEGER NOT NULL, recordedAt TEXT NOT NULL, prevHash TEXT, hash TEXT NOT NULL,
  receivedAt TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS events_seq ON events (clinicId, seq);
CREATE UNIQUE INDEX IF NOT EXISTS events_id ON events (clinicId, id);
CREATE INDEX IF NOT EXISTS events_device_chain ON events (clinicId, deviceId, seq);
CREATE TABLE IF NOT EXISTS records (
  clinicId TEXT NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL, id TEXT NOT NULL, updatedAt TEXT NOT NULL,
  deviceId TEXT NOT NULL, data TEXT NOT NULL, receivedAt TEXT NOT NULL, changeId TEXT, proof TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS records_seq ON records (clinicId, seq);
CREATE TABLE IF NOT EXISTS staff_signers (
  clinicId TEXT NOT NULL, staffId TEXT NOT NULL, role TEXT, active INTEGER NOT NULL DEFAULT 0, publicKey TEXT,
  PRIMARY KEY (clinicId, staffId)
);
CREATE TABLE IF NOT EXISTS server_key (
  name TEXT PRIMARY KEY, privateKey TEXT NOT NULL, createdAt TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS checkpoints (
  clinicId TEXT PRIMARY KEY, size INTEGER NOT NULL, note TEXT NOT NULL, signedAt TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS security_log (
  seq INTEGER PRIMARY KEY, clinicId TEXT, deviceId TEXT, source TEXT, action TEXT NOT NULL, code TEXT NOT NULL,
  subject TEXT, reason TEXT NOT NULL, at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS attempts (kind TEXT NOT NULL, key TEXT NOT NULL, at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS attempts_kind_key_at ON attempts (kind, key, at);
CREATE TRIGGER IF NOT EXISTS security_log_no_update BEFORE UPDATE ON security_log
BEGIN SELECT RAISE(ABORT, 'the security log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS security_log_no_delete BEFORE DELETE ON security_log
BEGIN SELECT RAISE(ABORT, 'the security log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER IF NOT EXISTS records_no_update BEFORE UPDATE ON records
BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;
CREATE TRIGGER IF NOT EXISTS records_no_delete BEFORE DELETE ON records
BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;
`;

const eventColumns = `seq, id, visitId, eventType, description, metadata, performedBy, performedAt, deviceId,
  schemaVersion, recordedAt, prevHash, hash`;

/** A row of `eventColumns`, in that order. */
type EventColumns = [
  number,
  string,
  string,
  string,
  string | null,
  string | null,
  string | null,
  string,
  string,
  number,
  string,
  string | null,
  string,
];

const pulledEvent = (r: EventColumns): PulledEvent => ({
  seq: r[0],
  id: r[1],
  visitId: r[2],
  eventType: r[3],
  description: r[4],
  metadata: r[5],
  performedBy: r[6],
  performedAt: r[7],
  deviceId: r[8],
  schemaVersion: r[9],
  recordedAt: r[10],
  prevHash: r[11],
  hash: r[12],
});

/** The insert failed because the clinic already holds an event with that id (events_id). */
const isIdTaken = (err: unknown): boolean =>
  (err as { code?: string }).code === "SQLITE_CONSTRAINT_UNIQUE" &&
  /events\.clinicId, events\.id/.test((err as Error).message);

/** Opens (or creates) the server's database file. */
export function openSqliteStorage(path: string): SyncStorage {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  // An admin command opens the file while the server writes to it: wait for its lock rather than fail.
  db.pragma("busy_timeout = 5000");
  const check = db.pragma("quick_check", { simple: true });
  if (check !== "ok") {
    db.close();
    throw new Error(`${path} failed its integrity check (${String(check)}). Restore the latest backup.`);
  }
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.pragma("foreign_keys = ON");
  // The event indexes of a large clinic outgrow SQLite's 2 MB default page cache; 64 MB keeps pushes and pulls in
  // memory rather than in system calls.
  db.pragma("cache_size = -65536");
  const version = db.pragma("user_version", { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    db.close();
    throw new Error(`${path} was written by a newer sync server (schema ${version}); upgrade this one.`);
  }
  db.transaction(() => {
    // Version 1 kept whole rows; version 2 keeps changes with an id and a signature. Old rows read as changes of
    // every field, without a signature (so desks and the server ignore old staff and setting rows).
    const recordColumns = (db.pragma("table_info(records)") as { name: string }[]).map((c) => c.name);
    if (recordColumns.length && !recordColumns.includes("changeId"))
      db.exec("ALTER TABLE records ADD COLUMN changeId TEXT; ALTER TABLE records ADD COLUMN proof TEXT;");
    const clinicColumns = (db.pragma("table_info(clinics)") as { name: string }[]).map((c) => c.name);
    if (clinicColumns.length && !clinicColumns.includes("eventRoot")) {
      db.exec("ALTER TABLE clinics ADD COLUMN eventRoot TEXT");
      // The running hash of the events held so far, in sequence order (sync/checkpoint.ts).
      const clinics = db.prepare("SELECT id FROM clinics").pluck().all() as string[];
      const hashes = db.prepare("SELECT hash FROM events WHERE clinicId = ? ORDER BY seq").pluck();
      for (const id of clinics) {
        let root = EMPTY_ROOT;
        for (const h of hashes.iterate(id) as IterableIterator<string>) root = nextRoot(root, h);
        db.prepare("UPDATE clinics SET eventRoot = ? WHERE id = ?").run(root, id);
      }
    }
    const codeColumns = (db.pragma("table_info(enrolment_codes)") as { name: string }[]).map((c) => c.name);
    if (codeColumns.length && !codeColumns.includes("forDevice"))
      db.exec("ALTER TABLE enrolment_codes ADD COLUMN forDevice TEXT;");
    db.exec(schema);
    db.exec("CREATE UNIQUE INDEX IF NOT EXISTS records_change ON records (clinicId, changeId)");
    if (version !== SCHEMA_VERSION) db.pragma(`user_version = ${SCHEMA_VERSION}`);
    // Immediate: a deferred transaction that reads and then writes fails at once (SQLITE_BUSY, no wait) when the
    // running server committed in between, as it does when an admin command opens the file during pushes.
  }).immediate();
  const newId = monotonicFactory();

  const q = {
    clinicHeads: db.prepare("SELECT eventHead AS events, recordHead AS records FROM clinics WHERE id = ?"),
    setEventHead: db.prepare("UPDATE clinics SET eventHead = ?, eventRoot = ? WHERE id = ?"),
    eventRoot: db.prepare("SELECT eventRoot FROM clinics WHERE id = ?").pluck(),
    setRecordHead: db.prepare("UPDATE clinics SET recordHead = ? WHERE id = ?"),
    eventById: db.prepare("SELECT seq, hash FROM events WHERE clinicId = ? AND id = ?"),
    deviceHead: db
      .prepare("SELECT hash FROM events WHERE clinicId = ? AND deviceId = ? ORDER BY seq DESC LIMIT 1")
      .pluck(),
    deviceHolds: db
      .prepare("SELECT 1 FROM events WHERE clinicId = ? AND deviceId = ? AND hash = ? LIMIT 1")
      .pluck(),
    insertEvent: prepareEventInsert(db, {
      table: "events",
      seqColumn: "seq",
      before: ["clinicId"],
      after: ["receivedAt"],
    }),
    // Rows as arrays, made into events below: better-sqlite3 builds a row object property by property, which took
    // longer than reading the row.
    readEvents: db
      .prepare(`SELECT ${eventColumns} FROM events WHERE clinicId = ? AND seq > ? ORDER BY seq LIMIT ?`)
      .raw(),
    insertRecord:
      db.prepare(`INSERT INTO records (clinicId, seq, kind, id, updatedAt, deviceId, data, receivedAt,
      changeId, proof) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    readRecords: db.prepare(
      `SELECT seq, kind, id, updatedAt, deviceId, data, changeId, proof FROM records WHERE clinicId = ? AND seq > ?
       ORDER BY seq LIMIT ?`,
    ),
    addHeld: db.prepare("UPDATE devices SET eventsHeld = eventsHeld + ? WHERE id = ?"),
    auth: db.prepare(`SELECT d.clinicId, d.id AS deviceId, COALESCE(t.revokedAt, d.revokedAt) AS revokedAt
      FROM device_tokens t JOIN devices d ON d.id = t.deviceId WHERE t.tokenHash = ?`),
    touch: db.prepare(
      "UPDATE devices SET lastSeenAt = ?, clockOffsetMs = COALESCE(?, clockOffsetMs) WHERE id = ?",
    ),
  };

  const appendEventsTx = db.transaction(
    (clinicId: string, deviceId: string, events: Parameters<SyncStorage["appendEvents"]>[2], now: Date) => {
      const heads = q.clinicHeads.get(clinicId) as { events: number } | undefined;
      if (!heads) throw new Error(`There is no clinic ${clinicId}.`);
      let head = heads.events;
      const receivedAt = now.toISOString();
      let added = 0;
      // The device's chain head moves with each event stored from this batch.
      let chainHead = (q.deviceHead.get(clinicId, deviceId) as string | undefined) ?? null;
      let root = (q.eventRoot.get(clinicId) as string | null) ?? EMPTY_ROOT;
      const holds = (hash: string) => Boolean(q.deviceHolds.get(clinicId, deviceId, hash));
      const store = (e: WireEvent): PushOutcome => {
        q.insertEvent({ ...e, serverSeq: head + 1 }, [clinicId], [receivedAt]);
        head += 1;
        chainHead = e.hash;
        root = nextRoot(root, e.hash);
        added += 1;
        return { id: e.id, status: "accepted", seq: head };
      };
      const results: PushOutcome[] = events.map((e) => {
        // The common case, an event extending its device's chain, is stored at once: an id already held fails the
        // unique index (changing nothing) and the event is judged below, as every other event is.
        if (e.prevHash === chainHead) {
          try {
            return store(e);
          } catch (err) {
            if (!isIdTaken(err)) throw err;
          }
        }
        const held = q.eventById.get(clinicId, e.id) as { seq: number; hash: string } | undefined;
        if (held) {
          if (held.hash === e.hash) return { id: e.id, status: "duplicate", seq: held.seq };
          return {
            id: e.id,
            status: "rejected",
            code: "ID_CONFLICT",
            reason: `A different event with id ${e.id} is already held at sequence ${held.seq}.`,
          };
        }
        const broken = chainLinkProblem(e, chainHead, holds);
        if (broken) return { id: e.id, status: "rejected", ...broken };
        return store(e);
      });
      if (added) {
        q.setEventHead.run(head, root, clinicId);
        q.addHeld.run(added, deviceId);
      }
      return results;
    },
  );

  const signers = {
    get: db.prepare("SELECT role, active, publicKey FROM staff_signers WHERE clinicId = ? AND staffId = ?"),
    any: db.prepare("SELECT 1 FROM staff_signers WHERE clinicId = ? LIMIT 1").pluck(),
    put: db.prepare(`INSERT INTO staff_signers (clinicId, staffId, role, active, publicKey) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT(clinicId, staffId) DO UPDATE SET role = excluded.role, active = excluded.active,
      publicKey = excluded.publicKey`),
  };
  const changeById = db.prepare("SELECT seq FROM records WHERE clinicId = ? AND changeId = ?").pluck();
  const logEntry =
    db.prepare(`INSERT INTO security_log (clinicId, deviceId, source, action, code, subject, reason, at)
    VALUES (@clinicId, @deviceId, @source, @action, @code, @subject, @reason, @at)`);

  const authorityOf = (clinicId: string): AuthorityView => ({
    signer(staffId) {
      const row = signers.get.get(clinicId, staffId) as
        | { role: string | null; active: number; publicKey: string | null }
        | undefined;
      return row ? { role: row.role, active: row.active === 1, publicKey: row.publicKey } : null;
    },
    hasStaff: () => Boolean(signers.any.get(clinicId)),
  });

  const appendRecordsTx = db.transaction(
    (
      clinicId: string,
      deviceId: string,
      records: Parameters<SyncStorage["appendRecords"]>[2],
      now: Date,
      judge: RecordJudge,
    ) => {
      const heads = q.clinicHeads.get(clinicId) as { records: number } | undefined;
      if (!heads) throw new Error(`There is no clinic ${clinicId}.`);
      let head = heads.records;
      const receivedAt = now.toISOString();
      const view = authorityOf(clinicId);
      const results: RecordOutcome[] = records.map((r) => {
        const held = changeById.get(clinicId, r.changeId) as number | undefined;
        if (held !== undefined) return { id: r.id, status: "duplicate", seq: held };
        // Judged against the staff state as the clinic's order has it now, inside the transaction that stores it.
        const verdict = judge(r, view);
        if (!verdict.ok) {
          logEntry.run({
            clinicId,
            deviceId,
            source: null,
            action: "record_change_refused",
            code: verdict.code,
            subject: `${r.kind}/${r.id}`,
            reason: verdict.reason,
            at: receivedAt,
          });
          return { id: r.id, status: "rejected", code: verdict.code, reason: verdict.reason };
        }
        if (verdict.signer) {
          const next = applySignerPatch(view.signer(verdict.signer.staffId), verdict.signer.patch);
          signers.put.run(clinicId, verdict.signer.staffId, next.role, next.active ? 1 : 0, next.publicKey);
        }
        head += 1;
        q.insertRecord.run(
          clinicId,
          head,
          r.kind,
          r.id,
          r.madeAt,
          deviceId,
          JSON.stringify(r.fields),
          receivedAt,
          r.changeId,
          r.proof === null ? null : JSON.stringify(r.proof),
        );
        return { id: r.id, status: "accepted", seq: head };
      });
      if (head !== heads.records) q.setRecordHead.run(head, clinicId);
      return results;
    },
  );

  const enrolTx = db.transaction(
    (
      codeHash: string,
      d: { deviceId: string; deviceName: string; tokenHash: string },
      now: Date,
    ): EnrolResult => {
      const code = db.prepare("SELECT * FROM enrolment_codes WHERE codeHash = ?").get(codeHash) as
        | {
            clinicId: string;
            deviceName: string | null;
            expiresAt: string;
            usedAt: string | null;
            forDevice: string | null;
          }
        | undefined;
      if (!code)
        return { ok: false, code: "ENROLMENT_CODE_INVALID", message: "This enrolment code is not known." };
      if (code.usedAt)
        return {
          ok: false,
          code: "ENROLMENT_CODE_USED",
          message: "This enrolment code was already used; ask the administrator for a new one.",
        };
      if (Date.parse(code.expiresAt) < now.getTime())
        return {
          ok: false,
          code: "ENROLMENT_CODE_EXPIRED",
          message: `This enrolment code expired at ${code.expiresAt}; ask the administrator for a new one.`,
        };
      const existing = db.prepare("SELECT clinicId FROM devices WHERE id = ?").get(d.deviceId) as
        | { clinicId: string }
        | undefined;
      if (existing && existing.clinicId !== code.clinicId)
        return {
          ok: false,
          code: "DEVICE_IN_OTHER_CLINIC",
          message: `Device ${d.deviceId} belongs to another clinic; a desk's database serves one clinic only.`,
        };
      if (existing && code.forDevice !== d.deviceId)
        return {
          ok: false,
          code: "DEVICE_ALREADY_ENROLLED",
          message: `Device ${d.deviceId} is already enrolled; an enrolment code enrols a new desk only. To replace this desk or give it a new token, the administrator runs "hms sync-server replace-device --device ${d.deviceId}" on the server.`,
        };
      const at = now.toISOString();
      const name = code.deviceName ?? d.deviceName;
      if (existing) {
        // Re-enrolment the administrator asked for (replace-device): earlier tokens die.
        db.prepare("UPDATE devices SET name = ?, revokedAt = NULL WHERE id = ?").run(name, d.deviceId);
        db.prepare("UPDATE device_tokens SET revokedAt = ? WHERE deviceId = ? AND revokedAt IS NULL").run(
          at,
          d.deviceId,
        );
      } else {
        db.prepare("INSERT INTO devices (id, clinicId, name, enrolledAt) VALUES (?, ?, ?, ?)").run(
          d.deviceId,
          code.clinicId,
          name,
          at,
        );
      }
      db.prepare("INSERT INTO device_tokens (tokenHash, deviceId, issuedAt) VALUES (?, ?, ?)").run(
        d.tokenHash,
        d.deviceId,
        at,
      );
      db.prepare("UPDATE enrolment_codes SET usedAt = ?, usedByDevice = ? WHERE codeHash = ?").run(
        at,
        d.deviceId,
        codeHash,
      );
      const clinic = db.prepare("SELECT name FROM clinics WHERE id = ?").get(code.clinicId) as {
        name: string;
      };
      return { ok: true, clinicId: code.clinicId, clinicName: clinic.name, deviceId: d.deviceId };
    },
  );

  // Attempts limited per key (reserveAttempt): counted in the file, so a restart, an admin command or a second
  // process opening it shares the count. A key holds at most the limit's number of rows (a refusal is not stored);
  // the rows of keys that went quiet are deleted at most once a minute.
  const attempts = {
    prune: db.prepare("DELETE FROM attempts WHERE kind = ? AND key = ? AND at <= ?"),
    count: db.prepare("SELECT count(*) AS n, min(at) AS oldest FROM attempts WHERE kind = ? AND key = ?"),
    add: db.prepare("INSERT INTO attempts (kind, key, at) VALUES (?, ?, ?)"),
    sweep: db.prepare("DELETE FROM attempts WHERE kind = ? AND at <= ?"),
  };
  const lastSweep = new Map<AttemptKind, number>();
  const reserveAttemptTx = db.transaction(
    (kind: AttemptKind, key: string, nowMs: number, max: number, windowMs: number): number => {
      const cutoff = nowMs - windowMs;
      const swept = lastSweep.get(kind);
      if (swept === undefined || Math.abs(nowMs - swept) >= ATTEMPT_SWEEP_MS) {
        attempts.sweep.run(kind, cutoff);
        lastSweep.set(kind, nowMs);
      } else attempts.prune.run(kind, key, cutoff);
      const { n, oldest } = attempts.count.get(kind, key) as { n: number; oldest: number | null };
      if (n >= max) return Math.max(1, windowMs - (nowMs - (oldest as number)));
      attempts.add.run(kind, key, nowMs);
      return 0;
    },
  );

  return {
    async createClinic(name, now) {
      const clinic = { id: `clinic_${newId()}`, name, createdAt: now.toISOString() };
      db.prepare("INSERT INTO clinics (id, name, createdAt) VALUES (?, ?, ?)").run(
        clinic.id,
        clinic.name,
        clinic.createdAt,
      );
      return clinic;
    },
    async listClinics() {
      return db.prepare("SELECT id, name, createdAt FROM clinics ORDER BY createdAt").all() as Clinic[];
    },
    async addEnrolmentCode(clinicId, codeHash, { deviceName, expiresAt, now, forDevice }) {
      if (!db.prepare("SELECT 1 FROM clinics WHERE id = ?").get(clinicId))
        throw new Error(`There is no clinic ${clinicId}.`);
      db.prepare(
        `INSERT INTO enrolment_codes (codeHash, clinicId, deviceName, createdAt, expiresAt, forDevice)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ).run(codeHash, clinicId, deviceName, now.toISOString(), expiresAt.toISOString(), forDevice ?? null);
    },
    async replaceDevice(deviceId, codeHash, { expiresAt, now }) {
      return db
        .transaction(() => {
          const device = db.prepare("SELECT clinicId FROM devices WHERE id = ?").get(deviceId) as
            | { clinicId: string }
            | undefined;
          if (!device) return null;
          const at = now.toISOString();
          db.prepare("UPDATE devices SET revokedAt = COALESCE(revokedAt, ?) WHERE id = ?").run(at, deviceId);
          db.prepare("UPDATE device_tokens SET revokedAt = ? WHERE deviceId = ? AND revokedAt IS NULL").run(
            at,
            deviceId,
          );
          db.prepare(
            `INSERT INTO enrolment_codes (codeHash, clinicId, deviceName, createdAt, expiresAt, forDevice)
             VALUES (?, ?, NULL, ?, ?, ?)`,
          ).run(codeHash, device.clinicId, at, expiresAt.toISOString(), deviceId);
          logEntry.run({
            clinicId: device.clinicId,
            deviceId,
            source: null,
            action: "device_replaced",
            code: "DEVICE_REPLACED",
            subject: `device/${deviceId}`,
            reason: "The administrator revoked this device and made a code to enrol its replacement.",
            at,
          });
          return { clinicId: device.clinicId };
        })
        .immediate();
    },
    async enrol(codeHash, device, now) {
      return enrolTx.immediate(codeHash, device, now);
    },
    async authenticate(tokenHash) {
      return (q.auth.get(tokenHash) as DeviceIdentity | undefined) ?? null;
    },
    async touchDevice(deviceId, now, clockOffsetMs) {
      q.touch.run(now.toISOString(), clockOffsetMs, deviceId);
    },
    async revokeDevice(deviceId, now) {
      const at = now.toISOString();
      return db
        .transaction(() => {
          const changed = db
            .prepare("UPDATE devices SET revokedAt = ? WHERE id = ? AND revokedAt IS NULL")
            .run(at, deviceId).changes;
          db.prepare("UPDATE device_tokens SET revokedAt = ? WHERE deviceId = ? AND revokedAt IS NULL").run(
            at,
            deviceId,
          );
          return changed > 0 || Boolean(db.prepare("SELECT 1 FROM devices WHERE id = ?").get(deviceId));
        })
        .immediate();
    },
    async appendEvents(clinicId, deviceId, events, now) {
      return appendEventsTx.immediate(clinicId, deviceId, events, now);
    },
    async readEvents(clinicId, after, limit) {
      const rows = q.readEvents.all(clinicId, after, limit + 1) as EventColumns[];
      const more = rows.length > limit;
      if (more) rows.pop();
      return { events: rows.map(pulledEvent), more };
    },
    async appendRecords(clinicId, deviceId, records, now, judge) {
      return appendRecordsTx.immediate(clinicId, deviceId, records, now, judge);
    },
    async readRecords(clinicId, after, limit) {
      const rows = q.readRecords.all(clinicId, after, limit + 1) as {
        seq: number;
        kind: string;
        id: string;
        updatedAt: string;
        deviceId: string;
        data: string;
        changeId: string | null;
        proof: string | null;
      }[];
      const more = rows.length > limit;
      if (more) rows.pop();
      return {
        records: rows.map((r): PulledRecord => {
          const fields = JSON.parse(r.data) as Record<string, unknown>;
          // A version 1 row is a whole row: every column but the desk's own bookkeeping is a field.
          if (r.changeId === null) {
            delete fields.updatedAt;
            delete fields.id;
          }
          return {
            seq: r.seq,
            kind: r.kind,
            id: r.id,
            changeId: r.changeId ?? `legacy-${r.seq}`,
            fields,
            madeAt: r.updatedAt,
            proof: r.proof === null ? null : (JSON.parse(r.proof) as PulledRecord["proof"]),
            deviceId: r.deviceId,
          };
        }),
        more,
      };
    },
    async reserveAttempt(kind, key, nowMs, max, windowMs) {
      return reserveAttemptTx.immediate(kind, key, nowMs, max, windowMs);
    },
    async logSecurity(entry, now) {
      logEntry.run({
        clinicId: entry.clinicId ?? null,
        deviceId: entry.deviceId ?? null,
        source: entry.source ?? null,
        action: entry.action,
        code: entry.code,
        subject: entry.subject ?? null,
        reason: entry.reason,
        at: now.toISOString(),
      });
    },
    async securityLog(clinicId, limit) {
      return (
        clinicId
          ? db
              .prepare("SELECT * FROM security_log WHERE clinicId = ? ORDER BY seq DESC LIMIT ?")
              .all(clinicId, limit)
          : db.prepare("SELECT * FROM security_log ORDER BY seq DESC LIMIT ?").all(limit)
      ) as SecurityLogEntry[];
    },
    async serverKey(now) {
      const held = db.prepare("SELECT name, privateKey FROM server_key LIMIT 1").get() as
        | { name: string; privateKey: string }
        | undefined;
      if (held) return held;
      const { privateKey } = generateKeyPairSync("ed25519");
      const made = {
        name: "hms-sync",
        privateKey: privateKey.export({ type: "pkcs8", format: "der" }).toString("base64"),
      };
      db.prepare("INSERT OR IGNORE INTO server_key (name, privateKey, createdAt) VALUES (?, ?, ?)").run(
        made.name,
        made.privateKey,
        now.toISOString(),
      );
      return db.prepare("SELECT name, privateKey FROM server_key LIMIT 1").get() as typeof made;
    },
    async logState(clinicId) {
      const row = db.prepare("SELECT eventHead, eventRoot FROM clinics WHERE id = ?").get(clinicId) as
        | { eventHead: number; eventRoot: string | null }
        | undefined;
      return row ? { size: row.eventHead, root: row.eventRoot ?? EMPTY_ROOT } : null;
    },
    async putCheckpoint(clinicId, size, note, now) {
      db.prepare(
        `INSERT INTO checkpoints (clinicId, size, note, signedAt) VALUES (?, ?, ?, ?)
         ON CONFLICT(clinicId) DO UPDATE SET size = excluded.size, note = excluded.note, signedAt = excluded.signedAt
         WHERE excluded.size >= checkpoints.size`,
      ).run(clinicId, size, note, now.toISOString());
    },
    async latestCheckpoint(clinicId) {
      return (
        (db.prepare("SELECT size, note FROM checkpoints WHERE clinicId = ?").get(clinicId) as
          | { size: number; note: string }
          | undefined) ?? null
      );
    },
    async heads(clinicId) {
      return (
        (q.clinicHeads.get(clinicId) as { events: number; records: number } | undefined) ?? {
          events: 0,
          records: 0,
        }
      );
    },
    async status(clinicId) {
      const clinics = (
        clinicId
          ? db.prepare("SELECT id, name, eventHead, recordHead FROM clinics WHERE id = ?").all(clinicId)
          : db.prepare("SELECT id, name, eventHead, recordHead FROM clinics ORDER BY createdAt").all()
      ) as { id: string; name: string; eventHead: number; recordHead: number }[];
      const devices = db.prepare(
        `SELECT id, name, enrolledAt, revokedAt, lastSeenAt, clockOffsetMs, eventsHeld FROM devices
         WHERE clinicId = ? ORDER BY enrolledAt`,
      );
      return clinics.map(
        (c): ClinicStatus => ({
          clinicId: c.id,
          name: c.name,
          eventHead: c.eventHead,
          recordHead: c.recordHead,
          devices: (devices.all(c.id) as Omit<ClinicStatus["devices"][number], "clockFlagged">[]).map(
            (d) => ({
              ...d,
              clockFlagged: d.clockOffsetMs !== null && Math.abs(d.clockOffsetMs) > CLOCK_FLAG_MS,
            }),
          ),
        }),
      );
    },
    async close() {
      if (db.open) db.close();
    },
  };
}

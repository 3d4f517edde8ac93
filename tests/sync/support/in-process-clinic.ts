import { join } from "node:path";
import { type ClinicDb, openClinicDb, readMeta } from "../../../db/open.js";
import { createSyncApi, type SyncApi } from "../../../server/api.js";
import { hashSecret, newEnrolmentCode, normaliseEnrolmentCode } from "../../../server/secrets.js";
import { openSqliteStorage } from "../../../server/sqlite-storage.js";
import type { SyncStorage } from "../../../server/storage.js";
import { enrolDesk } from "../../../sync/enroll.js";
import { createSyncJob, type SyncJob } from "../../../sync/job.js";
import { tempDir } from "../../support/temp-db.js";
import { inProcessTransport } from "./in-process.js";

// A clinic in one process for fast tests: the server's handler over a real SQLite file, desks in their own files
// with their real sync job, and raw requests with any desk's real token (what someone who stole it can send).

export interface InProcessDesk {
  db: ClinicDb;
  job: SyncJob;
  token: string;
}

export interface InProcessClinic {
  dir: string;
  storage: SyncStorage;
  api: SyncApi;
  clinicId: string;
  code(): Promise<string>;
  desk(name: string): Promise<InProcessDesk>;
  /** A raw request with a bearer token, answered as the wire would (through JSON). */
  send(
    token: string | null,
    method: string,
    url: string,
    body?: unknown,
  ): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

export async function inProcessClinic(): Promise<InProcessClinic> {
  const { dir, cleanup } = tempDir("hms-sync-inproc-");
  const storage = openSqliteStorage(join(dir, "server.sqlite"));
  const api = createSyncApi(storage);
  const clinic = await storage.createClinic("In-process Clinic", new Date());
  const desks: InProcessDesk[] = [];
  const c: InProcessClinic = {
    dir,
    storage,
    api,
    clinicId: clinic.id,
    async code() {
      const code = newEnrolmentCode();
      await storage.addEnrolmentCode(clinic.id, hashSecret(normaliseEnrolmentCode(code)), {
        deviceName: null,
        expiresAt: new Date(Date.now() + 60_000),
        now: new Date(),
      });
      return code;
    },
    async desk(name) {
      const db = openClinicDb(join(dir, `${name}.sqlite`));
      const net = inProcessTransport(api);
      const enrolled = await enrolDesk(db, {
        serverUrl: "http://in-process",
        code: await c.code(),
        deviceName: name,
        transport: net.transport,
      });
      if (!enrolled.ok) throw new Error(enrolled.message);
      const job = createSyncJob(db, { transport: net.transport });
      const desk = { db, job, token: readMeta(db.sqlite, "sync.token") as string };
      desks.push(desk);
      return desk;
    },
    async send(token, method, url, body) {
      const answer = await api.handle({
        method,
        url,
        headers: token ? { authorization: `Bearer ${token}` } : {},
        body: body === undefined ? "" : JSON.stringify(body),
      });
      return { status: answer.status, body: JSON.parse(JSON.stringify(answer.body)) };
    },
    async close() {
      for (const d of desks) {
        await d.job.stop();
        d.db.close();
      }
      api.close();
      await storage.close();
      cleanup();
    },
  };
  return c;
}

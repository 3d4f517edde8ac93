// A desk in its own process for the sync tests: its own database file, its own sync job, driven by the test over
// the IPC channel (child_process.fork). Each message is {id, cmd, args}; each answer {id, ok, value | error}.
import { type ClinicDb, openClinicDb, readMeta, writeMeta } from "../../../db/open.js";
import { registerPatient } from "../../../db/patients.js";
import { getStaff } from "../../../db/staff.js";
import { enrolDesk } from "../../../sync/enroll.js";
import { createSyncJob, type SyncJob, type SyncJobOptions } from "../../../sync/job.js";
import type { ChangeSigner } from "../../../sync/records.js";
import { readDeskState } from "./desk-state.js";
import { addSignedStaff, foundClinic, signedSetting } from "./people.js";

interface Message {
  id: number;
  cmd: string;
  args?: unknown;
}

const dbPath = process.argv[2] as string;
const clockOffsetMs = Number(process.argv[3] ?? 0);
const now = () => Date.now() + clockOffsetMs;
const db: ClinicDb = openClinicDb(dbPath);
let job: SyncJob | null = null;
/** Visits that arrived while their patient was not on this desk (see watchOrder). */
const orphans: string[] = [];
// Staff and settings are signed by an administrator, as the app's handlers do: the first desk that adds staff
// founds the clinic with a test administrator.
let admin: ChangeSigner | null = null;
const ADMIN_PASSWORD = "founding admin pass phrase";
const founder = async () => {
  admin ??= await foundClinic(db, {
    name: "Test Admin",
    username: "test.admin",
    password: ADMIN_PASSWORD,
    clinicName: "Test Clinic",
  });
  return admin;
};

const commands: Record<string, (args: never) => unknown> = {
  deviceId: () => db.deviceId,
  enroll: (a: { serverUrl: string; code: string; name: string }) =>
    enrolDesk(db, { serverUrl: a.serverUrl, code: a.code, deviceName: a.name }),
  start: (options: SyncJobOptions = {}) => {
    job ??= createSyncJob(db, { now, ...options });
    job.start();
    return true;
  },
  stop: async () => {
    await job?.stop();
    job = null;
    return true;
  },
  runNow: async () => {
    job ??= createSyncJob(db, { now });
    return job.runNow();
  },
  status: () => (job ?? createSyncJob(db, { now })).status(),
  found: async () => (await founder()).staffId,
  addStaff: async (input: {
    name: string;
    role: "reception" | "doctor" | "lab" | "admin";
    username?: string;
  }) => {
    const id = await addSignedStaff(db, await founder(), {
      ...input,
      username: input.username ?? `u${db.newId().slice(-10).toLowerCase()}`,
      password: "a staff member's pass phrase",
    });
    return { ok: true, value: getStaff(db, id) };
  },
  signedSetting: async (a: { key: string; value: string }) => {
    signedSetting(db, await founder(), a.key, a.value);
    return true;
  },
  registerPatient: (input: Parameters<typeof registerPatient>[1]) => registerPatient(db, input),
  append: (a: { events: Parameters<ClinicDb["events"]["append"]>[0]; performedAt?: string }) =>
    db.events.append(a.events, a.performedAt ? new Date(a.performedAt) : new Date(now())),
  /** A patient and their visit, written together as reception does. */
  registerVisit: (a: { visitId: string; name: string }) => {
    const patient = registerPatient(db, { name: a.name, sex: "female" });
    if (!patient.ok) return patient;
    return db.events.append(
      [{ visitId: a.visitId, eventType: "VISIT_REGISTERED", metadata: { patientId: patient.value.id } }],
      new Date(now()),
    );
  },
  /** From now on, notes every visit whose registration is stored here before its patient. */
  watchOrder: () => {
    const hasPatient = db.sqlite.prepare("SELECT 1 FROM patients WHERE id = ?").pluck();
    db.events.onAppended((rows) => {
      for (const r of rows) {
        if (r.eventType !== "VISIT_REGISTERED") continue;
        const meta = (typeof r.metadata === "string" ? JSON.parse(r.metadata) : r.metadata) as {
          patientId: string;
        };
        if (!hasPatient.get(meta.patientId)) orphans.push(r.visitId);
      }
    });
    return true;
  },
  orphans: () => orphans,
  state: () => readDeskState(db),
  settings: () => db.sqlite.prepare("SELECT id, value FROM clinic_settings ORDER BY id").all(),
  visit: (visitId: string) => db.sqlite.prepare("SELECT * FROM visits WHERE id = ?").get(visitId) ?? null,
  setCursor: (value: number) => writeMeta(db.sqlite, "sync.eventCursor", String(value)),
  token: () => readMeta(db.sqlite, "sync.token"),
  count: () => db.sqlite.prepare("SELECT COUNT(*) FROM visit_events").pluck().get(),
};

process.on("message", async (m: Message) => {
  try {
    if (m.cmd === "exit") {
      await job?.stop();
      db.close();
      process.send?.({ id: m.id, ok: true, value: true }, () => process.exit(0));
      return;
    }
    const fn = commands[m.cmd];
    if (!fn) throw new Error(`unknown desk command ${m.cmd}`);
    const value = await fn(m.args as never);
    process.send?.({ id: m.id, ok: true, value });
  } catch (err) {
    process.send?.({ id: m.id, ok: false, error: (err as Error).stack ?? String(err) });
  }
});
process.send?.({ id: 0, ok: true, value: "ready" });

import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type ClinicDb, openClinicDb } from "../../db/open.js";
import { registerPatient } from "../../db/patients.js";
import { rebuildReadModels } from "../../db/rebuild.js";
import { createSyncApi } from "../../server/api.js";
import { hashSecret, newEnrolmentCode, normaliseEnrolmentCode } from "../../server/secrets.js";
import { openSqliteStorage } from "../../server/sqlite-storage.js";
import { enrolDesk } from "../../sync/enroll.js";
import { createSyncJob, type SyncJob } from "../../sync/job.js";
import { tempDir } from "../support/temp-db.js";
import { readDeskState } from "./support/desk-state.js";
import { type Fault, type FaultyTransport, inProcessTransport } from "./support/in-process.js";

// Whatever the interleaving of appends on several desks, and however the network shuffles, repeats and drops the
// deliveries in between, once delivery completes every desk holds the same events and the same read models, and
// those read models are what a rebuild from the log gives. In-process (the server's handler and storage, real
// SQLite files), so that many runs fit in a few seconds.

const DESKS = 3;
const VISITS = 3;

const eventFor = (kind: number, visitId: string, patientId: string, lastId: string | undefined) => {
  const bill = { billId: "b1" };
  const menu: [string, unknown][] = [
    ["VISIT_REGISTERED", { patientId }],
    ["QUEUE_JOINED", undefined],
    ["QUEUE_CALLED", undefined],
    ["ENTERED_ROOM", undefined],
    ["EXITED_ROOM", undefined],
    ["CONSULTATION_BILLED", { ...bill, amount: 100 }],
    ["PAYMENT_RECEIVED", { ...bill, amount: 100 }],
    ["PAYMENT_PARTIAL", { ...bill, amount: 40 }],
    ["VISIT_CANCELLED", { reason: "left" }],
    ["VISIT_COMPLETED", undefined],
    ["TESTS_ORDERED", { testOrderIds: ["t1"] }],
    ["EVENT_VOIDED", { voidedEventId: lastId ?? "none", reason: "entered in error" }],
  ];
  const [eventType, metadata] = menu[kind % menu.length] as [string, unknown];
  return { visitId, eventType, ...(metadata === undefined ? {} : { metadata }) };
};

const fault = fc.constantFrom<Fault>("none", "none", "lose-request", "lose-answer", "deliver-twice");
const command = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      t: fc.constant("append" as const),
      desk: fc.nat(DESKS - 1),
      visit: fc.nat(VISITS - 1),
      kind: fc.nat(11),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant("sync" as const),
      desk: fc.nat(DESKS - 1),
      faults: fc.array(fault, { maxLength: 6 }),
    }),
  },
);

describe("sync convergence (property)", () => {
  it("ends with identical events and read models on every desk once delivery completes", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(command, { minLength: 5, maxLength: 40 }),
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: DESKS, maxLength: DESKS }),
        async (commands, pullBatches) => {
          const { dir, cleanup } = tempDir("hms-sync-prop-");
          const storage = openSqliteStorage(join(dir, "server.sqlite"));
          const api = createSyncApi(storage);
          const desks: { db: ClinicDb; job: SyncJob; net: FaultyTransport }[] = [];
          try {
            const clinic = await storage.createClinic("Property Clinic", new Date());
            let patientId = "";
            for (let i = 0; i < DESKS; i++) {
              const db = openClinicDb(join(dir, `desk${i}.sqlite`));
              const net = inProcessTransport(api);
              const code = newEnrolmentCode();
              await storage.addEnrolmentCode(clinic.id, hashSecret(normaliseEnrolmentCode(code)), {
                deviceName: null,
                expiresAt: new Date(Date.now() + 60_000),
                now: new Date(),
              });
              const enrolled = await enrolDesk(db, {
                serverUrl: "http://in-process",
                code,
                deviceName: `desk ${i}`,
                transport: net.transport,
              });
              expect(enrolled.ok).toBe(true);
              if (i === 0) {
                const p = registerPatient(db, { name: "Kofi Mensah", sex: "male" });
                if (!p.ok) throw new Error(p.error.message);
                patientId = p.value.id;
              }
              const job = createSyncJob(db, {
                transport: net.transport,
                pullBatch: pullBatches[i] ?? 3,
                pushBatch: 4,
              });
              desks.push({ db, job, net });
            }
            // The patient record reaches every desk before the story starts.
            for (const d of desks) await d.job.runNow();
            for (const d of desks) await d.job.runNow();

            for (const c of commands) {
              const d = desks[c.desk] as (typeof desks)[number];
              if (c.t === "append") {
                const visitId = `v${c.visit}`;
                const last = d.db.events.readVisit(visitId).at(-1)?.id;
                d.db.events.append([eventFor(c.kind, visitId, patientId, last)]);
              } else {
                d.net.plan(c.faults);
                await d.job.runNow();
                d.net.plan([]);
              }
            }

            // Delivery completes: every desk pushes, then every desk pulls what the others pushed.
            for (let pass = 0; pass < 3; pass++) for (const d of desks) await d.job.runNow();

            const states = desks.map((d) => readDeskState(d.db));
            for (const d of desks)
              expect(d.job.status()).toMatchObject({ pending: 0, rejected: 0, lastError: null });
            for (const s of states.slice(1)) expect(s).toEqual(states[0]);
            const ids = states[0]?.events.map((e) => e.id) ?? [];
            expect(new Set(ids).size).toBe(ids.length);
            expect(states[0]?.events.map((e) => e.serverSeq)).toEqual(ids.map((_, i) => i + 1));
            // Read models kept up by sync equal a rebuild from the log.
            rebuildReadModels(desks[1]?.db as ClinicDb);
            expect(readDeskState(desks[1]?.db as ClinicDb)).toEqual(states[0]);
          } finally {
            for (const d of desks) d.db.close();
            api.close();
            await storage.close();
            cleanup();
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});

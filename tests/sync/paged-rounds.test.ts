import { createPrivateKey } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readMeta } from "../../db/open.js";
import { registerPatient } from "../../db/patients.js";
import {
  EMPTY_ROOT,
  nextRoot,
  openCheckpoint,
  originOf,
  parseVerifierKey,
  signCheckpoint,
} from "../../sync/checkpoint.js";
import { checkpointKeys, createDeskSyncStore } from "../../sync/desk-store.js";
import { type InProcessClinic, type InProcessDesk, inProcessClinic } from "./support/in-process-clinic.js";
import { pagedRound } from "./support/paged-round.js";

// A backlog pushed and pulled in many small batches: the desk reads the next batch while one is on its way and asks
// for the next page before storing one, and carries the running hash of the log forward page by page. Everything
// must arrive once, in order, with every checkpoint checked against the events the desk holds.

describe("sync rounds in many small batches", () => {
  let clinic: InProcessClinic;
  let reception: InProcessDesk;
  let lab: InProcessDesk;
  beforeEach(async () => {
    clinic = await inProcessClinic();
    reception = await clinic.desk("reception");
    lab = await clinic.desk("lab");
  });
  afterEach(() => clinic.close());

  const round = (desk: InProcessDesk, batch: number) => pagedRound(clinic, desk, batch);

  const registerVisits = (patientId: string, from: number, count: number) => {
    for (let i = from; i < from + count; i++) {
      const r = reception.db.events.append([
        { visitId: `v${i}`, eventType: "VISIT_REGISTERED", metadata: { patientId } },
      ]);
      if (!r.ok) throw new Error(r.error.message);
    }
  };

  const keptCheckpoint = (desk: InProcessDesk) => {
    const key = parseVerifierKey(readMeta(desk.db.sqlite, checkpointKeys.serverKey) as string);
    if (!key) throw new Error("no pinned server key");
    const opened = openCheckpoint(readMeta(desk.db.sqlite, checkpointKeys.checkpoint) as string, key);
    if (!opened.ok) throw new Error(opened.problem);
    return opened.checkpoint;
  };

  it("pushes and pulls a backlog batch by batch, each event once, and checks every checkpoint it keeps", async () => {
    const patient = registerPatient(reception.db, { name: "Abena Boateng", sex: "female" });
    if (!patient.ok) throw new Error(patient.error.message);
    registerVisits(patient.value.id, 1, 7);

    const pushed = await round(reception, 3);
    expect(pushed).toMatchObject({ pushed: 7, rejected: 0 });
    expect(createDeskSyncStore(reception.db).pendingCount()).toBe(0);

    const pulled = await round(lab, 2);
    expect(pulled).toMatchObject({ pulled: 7, pushed: 0 });
    const { events } = await clinic.storage.readEvents(clinic.clinicId, 0, 100);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    for (const e of events) expect(lab.db.events.readVisit(e.visitId).map((x) => x.hash)).toEqual([e.hash]);
    expect(lab.db.events.foldVisit("v7").state.status).toBe(reception.db.events.foldVisit("v7").state.status);
    const root7 = events.reduce((root, e) => nextRoot(root, e.hash), EMPTY_ROOT);
    expect(keptCheckpoint(lab)).toMatchObject({ size: 7, root: root7 });

    registerVisits(patient.value.id, 8, 2);
    await round(reception, 3);
    expect(await round(lab, 2)).toMatchObject({ pulled: 2 });
    const all = (await clinic.storage.readEvents(clinic.clinicId, 0, 100)).events;
    expect(keptCheckpoint(lab)).toMatchObject({
      size: 9,
      root: all.reduce((root, e) => nextRoot(root, e.hash), EMPTY_ROOT),
    });

    // A correctly signed checkpoint of another log of that size is refused; one of events not held yet is not kept.
    const sk = await clinic.storage.serverKey(new Date());
    const sign = (size: number, root: string) =>
      signCheckpoint(
        { origin: originOf(clinic.clinicId), size, root, time: new Date().toISOString() },
        sk.name,
        createPrivateKey({ key: Buffer.from(sk.privateKey, "base64"), format: "der", type: "pkcs8" }),
      );
    const store = createDeskSyncStore(lab.db);
    expect(() => store.storePulledEvents([], store.cursor("events"), sign(9, root7))).toThrow(
      /not the one it gave/,
    );
    store.storePulledEvents([], store.cursor("events"), sign(11, root7));
    expect(keptCheckpoint(lab).size).toBe(9);
  });
});

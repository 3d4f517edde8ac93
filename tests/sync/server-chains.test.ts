import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { verifyDatabase } from "../../audit/verify-db.js";
import { registerPatient } from "../../db/patients.js";
import { eventHash } from "../../domain/event-hash.js";
import { createDeskSyncStore, PulledEventRefused, toWireEvent } from "../../sync/desk-store.js";
import type { WireEvent } from "../../sync/protocol.js";
import { type InProcessClinic, type InProcessDesk, inProcessClinic } from "./support/in-process-clinic.js";

// Someone holding one desk's real token pushes events that break hash chains: another desk's events, an event
// changed after it was hashed, a random link, a fork, a second first event. The server refuses each with its own
// reason, stores none of them, and the honest desks still verify.

const rehash = (e: WireEvent): WireEvent => ({ ...e, hash: eventHash(e) });

describe("hash chains checked by the server", () => {
  let clinic: InProcessClinic;
  let honest: InProcessDesk;
  let stolen: InProcessDesk;
  beforeEach(async () => {
    clinic = await inProcessClinic();
    honest = await clinic.desk("reception");
    stolen = await clinic.desk("stolen-laptop");
  });
  afterEach(() => clinic.close());

  it("refuses each broken link with a reason and leaves every honest desk verifiable", async () => {
    const patient = registerPatient(honest.db, { name: "Efua Owusu", sex: "female" });
    if (!patient.ok) throw new Error(patient.error.message);
    honest.db.events.append([
      { visitId: "v1", eventType: "VISIT_REGISTERED", metadata: { patientId: patient.value.id } },
    ]);
    await honest.job.runNow();
    await stolen.job.runNow();
    stolen.db.events.append([
      { visitId: "v2", eventType: "VISIT_REGISTERED", metadata: { patientId: patient.value.id } },
    ]);
    stolen.db.events.append([{ visitId: "v2", eventType: "QUEUE_JOINED" }]);
    await stolen.job.runNow();
    const [first, second] = stolen.db.events.readVisit("v2").map((e) => toWireEvent(e));
    if (!first || !second) throw new Error("the stolen desk's events are missing");
    const honestEvent = toWireEvent(honest.db.events.readVisit("v1")[0] as never);
    const deviceId = stolen.db.deviceId;
    const base = { ...second, id: "01FORGED000000000000000000", visitId: "v2", eventType: "QUEUE_CALLED" };

    const forged: [string, unknown][] = [
      ["someone else's device", rehash({ ...honestEvent, id: "01OTHERDEVICE0000000000000" })],
      ["changed after hashing", { ...rehash({ ...base, prevHash: second.hash }), description: "edited" }],
      ["random link", rehash({ ...base, id: "01GAP", prevHash: "ab".repeat(32) })],
      ["fork", rehash({ ...base, id: "01FORK", prevHash: first.hash })],
      ["second first event", rehash({ ...base, id: "01GENESIS", prevHash: null })],
    ];
    const answer = await clinic.send(stolen.token, "POST", "/v1/events", {
      events: forged.map(([, e]) => e),
    });
    expect(answer.status).toBe(200);
    const results = answer.body.results as { status: string; code: string; reason: string }[];
    expect(results.map((r) => r.code)).toEqual([
      "NOT_YOUR_EVENT",
      "HASH_MISMATCH",
      "CHAIN_BROKEN",
      "CHAIN_BROKEN",
      "CHAIN_BROKEN",
    ]);
    expect(results[2]?.reason).toMatch(/gap/);
    expect(results[3]?.reason).toMatch(/fork/);
    expect(results[4]?.reason).toMatch(/second start/);
    expect(deviceId).toBe(second.deviceId);

    // An honest continuation of the stolen desk's chain is still accepted: the chain was not moved by the refusals.
    const next = rehash({ ...base, id: "01NEXT", prevHash: second.hash });
    const ok = await clinic.send(stolen.token, "POST", "/v1/events", { events: [next] });
    expect(ok.body.results[0].status).toBe("accepted");

    await honest.job.runNow();
    expect(honest.db.events.readVisit("v2").map((e) => e.id)).toEqual([first.id, second.id, "01NEXT"]);
    expect(verifyDatabase(honest.db.sqlite).ok).toBe(true);
  });

  it("a desk refuses a pulled batch that breaks a chain, whatever the server sends", async () => {
    const patient = registerPatient(stolen.db, { name: "Yaw Boateng", sex: "male" });
    if (!patient.ok) throw new Error(patient.error.message);
    stolen.db.events.append([
      { visitId: "v9", eventType: "VISIT_REGISTERED", metadata: { patientId: patient.value.id } },
    ]);
    const first = toWireEvent(stolen.db.events.readVisit("v9")[0] as never);
    const fork = rehash({ ...first, id: "01SECONDSTART", eventType: "QUEUE_JOINED", metadata: null });
    const store = createDeskSyncStore(honest.db);
    const before = store.cursor("events");
    expect(() =>
      store.storePulledEvents(
        [
          { ...first, seq: 1 },
          { ...fork, seq: 2 },
        ],
        2,
      ),
    ).toThrow(PulledEventRefused);
    expect(honest.db.events.readVisit("v9")).toEqual([]);
    expect(store.cursor("events")).toBe(before);
  });
});

describe("checkpoints signed by the server", () => {
  it("a desk keeps the newest checkpoint that matches its own events, and refuses one that does not", async () => {
    const { readMeta } = await import("../../db/open.js");
    const { createPrivateKey } = await import("node:crypto");
    const { checkpointKeys } = await import("../../sync/desk-store.js");
    const cp = await import("../../sync/checkpoint.js");
    const clinic = await inProcessClinic();
    try {
      const desk = await clinic.desk("reception");
      const patient = registerPatient(desk.db, { name: "Akosua Mensah", sex: "female" });
      if (!patient.ok) throw new Error(patient.error.message);
      desk.db.events.append([
        { visitId: "v1", eventType: "VISIT_REGISTERED", metadata: { patientId: patient.value.id } },
      ]);
      desk.db.events.append([{ visitId: "v1", eventType: "QUEUE_JOINED" }]);
      await desk.job.runNow();
      await desk.job.runNow();
      const note = readMeta(desk.db.sqlite, checkpointKeys.checkpoint) as string;
      const key = cp.parseVerifierKey(readMeta(desk.db.sqlite, checkpointKeys.serverKey) as string);
      if (!key) throw new Error("no pinned server key");
      const opened = cp.openCheckpoint(note, key);
      expect(opened).toMatchObject({
        ok: true,
        checkpoint: { size: 2, origin: `hms-sync/${clinic.clinicId}` },
      });
      // Changed text fails the signature.
      expect(cp.openCheckpoint(note.replace("\n2\n", "\n3\n"), key).ok).toBe(false);
      // A correctly signed checkpoint of a different log is refused by the desk, which keeps the one it had.
      const sk = await clinic.storage.serverKey(new Date());
      const forged = cp.signCheckpoint(
        {
          origin: cp.originOf(clinic.clinicId),
          size: 2,
          root: "ab".repeat(32),
          time: new Date().toISOString(),
        },
        sk.name,
        createPrivateKey({ key: Buffer.from(sk.privateKey, "base64"), format: "der", type: "pkcs8" }),
      );
      const store = createDeskSyncStore(desk.db);
      expect(() => store.storePulledEvents([], store.cursor("events"), forged)).toThrow(
        /not the one it gave/,
      );
      expect(readMeta(desk.db.sqlite, checkpointKeys.checkpoint)).toBe(note);
    } finally {
      await clinic.close();
    }
  });
});

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ClinicDb } from "../../db/open.js";
import { registerPatient } from "../../db/patients.js";
import { logMultipleEvents } from "../../db/visit-events.js";
import { eventHash } from "../../domain/event-hash.js";
import { readDeskState } from "./support/desk-state.js";
import { type InProcessClinic, type InProcessDesk, inProcessClinic } from "./support/in-process-clinic.js";
import { foundClinic } from "./support/people.js";

// A desk still on the older build writes the money events in version 1 (no currency); a desk on the newer build
// writes version 2. They sync through the server, and both fold the same bill: the same amounts, payments and
// balance, while each row keeps, byte for byte, the version and metadata it was written with.

/** What the older build appended: version-1 rows on this desk's own hash chain, waiting to be pushed. */
function appendAsOlderBuild(db: ClinicDb, visitId: string, rows: [string, unknown][]) {
  let prevHash = db.events.chainHead();
  for (const [eventType, metadata] of rows) {
    const row = {
      id: db.newId(),
      visitId,
      eventType,
      description: null,
      metadata: JSON.stringify(metadata),
      performedBy: null,
      performedAt: new Date().toISOString(),
      deviceId: db.deviceId,
      schemaVersion: 1,
      recordedAt: new Date().toISOString(),
      prevHash,
    };
    const hash = eventHash(row);
    db.sqlite
      .prepare(
        `INSERT INTO visit_events (id, visitId, eventType, description, metadata, performedBy, performedAt, deviceId,
          serverSeq, schemaVersion, recordedAt, prevHash, hash)
         VALUES (@id, @visitId, @eventType, @description, @metadata, @performedBy, @performedAt, @deviceId, NULL,
          @schemaVersion, @recordedAt, @prevHash, @hash)`,
      )
      .run({ ...row, hash });
    prevHash = hash;
  }
  db.events.refold([visitId]);
}

const billOf = (desk: InProcessDesk, visitId: string) =>
  readDeskState(desk.db).tables.bills?.filter((b) => b.visitId === visitId);
const rowsOf = (desk: InProcessDesk, visitId: string) =>
  desk.db.events.readVisit(visitId).map((r) => [r.eventType, r.schemaVersion, r.metadata]);

describe("a version-1 desk and a version-2 desk", () => {
  let clinic: InProcessClinic;
  let older: InProcessDesk;
  let newer: InProcessDesk;
  let patientId: string;
  const syncAll = async () => {
    for (let i = 0; i < 2; i++) for (const d of [older, newer]) await d.job.runNow();
  };

  beforeEach(async () => {
    clinic = await inProcessClinic();
    older = await clinic.desk("older-build");
    newer = await clinic.desk("newer-build");
    await foundClinic(older.db, {
      name: "Ama Admin",
      username: "ama",
      password: "correct horse battery staple",
      clinicName: "Hillside",
    });
    const p = registerPatient(older.db, { name: "Kojo Asante", sex: "male", phone: "0244000000" });
    if (!p.ok) throw new Error(p.error.message);
    patientId = p.value.id;
    await syncAll();
  });
  afterEach(() => clinic.close());

  it("fold the same bill when one bills and takes part in version 1 and the other settles in version 2", async () => {
    appendAsOlderBuild(older.db, "V_MIXED", [
      ["VISIT_REGISTERED", { patientId }],
      ["CONSULTATION_BILLED", { billId: "b1", amount: 150, billItems: ["Consultation"] }],
      ["PAYMENT_PARTIAL", { billId: "b1", amount: 100, paymentMethod: "CASH" }],
    ]);
    await syncAll();
    expect(billOf(newer, "V_MIXED")).toEqual(billOf(older, "V_MIXED"));
    expect(billOf(newer, "V_MIXED")?.[0]).toMatchObject({
      paidCents: 10000,
      balanceCents: 5000,
      status: "partial",
    });

    const settled = logMultipleEvents(newer.db, [
      {
        visitId: "V_MIXED",
        eventType: "PAYMENT_RECEIVED",
        metadata: { billId: "b1", amount: 50, paymentMethod: "MOBILE_MONEY", currency: "KES" },
      },
    ]);
    expect(settled.ok).toBe(true);
    await syncAll();

    for (const desk of [older, newer])
      expect(billOf(desk, "V_MIXED")?.[0], desk.db.deviceId).toMatchObject({
        amountCents: 15000,
        paidCents: 15000,
        balanceCents: 0,
        status: "paid",
      });
    expect(billOf(older, "V_MIXED")).toEqual(billOf(newer, "V_MIXED"));
    // Each row keeps the version it was written with; the version-1 rows were never rewritten with a currency.
    expect(rowsOf(older, "V_MIXED")).toEqual(rowsOf(newer, "V_MIXED"));
    expect(rowsOf(newer, "V_MIXED").map(([type, version]) => [type, version])).toEqual([
      ["VISIT_REGISTERED", 1],
      ["CONSULTATION_BILLED", 1],
      ["PAYMENT_PARTIAL", 1],
      ["PAYMENT_RECEIVED", 2],
    ]);
    expect(JSON.parse(rowsOf(newer, "V_MIXED")[2]?.[2] as string)).not.toHaveProperty("currency");
    for (const desk of [older, newer]) expect(desk.db.events.foldVisit("V_MIXED").parked).toEqual([]);
  });
});

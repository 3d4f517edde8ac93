import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { logMultipleEvents } from "../../db/visit-events.js";
import { type Clinic, makeClinic, must } from "../support/temp-db.js";

// A desk still on version 1 of the money events syncs with a desk on version 2: both kinds of rows end up in one
// file. Version-1 rows (no currency) are lifted by the upcaster when read and fold exactly as before; version-2 rows
// carry the currency; a row of a version newer than this build is parked, not applied.

let c: Clinic;
beforeEach(() => {
  c = makeClinic();
});
afterEach(() => c.close());

let n = 0;
/** A row as another desk's sync would store it, written with the given metadata version. */
function pulled(
  visitId: string,
  eventType: string,
  metadata: unknown,
  schemaVersion: number,
  deviceId = "dev_OLD",
) {
  n += 1;
  const id = `01JOLDDESK${String(n).padStart(16, "0")}`;
  c.db.sqlite
    .prepare(
      `INSERT INTO visit_events (id, visitId, eventType, description, metadata, performedBy, performedAt, deviceId,
        serverSeq, schemaVersion, recordedAt, prevHash, hash)
       VALUES (?, ?, ?, NULL, ?, NULL, ?, ?, ?, ?, ?, NULL, ?)`,
    )
    .run(
      id,
      visitId,
      eventType,
      JSON.stringify(metadata),
      new Date(Date.parse("2026-11-02T08:00:00Z") + n * 60_000).toISOString(),
      deviceId,
      n,
      schemaVersion,
      "2026-11-02T09:00:00.000Z",
      `hash${n}`,
    );
  return id;
}

const billRow = (visitId: string) =>
  c.db.sqlite
    .prepare(
      "SELECT amountCents, paidCents, refundedCents, balanceCents, status FROM bills WHERE visitId = ?",
    )
    .get(visitId);

describe("version-1 and version-2 money events in one file", () => {
  it("folds a visit recorded entirely in version 1 exactly as before", () => {
    pulled("V1", "VISIT_REGISTERED", { patientId: c.patientId }, 1);
    pulled("V1", "CONSULTATION_BILLED", { billId: "b1", amount: 150, billItems: ["consultation"] }, 1);
    pulled("V1", "PAYMENT_PARTIAL", { billId: "b1", amount: 100, paymentMethod: "CASH" }, 1);
    c.db.events.refold(["V1"]);
    expect(billRow("V1")).toEqual({
      amountCents: 15000,
      paidCents: 10000,
      refundedCents: 0,
      balanceCents: 5000,
      status: "partial",
    });
    const f = c.db.events.foldVisit("V1");
    expect(f.parked).toEqual([]);
    expect(f.state.applied.find((e) => e.eventType === "PAYMENT_PARTIAL")?.metadata).toEqual({
      billId: "b1",
      amount: 100,
      paymentMethod: "CASH",
      currency: null,
    });
  });

  it("folds a visit whose bill came from a version-1 desk and whose payment is recorded here in version 2", () => {
    pulled("V2", "VISIT_REGISTERED", { patientId: c.patientId }, 1);
    pulled("V2", "CONSULTATION_BILLED", { billId: "b2", amount: 200 }, 1);
    const [payment] = must(
      logMultipleEvents(c.db, [
        {
          visitId: "V2",
          eventType: "PAYMENT_PARTIAL",
          metadata: { billId: "b2", amount: 50, currency: "KES" },
          performedBy: c.reception.id,
        },
        {
          visitId: "V2",
          eventType: "PAYMENT_RECEIVED",
          metadata: { billId: "b2", amount: 150 },
          performedBy: c.reception.id,
        },
      ]),
    );
    expect(payment?.schemaVersion).toBe(2);
    const rows = c.db.events
      .readVisit("V2")
      .map((r) => [r.eventType, r.schemaVersion, JSON.parse(r.metadata ?? "null")?.currency]);
    expect(rows).toEqual([
      ["VISIT_REGISTERED", 1, undefined],
      ["CONSULTATION_BILLED", 1, undefined],
      ["PAYMENT_PARTIAL", 2, "KES"],
      ["PAYMENT_RECEIVED", 2, null],
    ]);
    expect(billRow("V2")).toMatchObject({ paidCents: 20000, balanceCents: 0, status: "paid" });
  });

  it("parks a money event of a version newer than this build, and does not count its money", () => {
    pulled("V3", "VISIT_REGISTERED", { patientId: c.patientId }, 1);
    pulled("V3", "CONSULTATION_BILLED", { billId: "b3", amount: 150, currency: "KES" }, 2);
    const newer = pulled(
      "V3",
      "PAYMENT_RECEIVED",
      { billId: "b3", amount: 150, currency: "KES", exchangeRate: 1 },
      3,
    );
    c.db.events.refold(["V3"]);
    expect(billRow("V3")).toMatchObject({ paidCents: 0, balanceCents: 15000, status: "unpaid" });
    expect(c.db.events.foldVisit("V3").parked).toEqual([
      expect.objectContaining({
        id: newer,
        schemaVersion: 3,
        reason: "Metadata version 3 is newer than this app's 2",
      }),
    ]);
  });
});

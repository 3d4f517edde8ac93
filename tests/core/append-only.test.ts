import { afterEach, describe, expect, it } from "vitest";
import { logVisitEvent } from "../../db/visit-events.js";
import { type Clinic, makeClinic, must } from "../support/temp-db.js";

let clinic: Clinic;
afterEach(() => clinic.close());

function oneEvent() {
  clinic = makeClinic();
  return must(
    logVisitEvent(clinic.db, {
      visitId: "V1",
      eventType: "VISIT_REGISTERED",
      performedBy: clinic.reception.id,
      metadata: { patientId: clinic.patientId },
    }),
  );
}

describe("visit_events is append-only, enforced by SQLite itself", () => {
  it("aborts a raw UPDATE of any recorded field", () => {
    const e = oneEvent();
    for (const sql of [
      "UPDATE visit_events SET description = 'changed'",
      "UPDATE visit_events SET performedAt = '2020-01-01T00:00:00.000Z'",
      "UPDATE visit_events SET metadata = '{}'",
      "UPDATE visit_events SET hash = 'x'",
    ])
      expect(() => clinic.db.sqlite.exec(sql), sql).toThrow(/append-only/);
    const row = clinic.db.sqlite.prepare("SELECT * FROM visit_events").get() as {
      hash: string;
      description: null;
    };
    expect(row.hash).toBe(e.hash);
  });

  it("aborts a raw DELETE, and a DELETE of everything", () => {
    oneEvent();
    expect(() => clinic.db.sqlite.exec("DELETE FROM visit_events WHERE visitId = 'V1'")).toThrow(
      /append-only/,
    );
    expect(() => clinic.db.sqlite.exec("DELETE FROM visit_events")).toThrow(/append-only/);
    expect(clinic.db.sqlite.prepare("SELECT COUNT(*) FROM visit_events").pluck().get()).toBe(1);
  });

  it("allows recording the server's sequence, and forgetting it, but never changing it in one step", () => {
    oneEvent();
    const seq = () => clinic.db.sqlite.prepare("SELECT serverSeq FROM visit_events").pluck().get();
    clinic.db.sqlite.exec("UPDATE visit_events SET serverSeq = 7");
    expect(seq()).toBe(7);
    expect(() => clinic.db.sqlite.exec("UPDATE visit_events SET serverSeq = 8")).toThrow(/append-only/);
    expect(() =>
      clinic.db.sqlite.exec("UPDATE visit_events SET serverSeq = NULL, description = 'sneaky'"),
    ).toThrow(/append-only/);
    // A server restored from an older backup numbers the event again: the desk forgets the old sequence first.
    clinic.db.sqlite.exec("UPDATE visit_events SET serverSeq = NULL");
    expect(seq()).toBeNull();
    expect(() =>
      clinic.db.sqlite.exec("UPDATE visit_events SET serverSeq = 9, description = 'sneaky'"),
    ).toThrow(/append-only/);
    expect(clinic.db.sqlite.prepare("SELECT description FROM visit_events").pluck().get()).not.toBe("sneaky");
  });
});

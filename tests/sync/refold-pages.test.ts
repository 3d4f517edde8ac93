import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ClinicDb } from "../../db/open.js";
import { registerPatient } from "../../db/patients.js";
import { rebuildReadModels } from "../../db/rebuild.js";
import { addStaff } from "../../db/staff.js";
import { longVisitEvents } from "../../seed/long-visit.js";
import { type InProcessClinic, type InProcessDesk, inProcessClinic } from "./support/in-process-clinic.js";
import { pagedRound } from "./support/paged-round.js";

// A long visit recorded at one desk reaches another page by page. Each pulled page re-folds the visit from what the
// desk kept (its fold in memory or its snapshot) when the new events sort after it, and from the log when they do
// not (the desk's own pending entry sorts last, so the other desk's later entries land before it). Either way the
// desk's tables must be what a rebuild from its log gives, and its view of the visit the recording desk's.

const readModels = ["visits", "bills", "test_orders", "follow_ups", "visit_conflicts"];
const tables = (db: ClinicDb) =>
  JSON.stringify(readModels.map((t) => db.sqlite.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all()));

describe("pulled pages of a long visit", () => {
  let clinic: InProcessClinic;
  let recording: InProcessDesk;
  let ward: InProcessDesk;
  beforeEach(async () => {
    clinic = await inProcessClinic();
    recording = await clinic.desk("recording");
    ward = await clinic.desk("ward");
  });
  afterEach(() => clinic.close());

  const round = (desk: InProcessDesk, batch: number) => pagedRound(clinic, desk, batch);

  const expectRebuildChangesNothing = (db: ClinicDb) => {
    const inline = tables(db);
    const report = rebuildReadModels(db);
    expect(report.snapshotsRepaired).toEqual([]);
    expect(report.snapshotsChecked).toBeGreaterThan(0);
    expect(tables(db)).toBe(inline);
  };

  it("keeps the tables a rebuild would give, page after page, with the desk's own entry in between", async () => {
    const doctor = addStaff(recording.db, { name: "Dr Kofi Mensah", role: "doctor", username: "kmensah" });
    const patient = registerPatient(recording.db, { name: "Ama Owusu", sex: "female" });
    if (!doctor.ok || !patient.ok) throw new Error("setup failed");
    const events = longVisitEvents("STAY", 420, { patientId: patient.value.id, doctorId: doctor.value.id });

    const first = recording.db.events.append(events.slice(0, 260), new Date("2025-01-02T00:00:00Z"));
    expect(first.ok ? null : first.error.message).toBeNull();
    await round(recording, 50);
    await round(ward, 7);
    expect(ward.db.events.readVisit("STAY")).toHaveLength(260);
    expectRebuildChangesNothing(ward.db);

    // The ward records an entry of its own while the recording desk goes on with the stay.
    const nurse = addStaff(ward.db, { name: "Efua Asante", role: "doctor", username: "easante" });
    if (!nurse.ok) throw new Error(nurse.error.message);
    const own = ward.db.events.append(
      [
        {
          visitId: "STAY",
          eventType: "VITALS_RECORDED",
          metadata: { pulse: 88 },
          performedBy: nurse.value.id,
        },
      ],
      new Date("2025-01-02T00:00:00Z"),
    );
    expect(own.ok ? null : own.error.message).toBeNull();
    const rest = recording.db.events.append(events.slice(260), new Date("2025-01-03T00:00:00Z"));
    expect(rest.ok ? null : rest.error.message).toBeNull();
    await round(recording, 50);
    await round(ward, 9);
    expect(ward.db.events.readVisit("STAY")).toHaveLength(421);
    expectRebuildChangesNothing(ward.db);

    // Once the ward's entry is sequenced after the others, both desks fold the same visit.
    await round(ward, 9);
    await round(recording, 50);
    const atWard = ward.db.events.foldVisit("STAY").state;
    const atRecording = recording.db.events.foldVisit("STAY").state;
    expect(atWard.unresolved).toEqual([]);
    expect({ ...atWard, applied: atWard.applied.length }).toEqual({
      ...atRecording,
      applied: atRecording.applied.length,
    });
    expectRebuildChangesNothing(ward.db);
    expectRebuildChangesNothing(recording.db);
  });
});

import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openClinicDb } from "../../db/open.js";
import { registerPatient } from "../../db/patients.js";
import type { RecordKind } from "../../db/record-changes.js";
import { createRecordSync } from "../../sync/records.js";
import { tempDir } from "../support/temp-db.js";
import { foundClinic } from "./support/people.js";

// Staff and patients added at one desk reach another by record sync; the windows open at that desk must hear of
// them as they would of their own desk's writes, after the pulled batch is stored.

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

describe("records pulled from another desk", () => {
  it("tell this desk's windows which kinds changed, once the batch is stored", async () => {
    const { dir, cleanup } = tempDir();
    const front = openClinicDb(join(dir, "front.sqlite"));
    const back = openClinicDb(join(dir, "back.sqlite"));
    cleanups.push(() => {
      front.close();
      back.close();
      cleanup();
    });
    // Staff records travel only when an administrator signed them (sync/authority.ts), as the app's handlers do:
    // the founding administrator signs their own record, then a patient is registered.
    const founder = await foundClinic(front, {
      name: "Founding Admin",
      username: "founder",
      password: "founding admin pass phrase",
      clinicName: "Hillside",
    });
    const patient = registerPatient(front, { name: "Amina Odhiambo", sex: "female" }, founder.staffId);
    expect(patient.ok).toBe(true);
    const heard: RecordKind[][] = [];
    back.recordChanges.onChanged((kinds) => {
      // Heard after the commit: the rows are already there to be read.
      expect(back.sqlite.prepare("SELECT COUNT(*) FROM patients").pluck().get()).toBe(1);
      heard.push(kinds);
    });

    const outbox = createRecordSync(front).outbox(100);
    const pulled = outbox.map((r, i) => ({ ...r, seq: i + 1, deviceId: front.deviceId }));
    const result = createRecordSync(back).apply(pulled, pulled.length);

    expect(result.problems).toEqual([]);
    expect(result.applied).toBe(outbox.length);
    // The new desk's starting settings and catalogue, signed by the founder, travel too.
    expect(heard.map((kinds) => [...kinds].sort())).toEqual([["catalogue", "patients", "settings", "staff"]]);
    // Pulling the same versions again changes nothing, and nobody is told.
    createRecordSync(back).apply(pulled, pulled.length);
    expect(heard).toHaveLength(1);
  });
});

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readCatalogue, saveCatalogueTest } from "../../api/clinic-preferences.js";
import { readSetting } from "../../db/clinic-settings.js";
import { registerPatient } from "../../db/patients.js";
import type { ChangeSigner } from "../../sync/records.js";
import { readDeskState } from "./support/desk-state.js";
import { type InProcessClinic, type InProcessDesk, inProcessClinic } from "./support/in-process-clinic.js";
import { foundClinic, signedSetting, signIn } from "./support/people.js";

// Records merge per field in the server's order: two desks editing different fields of a patient, different clinic
// settings or different catalogue tests at the same time both keep their edit, and a desk whose clock is years
// ahead wins nothing by it.

const test = (code: string, name: string, price: number) => ({
  code,
  name,
  price,
  specimen: "Blood",
  active: true,
  analytes: [{ analyte: name, referenceRange: "Negative" }],
});

describe("records merged per field in the server's order", () => {
  let clinic: InProcessClinic;
  let a: InProcessDesk;
  let b: InProcessDesk;
  let adminOnA: ChangeSigner;
  let adminOnB: ChangeSigner;
  let patientId: string;
  const syncAll = async () => {
    for (let i = 0; i < 2; i++) for (const d of [a, b]) await d.job.runNow();
  };

  beforeEach(async () => {
    clinic = await inProcessClinic();
    a = await clinic.desk("reception");
    b = await clinic.desk("lab");
    adminOnA = await foundClinic(a.db, {
      name: "Ama Admin",
      username: "ama",
      password: "correct horse battery staple",
      clinicName: "Hillside",
    });
    const p = registerPatient(a.db, { name: "Kojo Asante", sex: "male", phone: "0244000000" });
    if (!p.ok) throw new Error(p.error.message);
    patientId = p.value.id;
    await syncAll();
    // The administrator signs in on the other desk: their sealed key arrived with their record.
    adminOnB = await signIn(b.db, adminOnA.staffId, "correct horse battery staple");
  });
  afterEach(() => clinic.close());

  it("keeps both desks' edits of different fields, settings and catalogue tests", async () => {
    a.db.sqlite
      .prepare("UPDATE patients SET phone = ?, updatedAt = ? WHERE id = ?")
      .run("0200111222", new Date().toISOString(), patientId);
    b.db.sqlite
      .prepare("UPDATE patients SET address = ?, updatedAt = ? WHERE id = ?")
      .run("12 Market Road", new Date().toISOString(), patientId);
    saveCatalogueTest(a.db, test("HBA1C", "HbA1c", 20));
    signedSetting(a.db, adminOnA, "currency", "GHS");
    saveCatalogueTest(b.db, test("CRP", "C-reactive protein", 15));
    signedSetting(b.db, adminOnB, "lockAfterMinutes", "9");
    // The catalogue edits were written by the same admin-only code path the handler signs after.
    signedSetting(a.db, adminOnA, "locale", "en-GH");
    signedSetting(b.db, adminOnB, "departments", '["General outpatients","Maternity"]');
    await syncAll();

    for (const d of [a, b]) {
      const patient = d.db.sqlite.prepare("SELECT phone, address FROM patients WHERE id = ?").get(patientId);
      expect(patient).toEqual({ phone: "0200111222", address: "12 Market Road" });
      const codes = readCatalogue(d.db).map((t) => t.code);
      expect(codes).toEqual(expect.arrayContaining(["HBA1C", "CRP", "FBC"]));
      expect(readSetting(d.db.sqlite, "currency")).toBe("GHS");
      expect(readSetting(d.db.sqlite, "lockAfterMinutes")).toBe("9");
      expect(readSetting(d.db.sqlite, "locale")).toBe("en-GH");
    }
    expect(readDeskState(a.db).tables).toEqual(readDeskState(b.db).tables);
    expect(readCatalogue(a.db)).toEqual(readCatalogue(b.db));
  });

  it("orders by the server, so a desk clock years ahead wins nothing", async () => {
    b.db.sqlite
      .prepare("UPDATE patients SET phone = ?, updatedAt = ? WHERE id = ?")
      .run("0555999999", "9999-12-31T23:59:59.999Z", patientId);
    await b.job.runNow();
    a.db.sqlite
      .prepare("UPDATE patients SET phone = ?, updatedAt = ? WHERE id = ?")
      .run("0200333444", new Date().toISOString(), patientId);
    await syncAll();
    for (const d of [a, b])
      expect(d.db.sqlite.prepare("SELECT phone FROM patients WHERE id = ?").pluck().get(patientId)).toBe(
        "0200333444",
      );
  });

  it("saves settings and catalogue tests many times on an enrolled and an unenrolled desk", async () => {
    const { openClinicDb } = await import("../../db/open.js");
    const { join } = await import("node:path");
    const alone = openClinicDb(join(clinic.dir, "alone.sqlite"));
    try {
      const signer = await foundClinic(alone, {
        name: "Solo Admin",
        username: "solo",
        password: "a long enough passphrase here",
        clinicName: "Solo",
      });
      for (const d of [alone, a.db]) {
        const by = d === alone ? signer : adminOnA;
        for (let i = 0; i < 5; i++) {
          signedSetting(d, by, "consultationFeeCents", String(1000 + i));
          saveCatalogueTest(d, test("GLU", "Fasting blood glucose", 8 + i));
        }
        expect(readSetting(d.sqlite, "consultationFeeCents")).toBe("1004");
        expect(readCatalogue(d).find((t) => t.code === "GLU")?.price).toBe(12);
      }
      await syncAll();
      expect(readSetting(b.db.sqlite, "consultationFeeCents")).toBe("1004");
    } finally {
      alone.close();
    }
  });
});

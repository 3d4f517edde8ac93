import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ClinicDb, openClinicDb } from "../../db/open.js";
import { registerPatient } from "../../db/patients.js";
import { addStaff, type StaffMember } from "../../db/staff.js";

/** A fresh folder in the system's temp dir, removed by the returned cleanup. */
export function tempDir(prefix = "hms-test-"): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface Clinic {
  db: ClinicDb;
  dir: string;
  path: string;
  reception: StaffMember;
  doctor: StaffMember;
  lab: StaffMember;
  admin: StaffMember;
  patientId: string;
  close(): void;
}

const must = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

/** A real SQLite file in a temp folder with one member of staff per role and one patient. */
export function makeClinic(): Clinic {
  const { dir, cleanup } = tempDir();
  const path = join(dir, "clinic.sqlite");
  const db = openClinicDb(path);
  const reception = must(addStaff(db, { name: "Rita Mensah", role: "reception", username: "rita" }));
  const doctor = must(addStaff(db, { name: "Dr Daniel Okoro", role: "doctor", username: "daniel" }));
  const lab = must(addStaff(db, { name: "Lena Lab", role: "lab", username: "lena" }));
  const admin = must(addStaff(db, { name: "Ada Admin", role: "admin", username: "ada" }));
  const patient = must(
    registerPatient(db, { name: "Amina Yusuf", sex: "female", dateOfBirth: "1990-05-01" }),
  );
  return {
    db,
    dir,
    path,
    reception,
    doctor,
    lab,
    admin,
    patientId: patient.id,
    close() {
      db.close();
      cleanup();
    },
  };
}

export { must };

import { writeSetting } from "../../../db/clinic-settings.js";
import type { ClinicDb } from "../../../db/open.js";
import { addStaff, sealedKeyOf, setStaffKeys } from "../../../db/staff.js";
import { type ChangeSigner, captureRecordChanges } from "../../../sync/records.js";
import { newStaffKey, unsealStaffKey } from "../../../sync/staff-keys.js";

// People acting on a desk the way the app's handlers do (api/channels): write the row, then sign what was written
// with the key unsealed by their password. Shared by the in-process tests and the desk processes.

export async function foundClinic(
  db: ClinicDb,
  a: { name: string; username: string; password: string; clinicName: string },
): Promise<ChangeSigner> {
  const key = await newStaffKey(a.password);
  const added = addStaff(db, { name: a.name, role: "admin", username: a.username });
  if (!added.ok) throw new Error(added.error.message);
  setStaffKeys(db, added.value.id, key, new Date());
  writeSetting(db.sqlite, "clinicName", a.clinicName);
  const signer = { staffId: added.value.id, key: key.privateKey };
  captureRecordChanges(db, signer);
  return signer;
}

/** A signer for someone whose record (with its sealed key) this desk holds, as their sign-in would unseal it. */
export async function signIn(db: ClinicDb, staffId: string, password: string): Promise<ChangeSigner> {
  const key = await unsealStaffKey(sealedKeyOf(db, staffId), password);
  if (!key) throw new Error(`cannot unseal the key of ${staffId}`);
  return { staffId, key };
}

export async function addSignedStaff(
  db: ClinicDb,
  by: ChangeSigner,
  a: { name: string; role: "reception" | "doctor" | "lab" | "admin"; username: string; password: string },
): Promise<string> {
  const key = await newStaffKey(a.password);
  const added = addStaff(db, { name: a.name, role: a.role, username: a.username });
  if (!added.ok) throw new Error(added.error.message);
  setStaffKeys(db, added.value.id, key, new Date());
  captureRecordChanges(db, by);
  return added.value.id;
}

export function signedSetting(db: ClinicDb, by: ChangeSigner, key: string, value: string): void {
  writeSetting(db.sqlite, key, value);
  captureRecordChanges(db, by);
}

import type { ClinicDb } from "../db/open.js";
import { readMeta, writeMeta } from "../db/open.js";

// The clinic's settings, kept in app_meta beside the device id: small, local, changed by the administrator.

export interface ClinicSettings {
  clinicName: string;
  lockAfterMinutes: number;
  consultationFee: number | null;
  currency: string | null;
}

export const DEFAULT_LOCK_AFTER_MINUTES = 5;

export function readSettings(db: ClinicDb): ClinicSettings {
  const fee = readMeta(db.sqlite, "consultationFeeCents");
  const lock = Number(readMeta(db.sqlite, "lockAfterMinutes"));
  return {
    clinicName: readMeta(db.sqlite, "clinicName") ?? "",
    lockAfterMinutes: Number.isInteger(lock) && lock > 0 ? lock : DEFAULT_LOCK_AFTER_MINUTES,
    consultationFee: fee ? Number(fee) / 100 : null,
    currency: readMeta(db.sqlite, "currency") ?? null,
  };
}

export function writeSettings(db: ClinicDb, change: Partial<ClinicSettings>): ClinicSettings {
  db.sqlite.transaction(() => {
    if (change.clinicName !== undefined) writeMeta(db.sqlite, "clinicName", change.clinicName);
    if (change.lockAfterMinutes !== undefined)
      writeMeta(db.sqlite, "lockAfterMinutes", String(change.lockAfterMinutes));
    if (change.consultationFee !== undefined)
      setOrClear(
        db,
        "consultationFeeCents",
        change.consultationFee === null ? null : String(Math.round(change.consultationFee * 100)),
      );
    if (change.currency !== undefined) setOrClear(db, "currency", change.currency);
  })();
  return readSettings(db);
}

function setOrClear(db: ClinicDb, key: string, value: string | null) {
  if (value === null) db.sqlite.prepare("DELETE FROM app_meta WHERE key = ?").run(key);
  else writeMeta(db.sqlite, key, value);
}

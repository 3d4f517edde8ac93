import { readSetting, writeSetting } from "../db/clinic-settings.js";
import type { ClinicDb } from "../db/open.js";

// The clinic's settings (table clinic_settings, synced to every desk): small, changed by the administrator.

export interface ClinicSettings {
  clinicName: string;
  lockAfterMinutes: number;
  consultationFee: number | null;
  currency: string | null;
}

export const DEFAULT_LOCK_AFTER_MINUTES = 5;

export function readSettings(db: ClinicDb): ClinicSettings {
  const fee = readSetting(db.sqlite, "consultationFeeCents");
  const lock = Number(readSetting(db.sqlite, "lockAfterMinutes"));
  return {
    clinicName: readSetting(db.sqlite, "clinicName") ?? "",
    lockAfterMinutes: Number.isInteger(lock) && lock > 0 ? lock : DEFAULT_LOCK_AFTER_MINUTES,
    consultationFee: fee ? Number(fee) / 100 : null,
    currency: readSetting(db.sqlite, "currency") ?? null,
  };
}

export function writeSettings(db: ClinicDb, change: Partial<ClinicSettings>): ClinicSettings {
  db.sqlite.transaction(() => {
    if (change.clinicName !== undefined) writeSetting(db.sqlite, "clinicName", change.clinicName);
    if (change.lockAfterMinutes !== undefined)
      writeSetting(db.sqlite, "lockAfterMinutes", String(change.lockAfterMinutes));
    if (change.consultationFee !== undefined)
      writeSetting(
        db.sqlite,
        "consultationFeeCents",
        change.consultationFee === null ? null : String(Math.round(change.consultationFee * 100)),
      );
    if (change.currency !== undefined) writeSetting(db.sqlite, "currency", change.currency);
  })();
  return readSettings(db);
}

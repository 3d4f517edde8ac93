import type pg from "pg";
import type { EnrolResult } from "../storage.js";
import { insertSecurityLog } from "./security-log.js";

// Enrolment, replacement and revocation of desks on PostgreSQL. Each runs inside the caller's transaction. Two
// processes may be handed the same code, or two codes for one new device id, at the same moment: the code's row
// is locked, and the device id is serialised with a transaction advisory lock (its row may not exist yet), so one
// of them enrols and the other sees the result.

async function lockDeviceId(c: pg.PoolClient, deviceId: string): Promise<void> {
  await c.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [`hms-device:${deviceId}`]);
}

export async function enrolDevice(
  c: pg.PoolClient,
  codeHash: string,
  d: { deviceId: string; deviceName: string; tokenHash: string },
  now: Date,
): Promise<EnrolResult> {
  await lockDeviceId(c, d.deviceId);
  const code = (
    await c.query<{
      clinicId: string;
      deviceName: string | null;
      expiresAt: string;
      usedAt: string | null;
      forDevice: string | null;
    }>(
      `SELECT clinic_id AS "clinicId", device_name AS "deviceName", expires_at AS "expiresAt", used_at AS "usedAt",
         for_device AS "forDevice" FROM enrolment_codes WHERE code_hash = $1 FOR UPDATE`,
      [codeHash],
    )
  ).rows[0];
  if (!code)
    return { ok: false, code: "ENROLMENT_CODE_INVALID", message: "This enrolment code is not known." };
  if (code.usedAt)
    return {
      ok: false,
      code: "ENROLMENT_CODE_USED",
      message: "This enrolment code was already used; ask the administrator for a new one.",
    };
  if (Date.parse(code.expiresAt) < now.getTime())
    return {
      ok: false,
      code: "ENROLMENT_CODE_EXPIRED",
      message: `This enrolment code expired at ${code.expiresAt}; ask the administrator for a new one.`,
    };
  const existing = (
    await c.query<{ clinicId: string }>(`SELECT clinic_id AS "clinicId" FROM devices WHERE id = $1`, [
      d.deviceId,
    ])
  ).rows[0];
  if (existing && existing.clinicId !== code.clinicId)
    return {
      ok: false,
      code: "DEVICE_IN_OTHER_CLINIC",
      message: `Device ${d.deviceId} belongs to another clinic; a desk's database serves one clinic only.`,
    };
  if (existing && code.forDevice !== d.deviceId)
    return {
      ok: false,
      code: "DEVICE_ALREADY_ENROLLED",
      message: `Device ${d.deviceId} is already enrolled; an enrolment code enrols a new desk only. To replace this desk or give it a new token, the administrator runs "hms sync-server replace-device --device ${d.deviceId}" on the server.`,
    };
  const at = now.toISOString();
  const name = code.deviceName ?? d.deviceName;
  if (existing) {
    // Re-enrolment the administrator asked for (replace-device): earlier tokens die.
    await c.query("UPDATE devices SET name = $1, revoked_at = NULL WHERE id = $2", [name, d.deviceId]);
    await c.query("UPDATE device_tokens SET revoked_at = $1 WHERE device_id = $2 AND revoked_at IS NULL", [
      at,
      d.deviceId,
    ]);
  } else {
    await c.query("INSERT INTO devices (id, clinic_id, name, enrolled_at) VALUES ($1, $2, $3, $4)", [
      d.deviceId,
      code.clinicId,
      name,
      at,
    ]);
  }
  await c.query("INSERT INTO device_tokens (token_hash, device_id, issued_at) VALUES ($1, $2, $3)", [
    d.tokenHash,
    d.deviceId,
    at,
  ]);
  await c.query("UPDATE enrolment_codes SET used_at = $1, used_by_device = $2 WHERE code_hash = $3", [
    at,
    d.deviceId,
    codeHash,
  ]);
  const clinic = (await c.query<{ name: string }>("SELECT name FROM clinics WHERE id = $1", [code.clinicId]))
    .rows[0] as { name: string };
  return { ok: true, clinicId: code.clinicId, clinicName: clinic.name, deviceId: d.deviceId };
}

export async function replaceDevice(
  c: pg.PoolClient,
  deviceId: string,
  codeHash: string,
  { expiresAt, now }: { expiresAt: Date; now: Date },
): Promise<{ clinicId: string } | null> {
  await lockDeviceId(c, deviceId);
  const device = (
    await c.query<{ clinicId: string }>(`SELECT clinic_id AS "clinicId" FROM devices WHERE id = $1`, [
      deviceId,
    ])
  ).rows[0];
  if (!device) return null;
  const at = now.toISOString();
  await c.query("UPDATE devices SET revoked_at = COALESCE(revoked_at, $1) WHERE id = $2", [at, deviceId]);
  await c.query("UPDATE device_tokens SET revoked_at = $1 WHERE device_id = $2 AND revoked_at IS NULL", [
    at,
    deviceId,
  ]);
  await c.query(
    `INSERT INTO enrolment_codes (code_hash, clinic_id, device_name, created_at, expires_at, for_device)
     VALUES ($1, $2, NULL, $3, $4, $5)`,
    [codeHash, device.clinicId, at, expiresAt.toISOString(), deviceId],
  );
  await insertSecurityLog(
    c,
    {
      clinicId: device.clinicId,
      deviceId,
      source: null,
      action: "device_replaced",
      code: "DEVICE_REPLACED",
      subject: `device/${deviceId}`,
      reason: "The administrator revoked this device and made a code to enrol its replacement.",
    },
    at,
  );
  return { clinicId: device.clinicId };
}

/** Revokes a device and all its tokens; false when there is no such device. */
export async function revokeDevice(c: pg.PoolClient, deviceId: string, now: Date): Promise<boolean> {
  const at = now.toISOString();
  await lockDeviceId(c, deviceId);
  const found = await c.query("UPDATE devices SET revoked_at = COALESCE(revoked_at, $1) WHERE id = $2", [
    at,
    deviceId,
  ]);
  await c.query("UPDATE device_tokens SET revoked_at = $1 WHERE device_id = $2 AND revoked_at IS NULL", [
    at,
    deviceId,
  ]);
  return (found.rowCount ?? 0) > 0;
}

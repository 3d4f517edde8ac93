import type { ClinicDb } from "../db/open.js";
import { writeMeta } from "../db/open.js";
import { checkpointKeys, readSyncSettings, writeSyncSettings } from "./desk-store.js";
import type { EnrolAnswer, ErrorAnswer } from "./protocol.js";
import { createHttpTransport, SyncOffline, type SyncTransport } from "./transport.js";

// Enrolling a desk: it trades a one-time code from the administrator for its device token, once. The server binds
// the token to this file's device id and the code's clinic; every later request is judged by the token alone.

export type EnrolResult =
  | { ok: true; clinicId: string; clinicName: string; deviceId: string }
  | { ok: false; code: string; message: string };

export interface EnrolOptions {
  serverUrl: string;
  code: string;
  deviceName: string;
  caFile?: string | null;
  /** For tests: reach the server another way. */
  transport?: SyncTransport;
}

export async function enrolDesk(db: ClinicDb, o: EnrolOptions): Promise<EnrolResult> {
  const current = readSyncSettings(db);
  let transport = o.transport;
  let close = () => undefined as void;
  if (!transport) {
    try {
      const http = createHttpTransport({ baseUrl: o.serverUrl, caFile: o.caFile ?? null });
      transport = http;
      close = () => http.close();
    } catch (err) {
      return { ok: false, code: "INVALID_INPUT", message: (err as Error).message };
    }
  }
  try {
    const res = await transport({
      method: "POST",
      path: "/v1/enroll",
      body: { code: o.code, deviceId: db.deviceId, deviceName: o.deviceName },
    });
    if (res.status !== 200) {
      const e = (res.body as ErrorAnswer | null)?.error;
      return {
        ok: false,
        code: e?.code ?? "ENROLMENT_FAILED",
        message: e?.message ?? `Status ${res.status}`,
      };
    }
    const answer = res.body as EnrolAnswer;
    if (current && current.clinicId !== answer.clinicId)
      return {
        ok: false,
        code: "OTHER_CLINIC",
        message: `This desk's database belongs to clinic ${current.clinicName}; it cannot join ${answer.clinicName}.`,
      };
    writeSyncSettings(db, {
      serverUrl: o.serverUrl,
      token: answer.token,
      clinicId: answer.clinicId,
      clinicName: answer.clinicName,
      caFile: o.caFile ?? null,
    });
    // The key the server signs checkpoints with, pinned now: later checkpoints must carry its signature.
    if (answer.serverKey) writeMeta(db.sqlite, checkpointKeys.serverKey, answer.serverKey);
    return { ok: true, clinicId: answer.clinicId, clinicName: answer.clinicName, deviceId: answer.deviceId };
  } catch (err) {
    if (err instanceof SyncOffline) return { ok: false, code: "OFFLINE", message: err.message };
    throw err;
  } finally {
    close();
  }
}

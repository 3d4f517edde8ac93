import { z } from "zod";

// The sync wire protocol (version 1), shared by the central server and the desks' sync job. Pure: no I/O.
// docs/sync-protocol.md describes it for people; this file is what both sides actually parse.

export const PROTOCOL_PREFIX = "/v1";

/** Limits both sides agree on; the server refuses bigger batches with a clear error. */
export const MAX_PUSH_EVENTS = 5000;
export const MAX_PULL_LIMIT = 5000;
export const MAX_PUSH_RECORDS = 1000;
export const MAX_LONG_POLL_SECONDS = 60;

/** Header carrying the server's clock (epoch milliseconds) on every answer, for the desks' clock offset. */
export const SERVER_TIME_HEADER = "x-server-time";
/** Header carrying the desk's clock (epoch milliseconds) on every request, for the server's device list. */
export const DEVICE_TIME_HEADER = "x-device-time";

const isoTime = z
  .string()
  .max(40)
  .refine((s) => !Number.isNaN(Date.parse(s)), { message: "must be an ISO-8601 date and time" });
const hex64 = z.string().regex(/^[0-9a-f]{64}$/, "must be 64 lowercase hex characters");

/**
 * An event exactly as its device stored it (visit_events without the local position and server sequence). The
 * metadata stays the JSON text the device hashed, never re-serialised, so every desk stores byte-identical events.
 * Parsing is tolerant of what this build does not know: any event type name and any schema version are carried.
 */
export const wireEvent = z.strictObject({
  id: z.string().regex(/^[0-9A-Za-z_-]{1,64}$/, "must be 1 to 64 letters, digits, '_' or '-'"),
  visitId: z.string().min(1).max(100),
  eventType: z.string().regex(/^[A-Z][A-Z0-9_]{0,63}$/, "must be an upper-case event type name"),
  description: z.string().max(4000).nullable(),
  metadata: z
    .string()
    .max(65_536)
    .refine(
      (s) => {
        try {
          JSON.parse(s);
          return true;
        } catch {
          return false;
        }
      },
      { message: "must be JSON text" },
    )
    .nullable(),
  performedBy: z.string().min(1).max(100).nullable(),
  performedAt: isoTime,
  deviceId: z.string().min(1).max(100),
  schemaVersion: z.number().int().min(1).max(1_000_000),
  recordedAt: isoTime,
  prevHash: hex64.nullable(),
  hash: hex64,
});
export type WireEvent = z.infer<typeof wireEvent>;

const wireId = /^[0-9A-Za-z_-]{1,64}$/;
const wireEventType = /^[A-Z][A-Z0-9_]{0,63}$/;
const wireHex64 = /^[0-9a-f]{64}$/;
const wireEventKeys = Object.keys(wireEvent.shape);
const isText = (v: unknown, min: number, max: number): v is string =>
  typeof v === "string" && v.length >= min && v.length <= max;
const isTime = (v: unknown): v is string => isText(v, 0, 40) && !Number.isNaN(Date.parse(v));
const isJsonText = (s: string): boolean => {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
};

/**
 * The same acceptance as `wireEvent`, checked by hand for the common case of a well-formed event: a push carries
 * thousands, and zod's general machinery was a large part of the server's time per event. It only ever says yes
 * to what `wireEvent` accepts (tested against it); anything it does not accept goes through `wireEvent`, so every
 * rejection and its message are zod's.
 */
export function quickWireEvent(raw: unknown): WireEvent | null {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return null;
  // A plain object only: zod's strict object also sees the keys an object inherits, which Object.keys does not (an
  // object built by assigning "__proto__" has them; one from JSON.parse never does).
  const proto = Object.getPrototypeOf(raw);
  if (proto !== Object.prototype && proto !== null) return null;
  const e = raw as Record<string, unknown>;
  const keys = Object.keys(e);
  if (keys.length !== wireEventKeys.length) return null;
  for (const k of wireEventKeys) if (!Object.hasOwn(e, k)) return null;
  const { id, visitId, eventType, description, metadata, performedBy, performedAt, deviceId } = e;
  const { schemaVersion, recordedAt, prevHash, hash } = e;
  if (!(typeof id === "string" && wireId.test(id))) return null;
  if (!isText(visitId, 1, 100)) return null;
  if (!(typeof eventType === "string" && wireEventType.test(eventType))) return null;
  if (description !== null && !isText(description, 0, 4000)) return null;
  if (metadata !== null && !(isText(metadata, 0, 65_536) && isJsonText(metadata))) return null;
  if (performedBy !== null && !isText(performedBy, 1, 100)) return null;
  if (!isTime(performedAt) || !isTime(recordedAt)) return null;
  if (!isText(deviceId, 1, 100)) return null;
  if (
    !(
      Number.isSafeInteger(schemaVersion) &&
      (schemaVersion as number) >= 1 &&
      (schemaVersion as number) <= 1_000_000
    )
  )
    return null;
  if (prevHash !== null && !(typeof prevHash === "string" && wireHex64.test(prevHash))) return null;
  if (!(typeof hash === "string" && wireHex64.test(hash))) return null;
  return {
    id,
    visitId,
    eventType,
    description: description as string | null,
    metadata: metadata as string | null,
    performedBy: performedBy as string | null,
    performedAt,
    deviceId,
    schemaVersion: schemaVersion as number,
    recordedAt,
    prevHash: prevHash as string | null,
    hash,
  };
}

/** An event as the server hands it out: with the per-clinic sequence it was given. */
export interface PulledEvent extends WireEvent {
  seq: number;
}

export type PushOutcome =
  | { id: string; status: "accepted"; seq: number }
  | { id: string; status: "duplicate"; seq: number }
  | { id: string | null; status: "rejected"; code: string; reason: string };

export interface PushEventsAnswer {
  /** One answer per pushed event, in the order they were sent. */
  results: PushOutcome[];
  head: number;
}

export interface PullEventsAnswer {
  events: PulledEvent[];
  /** Whether events after the last one returned remain. */
  more: boolean;
  head: number;
  /** The newest checkpoint the server signed of the clinic's log (sync/checkpoint.ts), if any. */
  checkpoint?: string | null;
}

/**
 * A change of a record (a member of staff, a patient, a clinic setting): the fields it sets, with a change id that
 * makes a repeat (or a replay) harmless. The server orders changes in the clinic's record stream; every desk keeps,
 * per field, the value of the latest change in that order (sync/records.ts), so no desk's clock decides anything.
 * Staff and setting changes carry the signature of the person who made them (sync/authority.ts).
 */
export const wireRecord = z.strictObject({
  kind: z.string().regex(/^[a-z][a-z_]{0,39}$/, "must be a lower-case record kind"),
  id: z.string().min(1).max(200),
  changeId: z.string().regex(/^[0-9A-Za-z_-]{1,64}$/, "must be 1 to 64 letters, digits, '_' or '-'"),
  fields: z.record(z.string().max(200), z.unknown()),
  /** When the desk made the change, by its own clock: shown to people, never used to order. */
  madeAt: isoTime,
  proof: z
    .strictObject({
      by: z.string().min(1).max(200),
      sig: z.string().regex(/^[A-Za-z0-9+/]{86}==$/, "must be a base64 Ed25519 signature"),
    })
    .nullable(),
});
export type WireRecord = z.infer<typeof wireRecord>;

export interface PulledRecord extends WireRecord {
  seq: number;
  /** The device that pushed this change; the server takes it from the token. */
  deviceId: string;
}

export type RecordOutcome =
  | { id: string; status: "accepted" | "duplicate"; seq: number }
  | { id: string | null; status: "rejected"; code: string; reason: string };

export interface PushRecordsAnswer {
  results: RecordOutcome[];
  head: number;
}

export interface PullRecordsAnswer {
  records: PulledRecord[];
  more: boolean;
  head: number;
}

export interface WaitAnswer {
  changed: boolean;
  heads: { events: number; records: number };
}

export interface EnrolAnswer {
  token: string;
  clinicId: string;
  clinicName: string;
  deviceId: string;
  /** The key the server signs checkpoints with (C2SP verifier key text); the desk keeps it. */
  serverKey: string;
}

export const enrolRequest = z.strictObject({
  code: z.string().min(4).max(64),
  deviceId: z.string().regex(/^[0-9A-Za-z_-]{1,100}$/, "must be the desk's device id"),
  deviceName: z.string().trim().min(1).max(100),
});

export interface DeviceStatus {
  id: string;
  name: string;
  enrolledAt: string;
  revokedAt: string | null;
  lastSeenAt: string | null;
  /** The device's clock minus the server's, measured from its last request. */
  clockOffsetMs: number | null;
  clockFlagged: boolean;
  eventsHeld: number;
}

export interface ClinicStatus {
  clinicId: string;
  name: string;
  eventHead: number;
  recordHead: number;
  devices: DeviceStatus[];
}

/** Every error answer has this shape; `code` is stable for programs, `message` is for people. */
export interface ErrorAnswer {
  error: { code: string; message: string; details?: unknown };
}

/** How far a clock may be off before it is flagged on the screen and in the server's device list. */
export const CLOCK_FLAG_MS = 2 * 60_000;

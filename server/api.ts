import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import type { z } from "zod";
import { eventHash } from "../domain/event-hash.js";
import { judgeChange } from "../sync/authority.js";
import { originOf, signCheckpoint, verifierKey } from "../sync/checkpoint.js";
import {
  CLOCK_FLAG_MS,
  DEVICE_TIME_HEADER,
  type EnrolAnswer,
  type ErrorAnswer,
  enrolRequest,
  MAX_LONG_POLL_SECONDS,
  MAX_PULL_LIMIT,
  MAX_PUSH_EVENTS,
  MAX_PUSH_RECORDS,
  type PullEventsAnswer,
  type PullRecordsAnswer,
  type PushEventsAnswer,
  type PushOutcome,
  type PushRecordsAnswer,
  quickWireEvent,
  type RecordOutcome,
  type WaitAnswer,
  type WireEvent,
  type WireRecord,
  wireEvent,
  wireRecord,
} from "../sync/protocol.js";
import { hashSecret, newDeviceToken, normaliseEnrolmentCode } from "./secrets.js";
import type { DeviceIdentity, SyncStorage } from "./storage.js";
import { type ClinicWaiters, createClinicWaiters } from "./waiters.js";

// The sync server's requests and answers, with no sockets: the HTTP layer (http.ts) reads a body and writes an
// answer; tests can call `handle` directly. Clinic and device always come from the bearer token, never the body.

export interface ApiRequest {
  method: string;
  /** Path and query, e.g. /v1/events?after=10&limit=500 */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** The peer's address, for limiting and logging unauthenticated attempts. */
  source?: string | null;
}

export interface ApiResponse {
  status: number;
  body: unknown;
}

export interface SyncApi {
  handle(req: ApiRequest): Promise<ApiResponse>;
  /**
   * What can be judged before the body is read: every route but the public ones needs a valid device token. Answers
   * the refusal, or null to go on and read the body.
   */
  admit(req: Omit<ApiRequest, "body">): Promise<ApiResponse | null>;
  /** Signs and keeps a checkpoint of a clinic's log now (the CLI's "checkpoint"); null for an unknown clinic. */
  checkpoint(clinicId: string): Promise<{ size: number; note: string } | null>;
  /** The server's verifier key (C2SP note form) that checkpoints are signed with. */
  verifierKey(): Promise<string>;
  /** Answers every waiting long poll (before shutting down). */
  close(): void;
}

export interface SyncApiOptions {
  now?: () => Date;
  /**
   * Enrolment attempts allowed per source address in `enrolWindowMs` (codes are 75-bit, but guessing costs),
   * counted in the storage: every process on one database shares them.
   */
  enrolAttempts?: number;
  enrolWindowMs?: number;
  /** Long-poll waiters; a storage shared by several processes passes ones woken by every process's pushes. */
  waiters?: ClinicWaiters;
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

const errorBody = (code: string, message: string, details?: unknown): ErrorAnswer => ({
  error: details === undefined ? { code, message } : { code, message, details },
});

const describe = (error: z.ZodError): string =>
  error.issues.map((i) => `${i.path.map(String).join(".") || "(event)"}: ${i.message}`).join("; ");

function parseJson(body: string): unknown {
  if (body.trim() === "")
    throw new ApiError(400, "INVALID_REQUEST", "The request has no body; JSON was expected.");
  try {
    return JSON.parse(body);
  } catch {
    throw new ApiError(400, "INVALID_REQUEST", "The request body is not valid JSON.");
  }
}

function intParam(params: URLSearchParams, name: string, fallback: number, max: number): number {
  const raw = params.get(name);
  if (raw === null) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n > max)
    throw new ApiError(
      400,
      "INVALID_REQUEST",
      `${name} must be a whole number from 0 to ${max}, not "${raw}".`,
    );
  return n;
}

const header = (req: ApiRequest, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/** Checks one pushed event beyond its shape: it must come from the pushing device and hash to what it claims. */
function checkEvent(raw: unknown, device: DeviceIdentity): { event: WireEvent } | PushOutcome {
  const rawId =
    typeof raw === "object" && raw !== null && typeof (raw as { id?: unknown }).id === "string"
      ? ((raw as { id: string }).id as string)
      : null;
  // The hand check passes a well-formed event quickly; zod judges (and words) everything else.
  let e = quickWireEvent(raw);
  if (!e) {
    const parsed = wireEvent.safeParse(raw);
    if (!parsed.success)
      return { id: rawId, status: "rejected", code: "INVALID_EVENT", reason: describe(parsed.error) };
    e = parsed.data;
  }
  if (e.deviceId !== device.deviceId)
    return {
      id: e.id,
      status: "rejected",
      code: "NOT_YOUR_EVENT",
      reason: `Event ${e.id} was recorded by device ${e.deviceId}; a device may only push its own events.`,
    };
  if (eventHash(e) !== e.hash)
    return {
      id: e.id,
      status: "rejected",
      code: "HASH_MISMATCH",
      reason: `Event ${e.id} does not match its hash: it was changed after it was recorded.`,
    };
  return { event: e };
}

export function createSyncApi(storage: SyncStorage, options: SyncApiOptions = {}): SyncApi {
  const now = options.now ?? (() => new Date());
  const waiters = options.waiters ?? createClinicWaiters();
  const enrolAttempts = options.enrolAttempts ?? 10;
  const enrolWindowMs = options.enrolWindowMs ?? 15 * 60_000;
  // lastSeen is written at most every few seconds per device: a write per long poll would cost an fsync each.
  const lastTouch = new Map<string, number>();

  /** Writes refused pushes to the server's security log: what a stolen token tried is on record. */
  async function logRefused(
    device: DeviceIdentity,
    action: string,
    subject: string,
    outcomes: readonly (PushOutcome | RecordOutcome)[],
  ): Promise<void> {
    for (const o of outcomes)
      if (o.status === "rejected")
        await storage.logSecurity(
          {
            clinicId: device.clinicId,
            deviceId: device.deviceId,
            source: null,
            action,
            code: o.code,
            subject: `${subject}/${o.id ?? "?"}`,
            reason: o.reason,
          },
          now(),
        );
  }

  async function authenticate(req: ApiRequest): Promise<DeviceIdentity> {
    const auth = header(req, "authorization") ?? "";
    const match = /^Bearer\s+(\S+)$/i.exec(auth);
    if (!match?.[1])
      throw new ApiError(
        401,
        "UNAUTHORIZED",
        "This request needs a device token (Authorization: Bearer ...).",
      );
    const device = await storage.authenticate(hashSecret(match[1]));
    if (!device) throw new ApiError(401, "UNAUTHORIZED", "This device token is not known to the server.");
    if (device.revokedAt)
      throw new ApiError(
        403,
        "DEVICE_REVOKED",
        `This device was revoked at ${device.revokedAt}; ask the administrator for a new enrolment code.`,
      );
    const at = now();
    const deviceTime = Number(header(req, DEVICE_TIME_HEADER));
    const offset =
      Number.isFinite(deviceTime) && deviceTime > 0 ? Math.round(deviceTime - at.getTime()) : null;
    // A clock far off is recorded at once, so the device list flags it even between the throttled writes.
    const farOff = offset !== null && Math.abs(offset) > CLOCK_FLAG_MS;
    if (farOff || at.getTime() - (lastTouch.get(device.deviceId) ?? 0) > 5_000) {
      lastTouch.set(device.deviceId, at.getTime());
      await storage.touchDevice(device.deviceId, at, offset);
    }
    return device;
  }

  async function enrol(req: ApiRequest): Promise<EnrolAnswer> {
    const source = req.source ?? "unknown";
    // The attempt is counted before anything is checked, so no number of concurrent requests gets past the limit.
    // It is counted in the storage, so every server process on one database shares the limit of an address.
    const wait = await storage.reserveAttempt("enrol", source, now().getTime(), enrolAttempts, enrolWindowMs);
    if (wait > 0) {
      await storage.logSecurity(
        {
          clinicId: null,
          deviceId: null,
          source,
          action: "enrolment_refused",
          code: "TOO_MANY_ATTEMPTS",
          subject: null,
          reason: "Too many enrolment attempts from this address.",
        },
        now(),
      );
      throw new ApiError(
        429,
        "TOO_MANY_ATTEMPTS",
        `Too many enrolment attempts from this address; try again in ${Math.ceil(wait / 1000)} seconds.`,
        { retryAfterSeconds: Math.ceil(wait / 1000) },
      );
    }
    const parsed = enrolRequest.safeParse(parseJson(req.body));
    if (!parsed.success) throw new ApiError(400, "INVALID_REQUEST", describe(parsed.error));
    const token = newDeviceToken();
    const result = await storage.enrol(
      hashSecret(normaliseEnrolmentCode(parsed.data.code)),
      { deviceId: parsed.data.deviceId, deviceName: parsed.data.deviceName, tokenHash: hashSecret(token) },
      now(),
    );
    if (!result.ok) {
      await storage.logSecurity(
        {
          clinicId: null,
          deviceId: parsed.data.deviceId,
          source,
          action: "enrolment_refused",
          code: result.code,
          subject: `device/${parsed.data.deviceId}`,
          reason: result.message,
        },
        now(),
      );
      const status =
        result.code === "DEVICE_IN_OTHER_CLINIC" || result.code === "DEVICE_ALREADY_ENROLLED" ? 409 : 401;
      throw new ApiError(status, result.code, result.message);
    }
    const key = await serverKey();
    return {
      token,
      clinicId: result.clinicId,
      clinicName: result.clinicName,
      deviceId: result.deviceId,
      serverKey: verifierKey(key.name, createPublicKey(key.privateKey)),
    };
  }

  let signingKey: { name: string; privateKey: KeyObject } | null = null;
  async function serverKey() {
    if (!signingKey) {
      const k = await storage.serverKey(now());
      signingKey = {
        name: k.name,
        privateKey: createPrivateKey({
          key: Buffer.from(k.privateKey, "base64"),
          format: "der",
          type: "pkcs8",
        }),
      };
    }
    return signingKey;
  }

  const latest = new Map<string, { size: number; note: string }>();
  const latestCheckpoint = async (clinicId: string) =>
    latest.get(clinicId) ?? (await storage.latestCheckpoint(clinicId));

  /** Signs a checkpoint of the clinic's log as it stands (after a push, or when asked) and keeps it. */
  async function checkpointNow(clinicId: string): Promise<{ size: number; note: string } | null> {
    const state = await storage.logState(clinicId);
    if (!state) return null;
    const key = await serverKey();
    const note = signCheckpoint(
      { origin: originOf(clinicId), size: state.size, root: state.root, time: now().toISOString() },
      key.name,
      key.privateKey,
    );
    // Kept in memory: a checkpoint can be signed again from the stored log at any time, so a push need not pay
    // for another durable write; the CLI's "checkpoint" keeps one in the database.
    const signed = { size: state.size, note };
    const held = latest.get(clinicId);
    if (!held || held.size <= signed.size) latest.set(clinicId, signed);
    return signed;
  }

  async function pushEvents(req: ApiRequest, device: DeviceIdentity): Promise<PushEventsAnswer> {
    const body = parseJson(req.body) as { events?: unknown };
    if (typeof body !== "object" || body === null || !Array.isArray(body.events))
      throw new ApiError(400, "INVALID_REQUEST", 'The body must be {"events": [...]}.');
    if (body.events.length > MAX_PUSH_EVENTS)
      throw new ApiError(400, "INVALID_REQUEST", `Push at most ${MAX_PUSH_EVENTS} events at a time.`);
    const checked = body.events.map((raw) => checkEvent(raw, device));
    const valid = checked.flatMap((c) => ("event" in c ? [c.event] : []));
    const stored = valid.length
      ? await storage.appendEvents(device.clinicId, device.deviceId, valid, now())
      : [];
    let next = 0;
    const results = checked.map((c) => ("event" in c ? (stored[next++] as PushOutcome) : c));
    if (stored.some((r) => r.status === "accepted")) {
      await checkpointNow(device.clinicId);
      waiters.changed(device.clinicId);
    }
    await logRefused(device, "event_refused", "event", results);
    return { results, head: (await storage.heads(device.clinicId)).events };
  }

  async function pullEvents(params: URLSearchParams, device: DeviceIdentity): Promise<PullEventsAnswer> {
    const after = intParam(params, "after", 0, Number.MAX_SAFE_INTEGER);
    const limit = Math.max(1, intParam(params, "limit", 1000, MAX_PULL_LIMIT));
    const head = (await storage.heads(device.clinicId)).events;
    if (after > head)
      throw new ApiError(
        409,
        "CURSOR_UNKNOWN",
        `The cursor ${after} is past the last sequence this server holds (${head}); pull again from 0.`,
        { head },
      );
    const { events, more } = await storage.readEvents(device.clinicId, after, limit);
    const checkpoint = await latestCheckpoint(device.clinicId);
    return { events, more, head, checkpoint: checkpoint?.note ?? null };
  }

  async function pushRecords(req: ApiRequest, device: DeviceIdentity): Promise<PushRecordsAnswer> {
    const body = parseJson(req.body) as { records?: unknown };
    if (typeof body !== "object" || body === null || !Array.isArray(body.records))
      throw new ApiError(400, "INVALID_REQUEST", 'The body must be {"records": [...]}.');
    if (body.records.length > MAX_PUSH_RECORDS)
      throw new ApiError(400, "INVALID_REQUEST", `Push at most ${MAX_PUSH_RECORDS} records at a time.`);
    const checked = body.records.map((raw): { record: WireRecord } | RecordOutcome => {
      const parsed = wireRecord.safeParse(raw);
      if (parsed.success) return { record: parsed.data };
      const id = (raw as { id?: unknown } | null)?.id;
      return {
        id: typeof id === "string" ? id : null,
        status: "rejected",
        code: "INVALID_RECORD",
        reason: describe(parsed.error),
      };
    });
    const valid = checked.flatMap((c) => ("record" in c ? [c.record] : []));
    const stored = valid.length
      ? await storage.appendRecords(device.clinicId, device.deviceId, valid, now(), judgeChange)
      : [];
    let next = 0;
    const results = checked.map((c) => ("record" in c ? (stored[next++] as RecordOutcome) : c));
    if (stored.some((r) => r.status === "accepted")) waiters.changed(device.clinicId);
    // Refusals of judged changes were logged by the storage in their transaction; malformed ones are logged here.
    await logRefused(
      device,
      "record_change_refused",
      "record",
      checked.flatMap((c) => ("record" in c ? [] : [c])),
    );
    return { results, head: (await storage.heads(device.clinicId)).records };
  }

  async function pullRecords(params: URLSearchParams, device: DeviceIdentity): Promise<PullRecordsAnswer> {
    const after = intParam(params, "after", 0, Number.MAX_SAFE_INTEGER);
    const limit = Math.max(1, intParam(params, "limit", 1000, MAX_PULL_LIMIT));
    const head = (await storage.heads(device.clinicId)).records;
    if (after > head)
      throw new ApiError(
        409,
        "CURSOR_UNKNOWN",
        `The record cursor ${after} is past the last sequence this server holds (${head}); pull again from 0.`,
        { head },
      );
    const { records, more } = await storage.readRecords(device.clinicId, after, limit);
    return { records, more, head };
  }

  async function wait(params: URLSearchParams, device: DeviceIdentity): Promise<WaitAnswer> {
    const events = intParam(params, "events", 0, Number.MAX_SAFE_INTEGER);
    const records = intParam(params, "records", 0, Number.MAX_SAFE_INTEGER);
    const seconds = intParam(params, "timeout", 25, MAX_LONG_POLL_SECONDS);
    const ahead = (h: { events: number; records: number }) => h.events !== events || h.records !== records;
    let heads = await storage.heads(device.clinicId);
    if (ahead(heads) || seconds === 0) return { changed: ahead(heads), heads };
    await waiters.wait(device.clinicId, seconds * 1000);
    heads = await storage.heads(device.clinicId);
    return { changed: ahead(heads), heads };
  }

  // The routes a request without a device token may reach; every other route checks the token before its body is
  // read (admit). A new public route must be named here.
  const publicRoutes = new Set(["GET /health", "POST /v1/enroll"]);
  const routeKey = (method: string, url: URL) =>
    `${method.toUpperCase()} ${url.pathname.replace(/\/+$/, "") || "/"}`;

  async function route(req: ApiRequest): Promise<unknown> {
    const url = new URL(req.url, "http://sync.invalid");
    switch (routeKey(req.method, url)) {
      case "GET /health":
        return { ok: true, service: "hms-sync", protocol: 1, time: now().toISOString() };
      case "POST /v1/enroll":
        return enrol(req);
      case "POST /v1/events":
        return pushEvents(req, await authenticate(req));
      case "GET /v1/events":
        return pullEvents(url.searchParams, await authenticate(req));
      case "POST /v1/records":
        return pushRecords(req, await authenticate(req));
      case "GET /v1/records":
        return pullRecords(url.searchParams, await authenticate(req));
      case "GET /v1/wait":
        return wait(url.searchParams, await authenticate(req));
      case "GET /v1/checkpoint": {
        const device = await authenticate(req);
        const held = await latestCheckpoint(device.clinicId);
        const head = (await storage.heads(device.clinicId)).events;
        const fresh = held && held.size === head ? held : await checkpointNow(device.clinicId);
        const key = await serverKey();
        return {
          checkpoint: fresh?.note ?? null,
          serverKey: verifierKey(key.name, createPublicKey(key.privateKey)),
        };
      }
      case "GET /v1/status": {
        const device = await authenticate(req);
        return (await storage.status(device.clinicId))[0];
      }
      default:
        throw new ApiError(404, "NOT_FOUND", `There is no ${req.method} ${url.pathname} on this server.`);
    }
  }

  return {
    async handle(req) {
      try {
        return { status: 200, body: await route(req) };
      } catch (err) {
        if (err instanceof ApiError)
          return { status: err.status, body: errorBody(err.code, err.message, err.details) };
        return {
          status: 500,
          body: errorBody("SERVER_ERROR", `The sync server failed: ${(err as Error).message}`),
        };
      }
    },
    async admit(req) {
      try {
        if (!publicRoutes.has(routeKey(req.method, new URL(req.url, "http://sync.invalid"))))
          await authenticate({ ...req, body: "" });
        return null;
      } catch (err) {
        if (err instanceof ApiError) return { status: err.status, body: errorBody(err.code, err.message) };
        throw err;
      }
    },
    async checkpoint(clinicId) {
      const signed = await checkpointNow(clinicId);
      if (signed) await storage.putCheckpoint(clinicId, signed.size, signed.note, now());
      return signed;
    },
    async verifierKey() {
      const key = await serverKey();
      return verifierKey(key.name, createPublicKey(key.privateKey));
    },
    close: () => waiters.releaseAll(),
  };
}

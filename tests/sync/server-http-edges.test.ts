import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_REQUEST_TIMEOUT_MS, edgeServerOptions } from "../../api/http/edge.js";
import { eventHash } from "../../domain/event-hash.js";
import { type RunningSyncServer, startSyncServer } from "../../server/http.js";
import { hashSecret, newEnrolmentCode, normaliseEnrolmentCode } from "../../server/secrets.js";
import { openSqliteStorage } from "../../server/sqlite-storage.js";
import type { WireEvent } from "../../sync/protocol.js";
import { chainedEvents } from "../server/support/events.js";
import { rawRequest } from "../support/raw-http.js";
import { tempDir } from "../support/temp-db.js";

// The sync server's HTTP edge, on a real socket: a request without a valid device token is answered 401 before its
// body is read, a body over the limit 413 before it is read (declared or streamed), a client too slow to send its
// request is dropped, a malformed address answers 400, and hostile input to every route answers 4xx without a line
// in the server's log. Limits and timeouts are set small here so the test runs fast.

const LIMIT = 1024 * 1024;
let server: RunningSyncServer;
let token: string;
let cleanup: () => void;
const logged: string[] = [];

const head = (method: string, path: string, headers: Record<string, string | number> = {}) =>
  [`${method} ${path} HTTP/1.1`, "host: sync.test", "connection: close"]
    .concat(Object.entries(headers).map(([k, v]) => `${k}: ${v}`))
    .join("\r\n");

async function send(method: string, path: string, body?: unknown, auth = token) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { "content-type": "application/json", ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  return { status: res.status, body: await res.text() };
}

beforeAll(async () => {
  const temp = tempDir("hms-edge-");
  cleanup = temp.cleanup;
  const storage = openSqliteStorage(join(temp.dir, "server.sqlite"));
  const clinic = await storage.createClinic("Edge Clinic", new Date());
  const code = newEnrolmentCode();
  await storage.addEnrolmentCode(clinic.id, hashSecret(normaliseEnrolmentCode(code)), {
    deviceName: null,
    expiresAt: new Date(Date.now() + 3_600_000),
    now: new Date(),
  });
  server = await startSyncServer({
    storage,
    port: 0,
    maxBodyBytes: LIMIT,
    timeouts: { headersMs: 500, requestMs: 1500 },
    log: (line) => logged.push(line),
  });
  const enrolled = await send("POST", "/v1/enroll", { code, deviceId: "dev_edge_1", deviceName: "Edge" }, "");
  expect(enrolled.status).toBe(200);
  token = JSON.parse(enrolled.body).token;
}, 60_000);

afterAll(async () => {
  await server?.close();
  cleanup?.();
});

describe("the sync server's HTTP edge", () => {
  it("answers in ASCII JSON that reads back to the very text stored, whatever its characters", async () => {
    const unhashed = {
      ...(chainedEvents("dev_edge_1", 1, null)[0] as WireEvent),
      description: "Fièvre — 38,5 °C, बुखार, حمى 🤒",
    };
    const event = { ...unhashed, hash: eventHash(unhashed) };
    const pushed = await send("POST", "/v1/events", { events: [event] });
    expect(JSON.parse(pushed.body).results).toMatchObject([{ status: "accepted", seq: 1 }]);
    const res = await fetch(`${server.url}/v1/events?after=0`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.every((b) => b < 0x80)).toBe(true);
    const pulled = JSON.parse(bytes.toString("utf8"));
    expect(pulled.events[0].description).toBe(event.description);
    expect(eventHash(pulled.events[0])).toBe(event.hash);
    expect(pulled.checkpoint).toMatch(/\n\n\u2014 hms-sync /);
  });

  it("answers 401 before reading the body of a push without a valid token", async () => {
    const tokens: Record<string, string>[] = [{}, { authorization: "Bearer hms_dev_not-a-real-token" }];
    for (const auth of tokens) {
      // 20 MB declared, not a byte sent: the answer must not wait for it.
      const r = await rawRequest({
        port: server.port,
        head: head("POST", "/v1/events", {
          "content-type": "application/json",
          "content-length": 20 * LIMIT,
          ...auth,
        }),
      });
      expect(r.status).toBe(401);
      expect(JSON.parse(r.body).error.code).toBe("UNAUTHORIZED");
      expect(r.ms).toBeLessThan(1000);
    }
  });

  it("answers 413 before reading a declared body over the limit", async () => {
    const r = await rawRequest({
      port: server.port,
      head: head("POST", "/v1/events", { authorization: `Bearer ${token}`, "content-length": 2 * LIMIT }),
    });
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body).error.code).toBe("TOO_LARGE");
  });

  it("answers 413 to a streamed body as soon as it passes the limit, and stops reading it", async () => {
    const r = await rawRequest({
      port: server.port,
      head: head("POST", "/v1/events", { authorization: `Bearer ${token}`, "transfer-encoding": "chunked" }),
      stream: { chunkBytes: 64 * 1024, everyMs: 2, chunked: true },
    });
    expect(r.status).toBe(413);
    // What the kernel's buffers held beyond the limit at most, not the endless body.
    expect(r.sentBeforeAnswer).toBeLessThan(LIMIT + 8 * 1024 * 1024);
  });

  it("keeps enrolment (no token yet) to a small body", async () => {
    const r = await rawRequest({
      port: server.port,
      head: head("POST", "/v1/enroll", { "content-type": "application/json", "content-length": 200 * 1024 }),
    });
    expect(r.status).toBe(413);
  });

  it("drops a client that does not finish its headers, or its body, in time", async () => {
    const headers = await rawRequest({
      port: server.port,
      head: "GET /health HTTP/1.1\r\nhost: sync.test\r\n",
      endHeaders: false,
    });
    expect(headers.ms).toBeLessThan(2500);
    expect([0, 408]).toContain(headers.status);
    const body = await rawRequest({
      port: server.port,
      head: head("POST", "/v1/events", { authorization: `Bearer ${token}`, "content-length": 100_000 }),
      stream: { chunkBytes: 10, everyMs: 100, chunked: false },
    });
    expect(body.ms).toBeLessThan(3500);
    expect([0, 408]).toContain(body.status);
    // A clinic's defaults drop a slow client within 30 s.
    expect(edgeServerOptions().requestTimeout).toBeLessThanOrEqual(30_000);
    expect(DEFAULT_REQUEST_TIMEOUT_MS).toBeLessThanOrEqual(30_000);
  });

  it("still holds a long poll open longer than the request timeout", async () => {
    // From where the clinic's streams stand now (another test here pushes an event).
    const { heads } = JSON.parse((await send("GET", "/v1/wait?events=0&records=0&timeout=0")).body);
    const started = Date.now();
    const r = await send("GET", `/v1/wait?events=${heads.events}&records=${heads.records}&timeout=3`);
    expect(r.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2500);
  });

  it("answers 400 to malformed addresses and 4xx to hostile input on every route, logging nothing", async () => {
    for (const path of ["/v1/%zz", "/%E0%A4%A", "/v1/events/%", "/v1/%00%zz"]) {
      const r = await rawRequest({
        port: server.port,
        head: head("GET", path, { authorization: `Bearer ${token}` }),
      });
      expect(r.status, path).toBe(400);
    }
    const names = ["__proto__", "constructor", "toString", "hasOwnProperty"];
    const paths = [
      ...names.map((n) => `/v1/${n}`),
      ...names.map((n) => `/v1/events?after=${n}&limit=${n}`),
      ...names.map((n) => `/v1/wait?events=${n}&records=0&timeout=0`),
      "/v1/records?after=-1",
      "/v1/events?after=99999999999999999999",
    ];
    const bodies = [
      "",
      "null",
      "[]",
      "{",
      '{"__proto__": {"polluted": true}}',
      '{"events": {"__proto__": []}}',
      ...names.map((n) => JSON.stringify({ events: [{ id: n, deviceId: n, visitId: n }] })),
      ...names.map((n) => JSON.stringify({ records: [{ kind: n, id: n, data: { [n]: n } }] })),
      JSON.stringify({ events: [null, 1, "x", [], {}] }),
      JSON.stringify({ records: [null, 1, "x", [], {}] }),
      JSON.stringify({ code: "__proto__", deviceId: "constructor", deviceName: "toString" }),
    ];
    const statuses: number[] = [];
    for (const path of paths)
      for (const method of ["GET", "POST"]) statuses.push((await send(method, path)).status);
    for (const route of ["/v1/events", "/v1/records", "/v1/enroll", "/v1/wait", "/health"])
      for (const body of bodies) statuses.push((await send("POST", route, body)).status);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses.filter((s) => s >= 400).length).toBeGreaterThan(statuses.length / 2);
    expect(logged).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWebHost, type WebHost } from "../../api/http/host.js";
import type { ApiReply } from "../../api/reply.js";
import { rawRequest } from "../support/raw-http.js";
import { tempDir } from "../support/temp-db.js";

// The browser host's HTTP edge, on a real socket: a call without the launch secret or without a live session is
// answered before its body is read, a body over the limit gets 413 (declared or streamed), a client too slow to
// send its request is dropped, malformed addresses answer 400 and channel names such as "__proto__" 404, and none of
// it leaves a line in the host's log. Timeouts are set small here so the test runs fast.

const MB = 1024 * 1024;
let web: WebHost;
let cleanup: () => void;
let token: string;
const logged: string[] = [];

const head = (method: string, path: string, headers: Record<string, string | number> = {}, secret = true) =>
  [`${method} ${path} HTTP/1.1`, `host: 127.0.0.1:${web.port}`, "connection: close"]
    .concat(secret ? [`x-hms-secret: ${web.secret}`] : [])
    .concat(Object.entries(headers).map(([k, v]) => `${k}: ${v}`))
    .join("\r\n");
const codeOf = (body: string) => (JSON.parse(body) as Extract<ApiReply, { ok: false }>).error.code;

beforeAll(async () => {
  const temp = tempDir("hms-web-edge-");
  cleanup = temp.cleanup;
  web = await startWebHost({
    dbPath: join(temp.dir, "clinic.sqlite"),
    rendererDir: join(temp.dir, "no-renderer"),
    timeouts: { headersMs: 500, requestMs: 1500 },
    log: (line) => logged.push(line),
  });
  const setup = (await web.router.call(
    "setupClinic",
    { clinicName: "Edge Clinic", adminName: "Ada Admin", username: "ada", password: "Harbour-Lantern-91" },
    { sessionToken: null, transport: "http" },
  )) as { ok: true; value: { token: string } };
  token = setup.value.token;
}, 60_000);

afterAll(async () => {
  await web?.close();
  cleanup?.();
});

describe("the browser host's HTTP edge", () => {
  it("answers before reading the body of a call without the secret or without a live session", async () => {
    const big = { "content-type": "application/json", "content-length": 20 * MB };
    const noSecret = await rawRequest({
      port: web.port,
      head: head("POST", "/api/registerPatient", big, false),
    });
    expect([noSecret.status, codeOf(noSecret.body)]).toEqual([401, "LAUNCH_SECRET_REQUIRED"]);
    const noSession = await rawRequest({ port: web.port, head: head("POST", "/api/registerPatient", big) });
    expect([noSession.status, codeOf(noSession.body)]).toEqual([401, "NOT_SIGNED_IN"]);
    const stale = await rawRequest({
      port: web.port,
      head: head("POST", "/api/registerPatient", { ...big, authorization: "Bearer not-a-session" }),
    });
    expect([stale.status, codeOf(stale.body)]).toEqual([401, "SESSION_EXPIRED"]);
    const unknown = await rawRequest({ port: web.port, head: head("POST", "/api/noSuchChannel", big) });
    expect([unknown.status, codeOf(unknown.body)]).toEqual([404, "UNKNOWN_CHANNEL"]);
    for (const r of [noSecret, noSession, stale, unknown]) expect(r.ms).toBeLessThan(1000);
  });

  it("answers 413 to a body over the limit, declared or streamed, before reading it", async () => {
    const declared = await rawRequest({
      port: web.port,
      head: head("POST", "/api/registerPatient", {
        authorization: `Bearer ${token}`,
        "content-length": 5 * MB,
      }),
    });
    expect([declared.status, codeOf(declared.body)]).toEqual([413, "TOO_LARGE"]);
    const streamed = await rawRequest({
      port: web.port,
      head: head("POST", "/api/signIn", { "transfer-encoding": "chunked" }),
      stream: { chunkBytes: 64 * 1024, everyMs: 2, chunked: true },
    });
    expect([streamed.status, codeOf(streamed.body)]).toEqual([413, "TOO_LARGE"]);
    expect(streamed.sentBeforeAnswer).toBeLessThan(MB + 8 * MB);
  });

  it("drops a client that does not finish its headers, or its body, in time", async () => {
    const headers = await rawRequest({
      port: web.port,
      head: `GET / HTTP/1.1\r\nhost: 127.0.0.1:${web.port}\r\n`,
      endHeaders: false,
    });
    expect(headers.ms).toBeLessThan(2500);
    expect([0, 408]).toContain(headers.status);
    const body = await rawRequest({
      port: web.port,
      head: head("POST", "/api/signIn", { "content-length": 10_000 }),
      stream: { chunkBytes: 5, everyMs: 100, chunked: false },
    });
    expect(body.ms).toBeLessThan(3500);
    expect([0, 408]).toContain(body.status);
  });

  it("answers 400 to malformed addresses and 404 to channel names that name object members", async () => {
    for (const path of ["/api/%zz", "/api/%E0%A4%A", "/%zz", "/assets/%E0%A4%A.js", "/api/describe%"]) {
      const r = await rawRequest({
        port: web.port,
        head: head("POST", path, { "content-length": 2 }),
        body: "{}",
      });
      expect([path, r.status]).toEqual([path, 400]);
      const g = await rawRequest({ port: web.port, head: head("GET", path) });
      expect([path, g.status]).toEqual([path, 400]);
    }
    for (const name of ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf"]) {
      const r = await rawRequest({
        port: web.port,
        head: head("POST", `/api/${name}`, { authorization: `Bearer ${token}`, "content-length": 2 }),
        body: "{}",
      });
      expect([name, r.status, codeOf(r.body)]).toEqual([name, 404, "UNKNOWN_CHANNEL"]);
    }
    expect(logged).toEqual([]);
  });
});

import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestHost, type TestHost } from "./http-support.js";

// The browser host answers only the page it printed: the launch secret, the Host header and the Origin header are
// each checked, so another local program or a web page in the user's browser cannot drive it.

let host: TestHost;

beforeAll(async () => {
  host = await startTestHost();
});
afterAll(async () => {
  await host?.close();
});

/** A raw request, so the Host header can be anything (fetch would not let us set it). */
function raw(
  path: string,
  headers: Record<string, string>,
  method = "GET",
  body?: string,
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port: host.web.port, path, method, headers }, (res) => {
      let text = "";
      res.on("data", (c) => {
        text += c;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

const ours = () => `127.0.0.1:${host.web.port}`;

describe("the browser host's guards", () => {
  it("listens on 127.0.0.1 and prints an address carrying the launch secret", () => {
    expect(host.web.url).toBe(
      `http://127.0.0.1:${host.web.port}/?secret=${encodeURIComponent(host.web.secret)}`,
    );
    expect(host.web.secret.length).toBeGreaterThanOrEqual(32);
  });

  it("refuses calls without the launch secret, or with a wrong one", async () => {
    const missing = await raw("/api/setupStatus", { host: ours() }, "POST", "{}");
    expect(missing.status).toBe(401);
    expect(JSON.parse(missing.body).error.code).toBe("LAUNCH_SECRET_REQUIRED");
    const wrong = await raw("/api/setupStatus", { host: ours(), "x-hms-secret": "guessed" }, "POST", "{}");
    expect(wrong.status).toBe(403);
    expect(JSON.parse(wrong.body).error.code).toBe("LAUNCH_SECRET_WRONG");
    const page = await raw("/", { host: ours() });
    expect(page.status).toBe(401);
    const events = await raw("/api", { host: ours(), cookie: "hms_secret_1=nope" });
    expect(events.status).toBe(401);
  });

  it("refuses a foreign Host header (DNS rebinding), even with the secret", async () => {
    for (const h of [
      `evil.example:${host.web.port}`,
      "127.0.0.1:1",
      `localhost.evil.example:${host.web.port}`,
    ]) {
      const r = await raw("/api/setupStatus", { host: h, "x-hms-secret": host.web.secret }, "POST", "{}");
      expect(r.status, h).toBe(421);
      expect(JSON.parse(r.body).error.code).toBe("FOREIGN_HOST");
    }
    const local = await raw(
      "/api/setupStatus",
      { host: `localhost:${host.web.port}`, "x-hms-secret": host.web.secret },
      "POST",
      "{}",
    );
    expect(local.status).toBe(200);
  });

  it("refuses a foreign Origin or a cross-site fetch, even with the secret", async () => {
    const headers = { host: ours(), "x-hms-secret": host.web.secret, "content-type": "application/json" };
    for (const origin of ["https://evil.example", `http://127.0.0.1:${host.web.port + 1}`, "null"]) {
      const r = await raw("/api/setupStatus", { ...headers, origin }, "POST", "{}");
      expect(r.status, origin).toBe(403);
      expect(JSON.parse(r.body).error.code).toBe("FOREIGN_ORIGIN");
    }
    const crossSite = await raw(
      "/api/setupStatus",
      { ...headers, "sec-fetch-site": "cross-site" },
      "POST",
      "{}",
    );
    expect(crossSite.status).toBe(403);
    const same = await raw("/api/setupStatus", { ...headers, origin: `http://${ours()}` }, "POST", "{}");
    expect(same.status).toBe(200);
  });

  it("turns the printed address into an HttpOnly same-site cookie and drops the secret from the URL", async () => {
    const open = await raw(`/?secret=${encodeURIComponent(host.web.secret)}`, { host: ours() });
    expect(open.status).toBe(303);
    expect(open.headers.location).toBe("/");
    const cookie = String((open.headers["set-cookie"] as string[])[0]);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const r = await raw(
      "/api/setupStatus",
      { host: ours(), cookie: cookie.split(";")[0] as string },
      "POST",
      "{}",
    );
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ ok: true, value: { needsSetup: true, clinicName: null } });
    const wrong = await raw("/?secret=nope", { host: ours() });
    expect(wrong.status).toBe(403);
  });

  it("answers unknown channels, bad JSON and wrong methods with error values, never a stack trace", async () => {
    const headers = { host: ours(), "x-hms-secret": host.web.secret };
    const unknown = await raw("/api/dropTables", headers, "POST", "{}");
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body).error.code).toBe("UNKNOWN_CHANNEL");
    const bad = await raw("/api/signIn", headers, "POST", "{not json");
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error.code).toBe("INVALID_JSON");
    const get = await raw("/api/signIn", headers);
    expect(get.status).toBe(405);
    for (const r of [unknown, bad, get]) expect(r.body).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it("sends security headers with every answer", async () => {
    const r = await raw("/api", { host: ours(), "x-hms-secret": host.web.secret });
    expect(r.status).toBe(200);
    expect(r.headers["content-security-policy"]).toMatch(/default-src 'self'/);
    expect(r.headers["x-content-type-options"]).toBe("nosniff");
    expect(JSON.parse(r.body).channels.length).toBeGreaterThan(40);
  });
});

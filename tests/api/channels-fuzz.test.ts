import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWebHost, type WebHost } from "../../api/http/host.js";
import type { ApiReply } from "../../api/reply.js";
import { tempDir } from "../support/temp-db.js";
import { setUpClinic, type TestHost } from "./http-support.js";

// Hostile input to every channel GET /api lists: bodies that are not objects, keys and ids that name object
// prototype members (__proto__, constructor, toString), malformed escapes, huge and odd values in each field. Each
// channel is called by a role it allows, so the input reaches its handler when it parses. Nothing may answer 5xx,
// and the host logs nothing (no stack trace) for any of it.

interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
}
interface Described {
  name: string;
  roles: "public" | string[];
  input: JsonSchema;
}
type Who = "admin" | "reception" | "doctor" | "lab";

const prototypeNames = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "prototype"];
const hostileValues: unknown[] = [
  ...prototypeNames,
  "%zz",
  "%E0%A4%A",
  "",
  " ",
  "\u0000",
  "\ud800",
  "../../etc/passwd",
  "x".repeat(20_000),
  -1,
  0,
  1.5,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER + 2,
  true,
  null,
  [],
  ["__proto__"],
  {},
  JSON.parse('{"__proto__": {"polluted": true}}'),
  { constructor: { prototype: { polluted: true } } },
  "2026-02-30",
  "9999-12-31T23:59:59.999Z",
];
const hostileBodies = [
  "null",
  "[]",
  '"text"',
  "42",
  "true",
  "{",
  "\u0000",
  '{"__proto__": {"polluted": true}}',
  '{"constructor": {"prototype": {"polluted": true}}}',
  `${"[".repeat(5000)}${"]".repeat(5000)}`,
  `{"a": ${'{"a": '.repeat(2000)}1${"}".repeat(2000)}}`,
];

/** A value of the right type, so that the other fields parse and the hostile one reaches as far as it can. */
function plausible(s: JsonSchema | undefined): unknown {
  if (!s) return "x";
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return s.enum[0];
  const alt = s.anyOf ?? s.oneOf;
  if (alt?.length) return plausible(alt.find((a) => a.type !== "null") ?? alt[0]);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== "null") : s.type;
  switch (type) {
    case "number":
    case "integer":
      return 1;
    case "boolean":
      return true;
    case "array":
      return [];
    case "object":
      return Object.fromEntries((s.required ?? []).map((k) => [k, plausible(s.properties?.[k])]));
    default:
      return "x";
  }
}

function hostileInputs(schema: JsonSchema): unknown[] {
  const base = plausible({ ...schema, type: "object" }) as Record<string, unknown>;
  const inputs: unknown[] = [];
  for (const key of Object.keys(schema.properties ?? {}))
    for (const v of hostileValues) inputs.push({ ...base, [key]: v });
  for (const key of prototypeNames) {
    const withKey = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
    Object.defineProperty(withKey, key, { value: "x", enumerable: true });
    inputs.push(withKey);
  }
  return inputs;
}

let web: WebHost;
let cleanup: () => void;
const logged: string[] = [];
const tokens = {} as Record<Who, string>;
const usernames = {} as Record<Who, string>;

async function post(path: string, body: string, token: string | null): Promise<Response> {
  return fetch(`http://127.0.0.1:${web.port}${path}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-hms-secret": web.secret,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body,
  });
}

/** A new session for one caller (hostile input may have signed out or locked the last one). */
async function signInAgain(who: Who): Promise<string> {
  const signed = (await (
    await post("/api/signIn", JSON.stringify({ username: usernames[who], password: passwords[who] }), null)
  ).json()) as ApiReply;
  if (!signed.ok) throw new Error(`${who} could not sign in again: ${signed.error.message}`);
  tokens[who] = (signed.value as { token: string }).token;
  return tokens[who];
}
const passwords = {} as Record<Who, string>;

beforeAll(async () => {
  const temp = tempDir("hms-fuzz-");
  cleanup = temp.cleanup;
  web = await startWebHost({
    dbPath: join(temp.dir, "clinic.sqlite"),
    rendererDir: join(temp.dir, "no-renderer"),
    log: (line) => logged.push(line),
  });
  const host: TestHost = {
    web,
    base: `http://127.0.0.1:${web.port}`,
    async call(channel, input, token = null) {
      const res = await post(`/api/${channel}`, JSON.stringify(input), token);
      return { ...((await res.json()) as ApiReply), httpStatus: res.status };
    },
    close: async () => undefined,
  };
  const people = await setUpClinic(host);
  for (const who of ["admin", "reception", "doctor", "lab"] as const) {
    tokens[who] = people[who].token;
    usernames[who] = people[who].username;
  }
  passwords.admin = "Harbour-Lantern-91";
  passwords.reception = passwords.doctor = passwords.lab = "Mango-Tractor-27";
  // One visit so that channels about visits have something real beside the hostile ids.
  await host.call("registerPatient", { name: "Amina Yusuf", sex: "female" }, tokens.reception);
}, 120_000);

afterAll(async () => {
  await web?.close();
  cleanup?.();
});

describe("hostile input to every channel", () => {
  it("never answers 5xx and logs nothing, whatever the path, body or field", async () => {
    const listed = (await (
      await fetch(`http://127.0.0.1:${web.port}/api`, { headers: { "x-hms-secret": web.secret } })
    ).json()) as { channels: Described[] };
    expect(listed.channels.length).toBeGreaterThan(40);
    const failures: string[] = [];
    const statuses: Record<number, number> = {};
    const check = async (what: string, res: Response) => {
      const text = await res.text();
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      if (res.status >= 500) failures.push(`${what} -> ${res.status} ${text.slice(0, 200)}`);
    };
    /** Calls as `who`; a session the last input ended or locked is replaced and the call made again. */
    const callAs = async (who: Who | null, channel: string, body: string) => {
      const res = await post(`/api/${channel}`, body, who ? tokens[who] : null);
      if (!who || res.status !== 401) return res;
      await res.body?.cancel();
      return post(`/api/${channel}`, body, await signInAgain(who));
    };

    for (const name of [...prototypeNames, "%zz", "%E0%A4%A", "describe%00", "..%2f..%2fetc", ""])
      await check(`POST /api/${name}`, await post(`/api/${name}`, "{}", tokens.admin));

    // Channels that end or lock the caller's session go last, so the others are reached with an open one.
    const last = new Set(["signOut", "lock", "unlock", "changePassword", "setStaffActive", "changeRole"]);
    const ordered = [...listed.channels].sort((a, b) => Number(last.has(a.name)) - Number(last.has(b.name)));
    let calls = 0;
    for (const channel of ordered) {
      const who: Who | null =
        channel.roles === "public" ? null : ((channel.roles.find((r) => r !== "admin") ?? "admin") as Who);
      for (const body of hostileBodies)
        await check(`${channel.name} body ${body.slice(0, 40)}`, await callAs(who, channel.name, body));
      for (const input of hostileInputs(channel.input)) {
        calls++;
        const body = JSON.stringify(input);
        await check(`${channel.name} ${body.slice(0, 120)}`, await callAs(who, channel.name, body));
      }
    }
    expect(calls).toBeGreaterThan(1000);
    // Most hostile ids parse and reach a handler, which answers that it knows no such thing.
    expect(statuses[422]).toBeGreaterThan(500);
    expect(failures).toEqual([]);
    expect(logged).toEqual([]);
    // Nothing reached Object.prototype.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 600_000);
});

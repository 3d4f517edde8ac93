import { join } from "node:path";
import { startWebHost, type WebHost } from "../../api/http/host.js";
import type { ApiReply } from "../../api/reply.js";
import { tempDir } from "../support/temp-db.js";

// A browser host on a real temp database file, and a small caller that speaks to it the way a program would: the
// launch secret in x-hms-secret, the session token as a bearer token.

export interface TestHost {
  web: WebHost;
  base: string;
  call(
    channel: string,
    input: unknown,
    token?: string | null,
    headers?: Record<string, string>,
  ): Promise<Reply>;
  close(): Promise<void>;
}

export type Reply = ApiReply & { httpStatus: number };

export async function startTestHost(): Promise<TestHost> {
  const { dir, cleanup } = tempDir("hms-api-");
  const web = await startWebHost({
    dbPath: join(dir, "clinic.sqlite"),
    rendererDir: join(dir, "no-renderer"),
  });
  const base = `http://127.0.0.1:${web.port}`;
  return {
    web,
    base,
    async call(channel, input, token = null, headers = {}) {
      const res = await fetch(`${base}/api/${channel}`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-hms-secret": web.secret,
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
        body: JSON.stringify(input),
      });
      return { ...((await res.json()) as ApiReply), httpStatus: res.status };
    },
    async close() {
      await web.close();
      cleanup();
    },
  };
}

export function value<T = Record<string, unknown>>(reply: Reply): T {
  if (!reply.ok)
    throw new Error(`Expected success, got ${reply.status} ${reply.error.code}: ${reply.error.message}`);
  return reply.value as T;
}

export const ADMIN_PASSWORD = "Harbour-Lantern-91";
export const STAFF_PASSWORD = "Mango-Tractor-27";

/** First-run setup, then one member of staff per role, each signed in. */
export async function setUpClinic(host: TestHost) {
  const setup = value<{ token: string; staff: { id: string } }>(
    await host.call("setupClinic", {
      clinicName: "Riverside Clinic",
      adminName: "Ada Admin",
      username: "ada",
      password: ADMIN_PASSWORD,
    }),
  );
  const people = {} as Record<
    "reception" | "doctor" | "lab",
    { id: string; token: string; username: string }
  >;
  const names = { reception: "Rita Mensah", doctor: "Dr Daniel Okoro", lab: "Lena Laboratory" } as const;
  for (const role of ["reception", "doctor", "lab"] as const) {
    const username = `${role}1`;
    const added = value<{ staff: { id: string } }>(
      await host.call(
        "addStaff",
        { name: names[role], role, username, password: STAFF_PASSWORD },
        setup.token,
      ),
    );
    const signed = value<{ token: string }>(
      await host.call("signIn", { username, password: STAFF_PASSWORD }),
    );
    people[role] = { id: added.staff.id, token: signed.token, username };
  }
  return { admin: { id: setup.staff.id, token: setup.token, username: "ada" }, ...people };
}

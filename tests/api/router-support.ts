import { join } from "node:path";
import { createRouter, type Router } from "../../api/router.js";
import { type ClinicDb, openClinicDb } from "../../db/open.js";
import { tempDir } from "../support/temp-db.js";

// A clinic behind the router on a real temp database file: the founding admin and one signed-in member of staff
// per role, and a caller that says who is calling. The same router the IPC and HTTP adapters mount.

export type Who = "admin" | "reception" | "doctor" | "lab";

export interface RouterClinic {
  db: ClinicDb;
  router: Router;
  ids: Record<Who, string>;
  call(who: Who | null, channel: string, input: unknown): ReturnType<Router["call"]>;
  ok<T = Record<string, unknown>>(who: Who | null, channel: string, input: unknown): Promise<T>;
  close(): void;
}

const PASSWORD = "Harbour-Lantern-91";

export async function routerClinic(now?: () => Date): Promise<RouterClinic> {
  const { dir, cleanup } = tempDir("hms-router-");
  const db = openClinicDb(join(dir, "clinic.sqlite"));
  const router = createRouter({ db, ...(now ? { now } : {}), log: () => {} });
  const tokens = {} as Record<Who, string>;
  const ids = {} as Record<Who, string>;
  const call = (who: Who | null, channel: string, input: unknown) =>
    router.call(channel, input, { sessionToken: who ? tokens[who] : null, transport: "http" });
  const ok = async <T>(who: Who | null, channel: string, input: unknown): Promise<T> => {
    const r = await call(who, channel, input);
    if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
    return r.value as T;
  };
  const setup = await ok<{ token: string; staff: { id: string } }>(null, "setupClinic", {
    clinicName: "Riverside Clinic",
    adminName: "Ada Admin",
    username: "ada",
    password: PASSWORD,
  });
  tokens.admin = setup.token;
  ids.admin = setup.staff.id;
  const names = { reception: "Rita Mensah", doctor: "Dr Daniel Okoro", lab: "Lena Laboratory" } as const;
  for (const role of ["reception", "doctor", "lab"] as const) {
    const added = await ok<{ staff: { id: string } }>("admin", "addStaff", {
      name: names[role],
      role,
      username: `${role}1`,
      password: PASSWORD,
    });
    ids[role] = added.staff.id;
    tokens[role] = (
      await ok<{ token: string }>(null, "signIn", { username: `${role}1`, password: PASSWORD })
    ).token;
  }
  await ok("admin", "updateSettings", { consultationFee: 150, currency: "KES" });
  return {
    db,
    router,
    ids,
    call,
    ok,
    close() {
      db.close();
      cleanup();
    },
  };
}

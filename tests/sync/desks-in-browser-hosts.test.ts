import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWebHost, type WebHost } from "../../api/http/host.js";
import type { ApiReply } from "../../api/reply.js";
import { startClinic, type TestClinic } from "./support/clinic.js";
import { hms, waitFor } from "./support/processes.js";

// The README's multi-desk set-up, as a clinic would run it: one sync server, two desks each enrolled with
// `hms enroll` and served by the browser host with its built-in sync job. Staff made at reception can sign in at the
// doctor's desk, the clinic's settings hold there too, and a visit registered at reception reaches the doctor's
// queue without anyone pressing sync.

let clinic: TestClinic;
const hosts: Record<"reception" | "doctor", WebHost> = {} as never;
const PASSWORD = "Cobalt-Heron-73";

async function call<T>(
  desk: keyof typeof hosts,
  channel: string,
  input: unknown,
  token?: string,
): Promise<T> {
  const web = hosts[desk];
  const res = await fetch(`http://127.0.0.1:${web.port}/api/${channel}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-hms-secret": web.secret,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(input),
  });
  const reply = (await res.json()) as ApiReply;
  if (!reply.ok) throw new Error(`${desk} ${channel}: ${reply.error.code} ${reply.error.message}`);
  return reply.value as T;
}

beforeAll(async () => {
  clinic = await startClinic();
  const [a, b] = clinic.codes(2) as [string, string];
  for (const [desk, code] of [
    ["reception", a],
    ["doctor", b],
  ] as const) {
    const dbPath = join(clinic.dir, `${desk}-desk.sqlite`);
    hms(["enroll", "--db", dbPath, "--server", clinic.server.url, "--code", code, "--name", desk]);
    hosts[desk] = await startWebHost({ dbPath, rendererDir: join(clinic.dir, "none"), sync: true });
  }
}, 120_000);

afterAll(async () => {
  await Promise.all(Object.values(hosts).map((h) => h.close()));
  await clinic?.close();
});

describe("two desks in browser hosts, synced through the central server", () => {
  it("carries staff and a registered visit from reception to the doctor's queue by itself", async () => {
    const admin = await call<{ token: string }>("reception", "setupClinic", {
      clinicName: "Riverside Clinic",
      adminName: "Ada Admin",
      username: "ada",
      password: PASSWORD,
    });
    const doctor = await call<{ staff: { id: string } }>(
      "reception",
      "addStaff",
      { name: "Dr Daniel Okoro", role: "doctor", username: "daniel", password: PASSWORD },
      admin.token,
    );
    const { patient } = await call<{ patient: { id: string } }>(
      "reception",
      "registerPatient",
      { name: "Amina Yusuf", sex: "female" },
      admin.token,
    );
    await call("reception", "updateSettings", { consultationFee: 500, currency: "KES" }, admin.token);
    await call(
      "reception",
      "saveCatalogueTest",
      { code: "HBA1C", name: "HbA1c", price: 20, specimen: "Blood" },
      admin.token,
    );
    await call("reception", "syncNow", {}, admin.token);

    // The doctor's desk learns of its staff through sync, then the doctor signs in there with the same password.
    const session = await waitFor("the doctor's account on the doctor's desk", async () => {
      try {
        return await call<{ token: string }>("doctor", "signIn", { username: "daniel", password: PASSWORD });
      } catch {
        return undefined;
      }
    });
    const visit = await call<{ visitId: string; tokenNumber: string }>(
      "reception",
      "registerVisit",
      { patientId: patient.id, doctorId: doctor.staff.id, consultationFee: 500 },
      admin.token,
    );
    // No sync call: the reception desk pushes right after the append, the doctor's desk is woken by the server.
    const queued = await waitFor("the visit in the doctor's queue", async () => {
      const q = await call<{
        entries: { visitId: string; tokenNumber: string; patientName: string | null }[];
      }>("doctor", "queue", {}, session.token);
      return q.entries.find((v) => v.visitId === visit.visitId);
    });
    expect(queued.tokenNumber).toBe(visit.tokenNumber);
    expect(queued.patientName).toBe("Amina Yusuf");

    const status = await call<{ available: boolean; enrolled: boolean; online: boolean; pending: number }>(
      "doctor",
      "syncStatus",
      {},
      session.token,
    );
    expect(status).toMatchObject({ available: true, enrolled: true, online: true, pending: 0 });

    // The clinic's settings and test catalogue, set once at reception, hold on the doctor's desk too.
    const settings = await call<{
      clinicName: string;
      consultationFee: number | null;
      currency: string | null;
    }>("doctor", "settings", {}, session.token);
    expect(settings).toMatchObject({ clinicName: "Riverside Clinic", consultationFee: 500, currency: "KES" });
    const catalogue = await call<{ tests: { code: string }[] }>("doctor", "testCatalogue", {}, session.token);
    expect(catalogue.tests.map((t) => t.code)).toContain("HBA1C");
  });
});

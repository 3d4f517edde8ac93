import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWebHost, type WebHost } from "../../api/http/host.js";
import type { ApiReply } from "../../api/reply.js";
import { tempDir } from "../support/temp-db.js";
import { startClinic, type TestClinic } from "../sync/support/clinic.js";
import { hms } from "../sync/support/processes.js";

// The clinic's settings, catalogue and preferences are records marked for the next push by triggers. A second save
// while the first mark was still waiting (always, on a desk that is not enrolled) used to answer 500 "UNIQUE
// constraint failed: record_outbox". An administrator saves each of them many times, on a desk that is not enrolled
// and on one that is, and every save lands.

const PASSWORD = "Harbour-Lantern-91";
let clinic: TestClinic;
let cleanup: () => void;
const hosts: Record<"alone" | "enrolled", WebHost> = {} as never;

async function call(web: WebHost, channel: string, input: unknown, token?: string): Promise<ApiReply> {
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
  expect(res.status, `${channel}: ${JSON.stringify(reply)}`).toBe(200);
  return reply;
}
const answerOf = <T>(r: ApiReply) => (r.ok ? (r.value as T) : (undefined as never));

beforeAll(async () => {
  const temp = tempDir("hms-saves-");
  cleanup = temp.cleanup;
  hosts.alone = await startWebHost({
    dbPath: join(temp.dir, "alone.sqlite"),
    rendererDir: join(temp.dir, "none"),
    sync: true,
  });
  clinic = await startClinic();
  const dbPath = join(clinic.dir, "enrolled.sqlite");
  hms(["enroll", "--db", dbPath, "--server", clinic.server.url, "--code", clinic.codes(1)[0] as string]);
  hosts.enrolled = await startWebHost({ dbPath, rendererDir: join(clinic.dir, "none"), sync: true });
}, 120_000);

afterAll(async () => {
  await Promise.all(Object.values(hosts).map((h) => h?.close()));
  await clinic?.close();
  cleanup?.();
});

describe.each(["alone", "enrolled"] as const)("saving many times on a desk %s", (desk) => {
  let token: string;
  beforeAll(async () => {
    const setup = await call(hosts[desk], "setupClinic", {
      clinicName: "Riverside Clinic",
      adminName: "Ada Admin",
      username: "ada",
      password: PASSWORD,
    });
    token = answerOf<{ token: string }>(setup).token;
  });

  it("saves the clinic settings again and again", async () => {
    for (let i = 1; i <= 6; i++) {
      const saved = await call(
        hosts[desk],
        "updateSettings",
        { clinicName: `Riverside Clinic ${i}`, consultationFee: 100 + i, lockAfterMinutes: i },
        token,
      );
      expect(saved).toMatchObject({
        ok: true,
        value: { clinicName: `Riverside Clinic ${i}`, consultationFee: 100 + i },
      });
    }
    const read = await call(hosts[desk], "settings", {}, token);
    expect(read).toMatchObject({ value: { clinicName: "Riverside Clinic 6", lockAfterMinutes: 6 } });
  });

  it("saves one catalogue test again and again, and other tests beside it", async () => {
    for (let i = 1; i <= 6; i++) {
      for (const code of ["HBA1C", `T${i}`]) {
        const saved = await call(
          hosts[desk],
          "saveCatalogueTest",
          { code, name: `Test ${code}`, price: 10 * i, specimen: "Blood" },
          token,
        );
        expect(saved.ok).toBe(true);
      }
    }
    const { tests } = answerOf<{ tests: { code: string; price: number }[] }>(
      await call(hosts[desk], "testCatalogue", {}, token),
    );
    expect(tests.find((t) => t.code === "HBA1C")?.price).toBe(60);
    for (let i = 1; i <= 6; i++) expect(tests.find((t) => t.code === `T${i}`)?.price).toBe(10 * i);
  });

  it("saves the preferences again and again", async () => {
    for (let i = 1; i <= 6; i++) {
      const saved = await call(
        hosts[desk],
        "updateClinicPreferences",
        { departments: [`Ward ${i}`, "Outpatients"], secondPersonApproval: i % 2 === 0, locale: "en-KE" },
        token,
      );
      expect(saved).toMatchObject({ ok: true, value: { departments: [`Ward ${i}`, "Outpatients"] } });
    }
    const read = await call(hosts[desk], "clinicPreferences", {}, token);
    expect(read).toMatchObject({ value: { secondPersonApproval: true, locale: "en-KE" } });
  });
});

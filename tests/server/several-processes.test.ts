import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "../support/temp-db.js";
import { converged } from "../sync/support/converge.js";
import { type DeskProcess, type ServerProcess, startDesk } from "../sync/support/processes.js";
import { visitEvents } from "../sync/support/visits.js";
import { type Balancer, startBalancer } from "./support/balancer.js";
import { createTestDatabase, type TestDatabase } from "./support/databases.js";
import { startPostgresServer, syncServerJson } from "./support/postgres-servers.js";

// Three sync-server processes on one PostgreSQL behind a round-robin balancer, six desks each in its own process
// and file. One server process is killed (SIGKILL) while every desk is pushing: the desks carry on through the
// other two and end holding the same events, each once, in one gap-free order that the server holds too.

let database: TestDatabase;
let servers: ServerProcess[] = [];
let balancer: Balancer;
let desks: DeskProcess[] = [];
let clinicId: string;
const patient: Record<string, string> = {};
const folder = tempDir("hms-pg-desks-");

beforeAll(async () => {
  database = await createTestDatabase();
  // All three start at once: the migrations run once, under the advisory lock.
  servers = await Promise.all([0, 1, 2].map(() => startPostgresServer(database.url)));
  balancer = await startBalancer(servers.map((s) => s.url));
  clinicId = syncServerJson<{ id: string }>(database.url, "create-clinic", ["--name", "District Clinic"]).id;
  const { codes } = syncServerJson<{ codes: string[] }>(database.url, "enrolment-code", [
    "--clinic",
    clinicId,
    "--count",
    "6",
  ]);
  desks = await Promise.all(
    ["reception", "triage", "doctor", "lab", "pharmacy", "billing"].map((name) =>
      startDesk(name, join(folder.dir, `${name}.sqlite`)),
    ),
  );
  for (const [i, desk] of desks.entries()) await desk.enroll(balancer.url, codes[i] as string);
  for (const desk of desks) {
    const r = await desk.call<{ value: { id: string } }>("registerPatient", {
      name: `Patient of ${desk.name}`,
      sex: "female",
    });
    patient[desk.name] = r.value.id;
    await desk.start();
  }
});

afterAll(async () => {
  await Promise.all(desks.map((d) => d.exit()));
  await balancer?.close();
  await Promise.all(servers.map((s) => s.stop()));
  await database?.drop();
  folder.cleanup();
});

describe("three sync-server processes on one PostgreSQL", () => {
  it("lose nothing and double nothing when one is killed in the middle of pushes", async () => {
    const visitsPerDesk = 6;
    let finished = false;
    const pushing: Promise<unknown> = Promise.all(
      desks.map(async (desk) => {
        for (let v = 0; v < visitsPerDesk; v++) {
          await desk.append(visitEvents(`visit_${desk.name}_${v}`, patient[desk.name] as string));
          await new Promise((r) => setTimeout(r, 150));
        }
      }),
    )
      .then(() => {
        finished = true;
      })
      .catch((err: unknown) => err);
    // Kill one process once the clinic's log has started to fill, while the desks are still recording.
    await new Promise((r) => setTimeout(r, 900));
    const killed = servers[1] as ServerProcess;
    expect(finished, "the desks were still recording when the server process was killed").toBe(false);
    await killed.kill();
    expect(await pushing).not.toBeInstanceOf(Error);

    const expected = desks.length * visitsPerDesk * 10;
    const state = await converged(desks, expected);
    const ids = state.events.map((e) => e.id as string);
    expect(new Set(ids).size).toBe(expected);
    expect(state.tables.patients).toHaveLength(desks.length);
    for (const desk of desks)
      expect(state.events.filter((e) => e.deviceId === desk.deviceId)).toHaveLength(visitsPerDesk * 10);

    // The server holds exactly the same events, under the same sequences, whichever process stored them.
    const [status] = syncServerJson<{ eventHead: number; devices: { id: string; eventsHeld: number }[] }[]>(
      database.url,
      "devices",
      ["--clinic", clinicId],
    );
    expect(status?.eventHead).toBe(expected);
    expect(status?.devices.map((d) => d.eventsHeld)).toEqual(desks.map(() => visitsPerDesk * 10));
    expect(killed.proc.signalCode).toBe("SIGKILL");
  });
});

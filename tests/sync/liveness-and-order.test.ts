import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startClinic, type TestClinic } from "./support/clinic.js";
import { type DeskProcess, waitFor } from "./support/processes.js";

// Real processes with the clinic's own timings (a round every 30 s when nothing happens, long polls otherwise):
// - an idle desk sees another desk's new visit within 2 s of the sync server coming back after a crash, because a
//   failed long poll is asked again after a short pause instead of being left to the 30 s timer;
// - a visit never reaches a desk before its patient, even when patients and visits are registered while records
//   are on their way to the server.

const clinicTimings = { intervalMs: 30_000 };
let clinic: TestClinic;
let a: DeskProcess;
let b: DeskProcess;

const count = (desk: DeskProcess) => desk.call<number>("count");
const idle = (desk: DeskProcess) =>
  waitFor(`${desk.name} idle`, async () => (await desk.status()).state === "idle", 60_000);

beforeAll(async () => {
  clinic = await startClinic();
  a = await clinic.desk("a", { start: false });
  b = await clinic.desk("b", { start: false });
  await b.call("watchOrder");
  await a.start(clinicTimings);
  await b.start(clinicTimings);
  await Promise.all([idle(a), idle(b)]);
}, 120_000);

afterAll(async () => {
  await clinic?.close();
});

describe("liveness and order between desks", () => {
  it("shows another desk's visit on an idle desk within 2 s of the server's restart", async () => {
    await b.call("registerVisit", { visitId: "V-before", name: "Before Crash" });
    await waitFor("the first visit at desk a", async () => (await count(a)) === 1, 20_000);

    await clinic.server.kill();
    // Both desks' long polls fail while the server is away; neither runs a round (nothing to push, timer far off).
    await new Promise((r) => setTimeout(r, 3000));
    await clinic.restartServer();
    const back = Date.now();
    await b.call("registerVisit", { visitId: "V-after", name: "After Crash" });
    await waitFor("the new visit at desk a", async () => (await count(a)) === 2, 10_000);
    const took = Date.now() - back;
    expect(took).toBeLessThan(2000);
  }, 120_000);

  it("never stores a visit before its patient, while patients and visits are registered during pushes", async () => {
    const total = 40;
    for (let i = 0; i < total; i++) {
      await a.call("registerVisit", { visitId: `V-order-${i}`, name: `Patient ${i}` });
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 40)));
    }
    await waitFor("every visit at desk b", async () => (await count(b)) === total + 2, 60_000);
    expect(await b.call<string[]>("orphans")).toEqual([]);
    const state = await b.state();
    expect(state.tables.patients?.length).toBe(total + 2);
  }, 120_000);
});

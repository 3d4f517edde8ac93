import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RouterClinic, routerClinic } from "./router-support.js";

// The lab's results typed by the clinic's catalogue over the router: letters in a numeric result are refused and
// nothing is written; values are flagged; "Positive" against "Negative" is abnormal; a fever is flagged.

let c: RouterClinic;
let visitId: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  c = await routerClinic();
  const patient = (
    await c.ok<{ patient: { id: string } }>("reception", "registerPatient", {
      name: "Asha Njeri",
      sex: "female",
    })
  ).patient;
  ({ visitId } = await c.ok<{ visitId: string }>("reception", "registerVisit", {
    patientId: patient.id,
    doctorId: c.ids.doctor,
  }));
  await c.ok("doctor", "callPatient", { visitId, roomNumber: "1" });
  await c.ok("doctor", "enterRoom", { visitId });
  const ordered = await c.ok<{ testOrderIds: string[] }>("doctor", "orderTests", {
    visitId,
    tests: [{ name: "Full blood count" }, { name: "Malaria rapid test" }],
  });
  [ids.fbc, ids.mal] = ordered.testOrderIds as [string, string];
  for (const testOrderId of ordered.testOrderIds) {
    await c.ok("lab", "collectSample", { visitId, testOrderId });
    await c.ok("lab", "startTest", { visitId, testOrderId });
  }
});
afterAll(() => c?.close());

const events = () => c.db.sqlite.prepare("SELECT COUNT(*) FROM visit_events").pluck().get() as number;

describe("results typed by the catalogue", () => {
  it("letters in a numeric result are refused, naming the analyte, and nothing is written", async () => {
    const before = events();
    const r = await c.call("lab", "recordResult", {
      visitId,
      testOrderId: ids.fbc,
      results: [
        { analyte: "Haemoglobin", value: "abc" },
        { analyte: "Platelets", value: "2S0" },
      ],
    });
    expect(r).toMatchObject({
      ok: false,
      status: 400,
      error: { code: "INVALID_INPUT", field: "results.0.value" },
    });
    if (!r.ok)
      expect((r.error.details as { field: string; message: string }[]).map((d) => d.message)).toEqual([
        'Haemoglobin must be a number, like 13.5 or 13,5 ("abc" is not one).',
        'Platelets must be a number, like 13.5 or 13,5 ("2S0" is not one).',
      ]);
    expect(events()).toBe(before);
  });

  it("numbers with a decimal comma are stored as numbers with the catalogue's unit and flags", async () => {
    await c.ok("lab", "recordResult", {
      visitId,
      testOrderId: ids.fbc,
      results: [
        { analyte: "Haemoglobin", value: "10,4" },
        { analyte: "White cells", value: 7 },
        { analyte: "Platelets", value: "520" },
      ],
    });
    const { tests } = await c.ok<{ tests: { testOrderId: string; results: unknown[] }[] }>(
      "lab",
      "labWorklist",
      {
        visitId,
        includeDone: true,
      },
    );
    expect(tests.find((t) => t.testOrderId === ids.fbc)?.results).toEqual([
      expect.objectContaining({ analyte: "Haemoglobin", value: 10.4, unit: "g/dL", flag: "low" }),
      expect.objectContaining({ analyte: "White cells", value: 7, flag: "normal" }),
      expect.objectContaining({ analyte: "Platelets", value: 520, unit: "10^9/L", flag: "high" }),
    ]);
  });

  it("a qualitative result takes only its allowed values; Positive against Negative is abnormal", async () => {
    const wrong = await c.call("lab", "recordResult", {
      visitId,
      testOrderId: ids.mal,
      results: [{ analyte: "Plasmodium antigen", value: "Pos" }],
    });
    expect(wrong).toMatchObject({
      ok: false,
      error: { message: "Plasmodium antigen must be one of: Negative, Positive." },
    });
    await c.ok("lab", "recordResult", {
      visitId,
      testOrderId: ids.mal,
      results: [{ analyte: "Plasmodium antigen", value: "positive" }],
    });
    const { tests } = await c.ok<{ tests: { testOrderId: string; results: unknown[] }[] }>(
      "lab",
      "labWorklist",
      {
        visitId,
        includeDone: true,
      },
    );
    expect(tests.find((t) => t.testOrderId === ids.mal)?.results).toEqual([
      expect.objectContaining({ value: "Positive", flag: "abnormal", referenceRange: "Negative" }),
    ]);
  });

  it("a temperature of 38.5 °C is flagged as a fever, on the answer and on the journey", async () => {
    const r = await c.ok<{ flags: { code: string }[] }>("doctor", "recordVitals", {
      visitId,
      vitals: { temperatureC: 38.5, pulse: 80 },
    });
    expect(r.flags.map((f) => f.code)).toEqual(["FEVER"]);
    const { steps } = await c.ok<{ steps: { eventType: string; flags: { code: string }[] }[] }>(
      "doctor",
      "visitJourney",
      {
        visitId,
      },
    );
    expect(steps.find((s) => s.eventType === "VITALS_RECORDED")?.flags.map((f) => f.code)).toEqual(["FEVER"]);
  });
});

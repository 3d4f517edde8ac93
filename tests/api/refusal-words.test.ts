import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RouterClinic, routerClinic } from "./router-support.js";

// Refusals in the clinic's words, over several channels: every refusal carries a stable code, and bad input answers
// INVALID_INPUT with one field error per problem ({ field, code, params, message }) in plain sentences. No
// validator wording ("Invalid option", "expected number", "Too big") reaches a person.

let c: RouterClinic;
beforeAll(async () => {
  c = await routerClinic();
});
afterAll(() => c?.close());

const validatorWords =
  /Invalid (input|option)|expected (number|string|one of)|received|Too (big|small)|<=|>=/;

async function refusal(who: "reception" | "lab" | "doctor" | "admin", channel: string, input: unknown) {
  const r = await c.call(who, channel, input);
  if (r.ok) throw new Error(`${channel} was accepted`);
  return r;
}

describe("bad input is explained in plain sentences", () => {
  it("registerPatient: a sex outside the list, a name too long, no name", async () => {
    const r = await refusal("reception", "registerPatient", { name: "x".repeat(201), sex: "f" });
    expect(r.status).toBe(400);
    expect(r.error.code).toBe("INVALID_INPUT");
    expect(r.error.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          field: "name",
          code: "TOO_LONG",
          params: { field: "Name", max: 200 },
          message: "Name must be at most 200 characters.",
        }),
        expect.objectContaining({
          field: "sex",
          code: "NOT_ALLOWED",
          params: { field: "Sex", allowed: "female, male, other, unknown" },
          message: "Sex must be one of: female, male, other, unknown.",
        }),
      ]),
    );
    expect(r.error.message).toBe(
      "Name must be at most 200 characters. Sex must be one of: female, male, other, unknown.",
    );
    expect(r.error.message).not.toMatch(validatorWords);
    const missing = await refusal("reception", "registerPatient", { sex: "male" });
    expect(missing.error).toMatchObject({ field: "name", message: "Name is required." });
  });

  it("recordPayment: an amount left out, blank (null) or typed as text", async () => {
    for (const amount of [undefined, null]) {
      const r = await refusal("reception", "recordPayment", { visitId: "v1", billId: "b1", amount });
      expect(r.error).toMatchObject({
        code: "INVALID_INPUT",
        field: "amount",
        message: "Amount is required.",
      });
      expect(r.error.details).toEqual([expect.objectContaining({ field: "amount", code: "REQUIRED" })]);
    }
    const text = await refusal("reception", "recordPayment", { visitId: "v1", billId: "b1", amount: "ten" });
    expect(text.error).toMatchObject({ message: "Amount must be a number.", params: { expected: "number" } });
    const negative = await refusal("reception", "recordPayment", { visitId: "v1", billId: "b1", amount: -5 });
    expect(negative.error.message).toBe("Amount must not be negative.");
  });

  it("recordResult: a misspelt field and a wrong list item name the field and the row", async () => {
    const r = await refusal("lab", "recordResult", {
      visitId: "v1",
      testOrderId: "t1",
      results: [
        { analyte: "Haemoglobin", value: 13 },
        { analyte: "", value: 4 },
      ],
      nots: "typo",
    });
    const messages = (r.error.details as { message: string; field: string }[]).map((d) => [
      d.field,
      d.message,
    ]);
    expect(messages).toEqual(
      expect.arrayContaining([
        ["results.1.analyte", "Analyte (result 2) must not be empty."],
        ["", '"nots" is not a field this form takes.'],
      ]),
    );
    expect(r.error.message).not.toMatch(validatorWords);
  });

  it("recordVitals: whole numbers and limits in words", async () => {
    const r = await refusal("doctor", "recordVitals", { visitId: "v1", vitals: { pulse: 72.5, spo2: 120 } });
    const byField = Object.fromEntries(
      (r.error.details as { field: string; message: string }[]).map((d) => [d.field, d.message]),
    );
    expect(byField).toEqual({
      "vitals.pulse": "Pulse must be a whole number.",
      "vitals.spo2": "SpO2 must be at most 100.",
    });
  });
});

describe("refusals from the rules carry a code, params and the field", () => {
  it("a payment on a bill that does not exist names the bill", async () => {
    const r = await refusal("reception", "recordPayment", { visitId: "nope", billId: "b1", amount: 10 });
    expect(r.error.code).toBe("VISIT_NOT_FOUND");
    expect(r.error.message).toMatch(/There is no registered visit nope/);
  });

  it("a forbidden channel and an unknown channel answer with codes", async () => {
    const r = await refusal("lab", "registerPatient", { name: "A", sex: "male" });
    expect(r).toMatchObject({ status: 403, error: { code: "FORBIDDEN" } });
    const u = await c.call("lab", "noSuchChannel", {});
    expect(u).toMatchObject({ ok: false, status: 404, error: { code: "UNKNOWN_CHANNEL" } });
  });
});

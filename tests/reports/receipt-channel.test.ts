import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setUpClinic, startTestHost, type TestHost, value } from "../api/http-support.js";
import { readPdf } from "./pdf-reading.js";

// The receipt as the cash desk gets it: over HTTP from the browser host, for a visit paid in part, drawn from the
// visit's events at the moment it is asked for.

let host: TestHost;
let people: Awaited<ReturnType<typeof setUpClinic>>;
let visitId: string;

async function as<T = Record<string, unknown>>(who: keyof typeof people, channel: string, input: unknown) {
  return value<T>(await host.call(channel, input, people[who].token));
}

beforeAll(async () => {
  host = await startTestHost();
  people = await setUpClinic(host);
  await as("admin", "updateSettings", { consultationFee: 500, currency: "KES" });
  const { patient } = await as<{ patient: { id: string } }>("reception", "registerPatient", {
    name: "فاطمة الزهراء",
    sex: "female",
    dateOfBirth: "1998-11-02",
    dateOfBirthEstimated: true,
  });
  ({ visitId } = await as<{ visitId: string }>("reception", "registerVisit", {
    patientId: patient.id,
    doctorId: people.doctor.id,
  }));
  const { bills } = await as<{ bills: { billId: string }[] }>("reception", "bills", { visitId });
  await as("reception", "recordPayment", { visitId, billId: bills[0]?.billId, amount: 200 });
}, 180_000);
afterAll(() => host?.close());

describe("visitReceipt", () => {
  it("answers the receipt PDF with the patient's name, what was paid and what is owed", async () => {
    const receipt = await as<{ fileName: string; mimeType: string; sha256: string; base64: string }>(
      "reception",
      "visitReceipt",
      { visitId },
    );
    const bytes = Buffer.from(receipt.base64, "base64");
    expect(receipt.mimeType).toBe("application/pdf");
    expect(receipt.fileName).toBe(`receipt-${visitId}.pdf`);
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(receipt.sha256);
    const text = (await readPdf(bytes))
      .flatMap((p) => p.lines.map((l) => l.text))
      .join(" | ")
      .replace(/\u00a0/g, " ");
    expect(text).toContain("فاطمة الزهراء");
    expect(text).toContain("Consultation | KES 500.00");
    expect(text).toContain("Cash | KES 200.00");
    expect(text).toContain("Balance owed | KES 300.00");
    expect(text).toContain("Rita Mensah");
  });

  it("is for the cash desk: the lab is refused, and an unknown visit is named", async () => {
    const lab = await host.call("visitReceipt", { visitId }, people.lab.token);
    expect(lab.httpStatus).toBe(403);
    const unknown = await host.call("visitReceipt", { visitId: "no-such-visit" }, people.reception.token);
    expect(unknown.httpStatus).toBe(422);
    expect(unknown.ok ? null : unknown.error).toMatchObject({
      code: "VISIT_NOT_FOUND",
      message: "There is no registered visit no-such-visit.",
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setUpClinic, startTestHost, type TestHost, value } from "./http-support.js";

// The duplicate-patient check runs on the server, inside the registration's transaction: pressing Enter before the
// on-screen warning appears, or two desks registering the same person at once, gives one record and a refusal
// naming it.

let host: TestHost;
let staff: Awaited<ReturnType<typeof setUpClinic>>;

beforeAll(async () => {
  host = await startTestHost();
  staff = await setUpClinic(host);
});
afterAll(() => host?.close());

const patientCount = async () =>
  value<{ patients: unknown[] }>(
    await host.call("searchPatients", { query: "", limit: 100 }, staff.admin.token),
  ).patients.length;

describe("registering the same person twice", () => {
  it("at once from two desks: one is registered, the other refused with the first as candidate", async () => {
    const person = { name: "Halima Said", sex: "female", dateOfBirth: "1987-03-12", phone: "0722 111 222" };
    const [a, b] = await Promise.all([
      host.call("registerPatient", person, staff.reception.token),
      host.call("registerPatient", { ...person, name: "HALIMA  SAÏD" }, staff.admin.token),
    ]);
    const [won, lost] = a.ok ? [a, b] : [b, a];
    expect(won.ok).toBe(true);
    expect(lost).toMatchObject({ ok: false, httpStatus: 409, error: { code: "POSSIBLE_DUPLICATE_PATIENT" } });
    if (!won.ok || lost.ok) return;
    const first = (won.value as { patient: { id: string } }).patient;
    const details = lost.error.details as { candidates: { id: string; why: string[] }[] };
    expect(details.candidates.map((c) => c.id)).toEqual([first.id]);
    expect(details.candidates[0]?.why).toEqual(["SAME_PHONE", "SAME_NAME_AND_BIRTH_DATE"]);
    expect(lost.error.params).toMatchObject({ count: 1 });
    expect(lost.error.message).toMatch(
      /^(Halima Said|HALIMA {2}SAÏD) \(P-.*\) may be the same person: same phone number/,
    );
    expect(await patientCount()).toBe(1);
  });

  it("a transliterated name with the same age is caught; registerAnyway registers someone else", async () => {
    // The first desk knew only his age; the second has his birth date. Two exact dates must be the same day.
    value(
      await host.call(
        "registerPatient",
        { name: "Mohammed Ali", sex: "male", dateOfBirth: "1970-01-15", dateOfBirthEstimated: true },
        staff.reception.token,
      ),
    );
    const again = await host.call(
      "registerPatient",
      { name: "Muhammad Ali", sex: "male", dateOfBirth: "1970-06-30" },
      staff.reception.token,
    );
    expect(again).toMatchObject({ ok: false, error: { code: "POSSIBLE_DUPLICATE_PATIENT" } });
    const before = await patientCount();
    const anyway = await host.call(
      "registerPatient",
      { name: "Muhammad Ali", sex: "male", dateOfBirth: "1970-06-30", registerAnyway: true },
      staff.reception.token,
    );
    expect(anyway.ok).toBe(true);
    expect(await patientCount()).toBe(before + 1);
  });

  it("possibleDuplicates answers by the same rule while the desk types", async () => {
    const found = value<{ patients: { name: string; why: string }[] }>(
      await host.call(
        "possibleDuplicates",
        { name: "halima said", dateOfBirth: "1987-03-12" },
        staff.reception.token,
      ),
    );
    expect(found.patients).toEqual([
      expect.objectContaining({ name: "Halima Said", why: "same name and date of birth" }),
    ]);
  });
});

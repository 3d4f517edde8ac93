import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openScreen, shoot, startWorld, type World } from "./support.js";

// What the desks see when something is not right: a likely duplicate patient, a payment larger than what is owed,
// approving a result nobody reviewed or one's own review when the clinic asks for two people (not offered on screen,
// refused by the router).
// And the waiting-room display following the queue by itself. The refusals are shown in plain words beside the
// field or action concerned, and what was typed stays.

let world: World;
let tokens: Record<"reception" | "doctor" | "lab", string>;
beforeAll(async () => {
  world = await startWorld();
  tokens = {
    reception: await world.tokenOf("reception"),
    doctor: await world.tokenOf("doctor"),
    lab: await world.tokenOf("lab"),
  };
}, 120_000);
afterAll(async () => {
  await world?.close();
});

async function patient(name: string, dateOfBirth: string, phone: string) {
  const r = await world.must<{ patient: { id: string } }>(
    "registerPatient",
    { name, sex: "male", dateOfBirth, phone },
    tokens.reception,
  );
  return r.patient.id;
}

async function visit(patientId: string) {
  return world.must<{ visitId: string; tokenNumber: string }>(
    "registerVisit",
    { patientId, doctorId: world.staff.doctor.id },
    tokens.reception,
  );
}

const alertText = (page: Page) => page.getByRole("alert").allInnerTexts();

describe("the desks under refusal and change", () => {
  it("warns of a likely duplicate patient and offers the existing record", async () => {
    await patient("Kofi Boateng", "1985-02-03", "0712 345678");
    const page = await world.signedIn("reception");
    await page.getByRole("button", { name: "New patient" }).click();
    await page.getByLabel("Full name").fill("kofi  boateng");
    await page.getByLabel("Date of birth").fill("1985-02-03");
    const warning = page.getByRole("alert", { name: "Possible duplicate" });
    await warning.getByText(/same name and date of birth/).waitFor();
    await page.getByRole("button", { name: "Register anyway" }).waitFor();

    await page.getByLabel("Full name").fill("K. Boateng");
    await page.getByLabel("Date of birth").fill("");
    await page.getByLabel("Phone").fill("+0712-345-678");
    await warning.getByText(/same phone number/).waitFor();
    await shoot(page, "reception-duplicate-warning");
    await warning.getByRole("button", { name: "Use this record: Kofi Boateng" }).click();
    await page.getByRole("region", { name: "Start a visit" }).getByText("Kofi Boateng").waitFor();
  }, 90_000);

  it("refuses a payment larger than the balance beside the amount, keeping what was typed", async () => {
    const id = await patient("Grace Njeri", "1979-09-09", "0700 111222");
    const v = await visit(id);
    const page = await world.signedIn("reception");
    await openScreen(page, "Billing");
    await page.getByRole("button", { name: `Bills of Grace Njeri (${v.tokenNumber})` }).click();
    const bill = page.getByRole("region", { name: "Consultation bill" });
    await bill.getByLabel("Amount received").fill("100");
    await bill.getByRole("button", { name: "Take payment" }).click();
    await bill.getByText("A payment of 100.00 is more than the 20.00 still owed").waitFor();
    expect(await bill.getByLabel("Amount received").inputValue()).toBe("100");
    expect(await bill.getByLabel("Amount received").getAttribute("aria-invalid")).toBe("true");
    await shoot(page, "billing-refused");
  }, 90_000);

  it("offers Approve only after review and not to the reviewer when two people are required; the router refuses both anyway", async () => {
    const id = await patient("Halima Said", "2001-01-20", "0733 444555");
    const v = await visit(id);
    const at = { visitId: v.visitId };
    await world.must("callPatient", at, tokens.doctor);
    await world.must("enterRoom", at, tokens.doctor);
    const ordered = await world.must<{ testOrderIds: string[] }>(
      "orderTests",
      { ...at, tests: [{ name: "Fasting blood glucose" }] },
      tokens.doctor,
    );
    const t = { ...at, testOrderId: ordered.testOrderIds[0] };
    await world.must("collectSample", t, tokens.lab);
    await world.must("startTest", t, tokens.lab);
    await world.must(
      "recordResult",
      {
        ...t,
        results: [{ analyte: "Glucose", value: 7.2, unit: "mmol/L", referenceLow: 3.9, referenceHigh: 5.5 }],
      },
      tokens.lab,
    );
    await world.must("updateClinicPreferences", { secondPersonApproval: true }, world.adminToken);

    // The screen offers what the workflow allows: a result waiting for review can be reviewed, not approved.
    const page = await world.signedIn("lab");
    await page.getByRole("tab", { name: /To review/ }).click();
    await page.getByRole("button", { name: "Fasting blood glucose for Halima Said" }).click();
    await page.getByRole("cell", { name: "High" }).waitFor();
    const approve = page.getByRole("button", { name: "Approve", exact: true });
    expect(await approve.count()).toBe(0);
    // A program calling the API directly is refused all the same, with the reason in words.
    const early = await world.api("approveResult", t, tokens.lab);
    expect(early.ok).toBe(false);
    if (!early.ok) expect(early.error.message).toMatch(/must be reviewed before it is approved/);

    // The reviewer is told someone else approves, and is not offered Approve; the router refuses them too.
    await page.getByRole("button", { name: "Mark reviewed" }).click();
    await page.getByText("You reviewed this result; another person approves it.").waitFor();
    expect(await approve.count()).toBe(0);
    const own = await world.api("approveResult", t, tokens.lab);
    expect(own.ok).toBe(false);
    if (!own.ok) {
      expect(own.error.code).toBe("SECOND_PERSON_REQUIRED");
      expect(own.error.message).toBe(
        "You reviewed this result; the clinic asks for a different person to approve it.",
      );
    }
    await shoot(page, "lab-refused");

    // Another person (the doctor) approves it; the lab sees the change arrive by itself.
    await world.must("approveResult", t, tokens.doctor);
    await page.getByRole("button", { name: "Generate report (PDF)" }).waitFor();
  }, 90_000);

  it("updates the waiting-room display by itself when a patient is called", async () => {
    const queued = [];
    for (const [name, dob, phone] of [
      ["Yaw Mensah", "1990-03-03", "0700 000101"],
      ["Esi Owusu", "1988-04-04", "0700 000102"],
      ["Kwame Asante", "1975-05-05", "0700 000103"],
    ] as const)
      queued.push(await visit(await patient(name, dob, phone)));
    const context = await world.browser.newContext({ viewport: { width: 1366, height: 768 } });
    world.contexts.push(context);
    const display = await context.newPage();
    await display.goto(`${world.web.url}#display`);
    const waiting = display.getByRole("list", { name: "Tokens waiting" });
    const first = queued[0]?.tokenNumber as string;
    await waiting.getByText(first, { exact: true }).waitFor();

    const page = await world.signedIn("reception");
    await page.getByRole("button", { name: `Call ${first} Yaw Mensah` }).click();
    await display.getByTestId("now-calling-token").getByText(first).waitFor();
    await waiting.getByText(first, { exact: true }).waitFor({ state: "detached" });
    for (const q of queued.slice(1)) await waiting.getByText(q.tokenNumber, { exact: true }).waitFor();
    await shoot(display, "waiting-room-display");
    await shoot(page, "reception-queue");
  }, 90_000);

  it("lets the administrator keep the test catalogue and export the audit log", async () => {
    const page = await world.signedIn("admin");
    await openScreen(page, "Clinic setup");
    await page.getByRole("button", { name: "Edit Full blood count" }).click();
    await page.getByLabel("Price").fill("-3");
    await page.getByRole("button", { name: "Save test" }).click();
    await page.getByText("Must not be negative.").waitFor();
    await page.getByLabel("Price").fill("27.50");
    await page.getByRole("button", { name: "Save test" }).click();
    await page.getByRole("cell", { name: /^KES\s27\.50$/ }).waitFor();
    await shoot(page, "clinic-setup");

    await openScreen(page, "Audit export");
    await page.getByLabel("Format").selectOption("csv");
    await page.getByRole("button", { name: "Run the export" }).click();
    // The count is what a person reads; the file, its manifest and SHA-256 are folded under technical details.
    await page.getByRole("region", { name: "Result" }).getByRole("definition").first().waitFor();
    const result = page.getByRole("definition").filter({ hasText: /\.csv$/ });
    expect(await result.isVisible()).toBe(false);
    await page.getByText("Technical details").click();
    await result.waitFor();
    await expect(
      page
        .getByRole("definition")
        .filter({ hasText: /^[0-9a-f]{64}$/ })
        .first()
        .isVisible(),
    ).resolves.toBe(true);
    await shoot(page, "audit-export");
  }, 90_000);
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openScreen, startWorld, type World } from "./support.js";

// Navigation a person relies on: the visit open at the cash desk has an address, so reload keeps it and back and
// forward step through what was opened. And records written elsewhere (a patient registered at another counter,
// a member of staff added by the administrator) appear in open windows without anyone reloading.

let world: World;
let reception: string;
beforeAll(async () => {
  world = await startWorld();
  reception = await world.tokenOf("reception");
}, 120_000);
afterAll(async () => {
  await world?.close();
});

async function visitFor(name: string) {
  const { patient } = await world.must<{ patient: { id: string } }>(
    "registerPatient",
    { name, sex: "female", dateOfBirth: "1990-04-12" },
    reception,
  );
  return world.must<{ visitId: string; tokenNumber: string }>(
    "registerVisit",
    { patientId: patient.id, doctorId: world.staff.doctor.id },
    reception,
  );
}

describe("addresses and live records", () => {
  it("keeps the open visit through a reload, and back and forward step through what was opened", async () => {
    const visit = await visitFor("Wanjiru Kamau");
    const page = await world.signedIn("reception");
    await openScreen(page, "Billing");
    await page.getByRole("button", { name: `Bills of Wanjiru Kamau (${visit.tokenNumber})` }).click();
    const bills = page.getByRole("region", { name: "Bills of Wanjiru Kamau" });
    await bills.waitFor();
    expect(new URL(page.url()).hash).toBe(`#/billing/visit/${visit.visitId}`);

    await page.reload();
    await bills.waitFor();
    expect(await page.getByRole("link", { name: "Billing" }).getAttribute("aria-current")).toBe("page");

    await openScreen(page, "Visit journey");
    await page.getByRole("heading", { name: "Visit journey", level: 1 }).waitFor();
    await page.goBack();
    await bills.waitFor();
    await page.goBack();
    await page.getByRole("region", { name: "Bills", exact: true }).waitFor();
    expect(await bills.count()).toBe(0);
    await page.goForward();
    await bills.waitFor();
  });

  it("takes the old screen away at the click on the menu, even while the new screen is still loading", async () => {
    const visit = await visitFor("Akinyi Odhiambo");
    const page = await world.signedIn("reception");
    await page.getByRole("heading", { name: "Reception", level: 1 }).waitFor();
    // The journey screen's code is held back until the checks below are done: a slow disk or a busy PC.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let asked = false;
    await page.route("**/assets/journey-screen-*.js", async (route) => {
      asked = true;
      await held;
      await route.continue();
    });
    await openScreen(page, "Visit journey");
    // Had the reception screen stayed, its own "Journey of" button would still take clicks meant for the new screen.
    await page.getByText("Loading…").waitFor();
    expect(asked).toBe(true);
    expect(await page.getByRole("heading", { name: "Reception", level: 1 }).count()).toBe(0);
    expect(
      await page.getByRole("button", { name: `Journey of ${visit.tokenNumber} Akinyi Odhiambo` }).count(),
    ).toBe(0);
    expect(await page.getByRole("link", { name: "Visit journey" }).getAttribute("aria-current")).toBe("page");
    release();
    await page.getByRole("heading", { name: "Visit journey", level: 1 }).waitFor();
    await page.getByRole("button", { name: `Journey of ${visit.tokenNumber} Akinyi Odhiambo` }).click();
    await page
      .getByRole("list", { name: "Visit journey" })
      .locator('[data-event-type="VISIT_REGISTERED"]')
      .waitFor();
  });

  it("shows a patient registered at another counter and a new member of staff without a reload", async () => {
    const counter = await world.signedIn("reception");
    const finder = counter.getByRole("table", { name: "Recently registered patients" });
    await finder.waitFor();
    await world.must("registerPatient", { name: "Baraka Otieno", sex: "male" }, reception);
    await finder.getByText("Baraka Otieno", { exact: true }).waitFor();

    const admin = await world.signedIn("admin");
    await openScreen(admin, "Staff");
    const list = admin.getByRole("table", { name: "Staff" });
    await list.getByRole("cell", { name: "Rita Mensah", exact: true }).waitFor();
    await world.must(
      "addStaff",
      { name: "Neema Said", role: "lab", username: "neema", password: "Quartz-Meadow-58" },
      world.adminToken,
    );
    await list.getByRole("cell", { name: "Neema Said", exact: true }).waitFor();
  }, 120_000); // two signed-in browsers on a shared two-core machine
});

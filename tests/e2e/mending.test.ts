import AxeBuilder from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDeskSyncStore } from "../../sync/desk-store.js";
import {
  conflictOnVisit,
  openScreen,
  PASSWORD,
  refusedByServer,
  shoot,
  startWorld,
  type World,
} from "./support.js";

// Mending mistakes through the screens, as the people allowed to: another doctor for a patient already in the room
// (with a reason), the consultation marked completed, an entry struck out as entered in error, money owed on a
// closed visit found and taken with its receipt saved, and a sync conflict resolved from the sync badge. axe-core
// runs on each screen.

let world: World;
let tokens: Record<"reception" | "doctor" | "admin", string>;
let otherDoctor: { id: string; name: string };

beforeAll(async () => {
  world = await startWorld();
  tokens = {
    reception: await world.tokenOf("reception"),
    doctor: await world.tokenOf("doctor"),
    admin: world.adminToken,
  };
  const added = await world.must<{ staff: { id: string } }>(
    "addStaff",
    { name: "Dr Wanjiru Kamau", role: "doctor", username: "wanjiru", password: PASSWORD },
    tokens.admin,
  );
  otherDoctor = { id: added.staff.id, name: "Dr Wanjiru Kamau" };
}, 120_000);
afterAll(async () => {
  await world?.close();
});

async function visitFor(name: string) {
  const patient = await world.must<{ patient: { id: string } }>(
    "registerPatient",
    { name, sex: "female", phone: `07${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}` },
    tokens.reception,
  );
  return world.must<{ visitId: string; tokenNumber: string; billId: string }>(
    "registerVisit",
    { patientId: patient.patient.id, doctorId: world.staff.doctor.id },
    tokens.reception,
  );
}

async function inRoom(visitId: string) {
  await world.must("callPatient", { visitId, roomNumber: "3" }, tokens.doctor);
  await world.must("enterRoom", { visitId }, tokens.doctor);
}

/** axe-core's serious and critical findings on the page as it is now. */
async function axeFindings(page: Page, where: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${where}: ${v.id} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}

async function openJourney(page: Page, token: string, name: string) {
  await openScreen(page, "Visit journey");
  await page.getByRole("button", { name: `Journey of ${token} ${name}` }).click();
  return page.getByRole("list", { name: "Visit journey" });
}

describe("mending mistakes on the screens", () => {
  it("hands a patient in the room to another doctor with a reason, then the doctor marks the consultation completed", async () => {
    const v = await visitFor("Imani Chebet");
    await inRoom(v.visitId);
    const reception = await world.signedIn("reception");
    await openJourney(reception, v.tokenNumber, "Imani Chebet");
    await reception.getByRole("button", { name: "Another doctor…" }).click();
    const dialog = reception.getByRole("dialog", { name: "Another doctor for this visit" });
    await dialog.getByLabel("Doctor").selectOption({ label: otherDoctor.name });
    await dialog.getByRole("button", { name: "Assign" }).click();
    await dialog.getByText(/say why the visit goes to another doctor/).waitFor();
    expect(await axeFindings(reception, "journey: another doctor")).toEqual([]);
    await dialog.getByLabel("Reason").fill("Needs the paediatrician");
    await dialog.getByRole("button", { name: "Assign" }).click();
    await dialog.waitFor({ state: "hidden" });
    const timeline = reception.getByRole("list", { name: "Visit journey" });
    await timeline
      .locator('[data-event-type="VISIT_ASSIGNED"]')
      .getByText("Reason: Needs the paediatrician")
      .waitFor();
    await reception.getByText(otherDoctor.name).first().waitFor();
    // Reception cannot mark a consultation completed; the doctor can.
    expect(await reception.getByRole("button", { name: "Mark consultation completed" }).count()).toBe(0);

    const doctor = await world.signedIn("doctor");
    const doctorTimeline = await openJourney(doctor, v.tokenNumber, "Imani Chebet");
    await doctor.getByRole("button", { name: "Mark consultation completed" }).click();
    await doctorTimeline.locator('[data-event-type="CONSULTATION_COMPLETED"]').waitFor();
    await doctor.getByRole("button", { name: "Mark consultation completed" }).waitFor({ state: "detached" });
    // Completed: the visit keeps its doctor, so another doctor is no longer offered.
    await reception.reload();
    await reception
      .getByRole("list", { name: "Visit journey" })
      .locator('[data-event-type="CONSULTATION_COMPLETED"]')
      .waitFor();
    expect(await reception.getByRole("button", { name: "Another doctor…" }).count()).toBe(0);
  }, 180_000);

  it("lets an administrator strike out vitals entered in error, with the reason, and they no longer count", async () => {
    const v = await visitFor("Rehema Atieno");
    await inRoom(v.visitId);
    await world.must("recordVitals", { visitId: v.visitId, vitals: { temperatureC: 39.5 } }, tokens.doctor);
    const reception = await world.signedIn("reception");
    await openJourney(reception, v.tokenNumber, "Rehema Atieno");
    expect(await reception.getByRole("button", { name: /entered in error/ }).count()).toBe(0);

    const admin = await world.signedIn("admin");
    const timeline = await openJourney(admin, v.tokenNumber, "Rehema Atieno");
    const vitals = timeline.locator('[data-event-type="VITALS_RECORDED"]');
    await vitals.getByRole("button", { name: "Mark “Vitals recorded” as entered in error" }).click();
    const dialog = admin.getByRole("dialog", { name: "Mark “Vitals recorded” as entered in error" });
    await dialog.getByRole("button", { name: "Mark as entered in error" }).click();
    await dialog.getByText("Must not be empty.").waitFor();
    expect(await axeFindings(admin, "journey: entered in error")).toEqual([]);
    await dialog.getByLabel("Reason").fill("Thermometer of the other room, wrong patient");
    await dialog.getByRole("button", { name: "Mark as entered in error" }).click();
    await dialog.waitFor({ state: "hidden" });
    await timeline.locator('[data-event-type="EVENT_VOIDED"]').waitFor();
    await timeline.locator('[data-event-type="VITALS_RECORDED"].hms-voided').waitFor();
    expect(await vitals.getByText("(voided)").count()).toBe(1);
    await shoot(admin, "journey-entered-in-error");
  }, 180_000);

  it("lists money owed on a closed visit at billing, saves the receipt PDF, and clears it when paid", async () => {
    const v = await visitFor("Nafula Wekesa");
    await inRoom(v.visitId);
    await world.must("exitRoom", { visitId: v.visitId }, tokens.doctor);
    await world.must("completeVisit", { visitId: v.visitId, confirmBalanceOwed: true }, tokens.reception);
    const page = await world.signedIn("reception");
    await openScreen(page, "Billing");
    const owing = page.getByRole("region", { name: "Money owed on closed visits" });
    await owing.getByRole("button", { name: `Bills of Nafula Wekesa (${v.tokenNumber})` }).click();
    expect(await axeFindings(page, "billing: owing list")).toEqual([]);
    await shoot(page, "billing-owing-list");

    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Receipt PDF" }).click();
    const receipt = await download;
    expect(receipt.suggestedFilename()).toMatch(/\.pdf$/);
    const bytes = await (await receipt.createReadStream()).toArray();
    expect(Buffer.concat(bytes).subarray(0, 5).toString()).toBe("%PDF-");

    const bill = page.getByRole("region", { name: "Consultation bill" });
    await bill.getByLabel("Amount received").fill("20");
    await bill.getByRole("button", { name: "Take payment" }).click();
    await owing.getByText("Nothing is owed on closed visits.").waitFor();
  }, 180_000);

  it("resolves a sync conflict from the sync badge, keeping the payment in force, and shows what a newer version recorded", async () => {
    const v = await visitFor("Akinyi Odhiambo");
    await conflictOnVisit(world, v, tokens.reception);

    const page = await world.signedIn("reception");
    await page.getByRole("button", { name: "Sync: 1 to resolve. Open the conflicts" }).click();
    await page.getByRole("heading", { name: "Conflicts to resolve", level: 1 }).waitFor();
    const card = page.getByRole("region", { name: `Paid in full on ${v.tokenNumber} Akinyi Odhiambo` });
    await card.getByText("In conflict").waitFor();
    expect(await axeFindings(page, "conflicts")).toEqual([]);
    await shoot(page, "conflicts");
    await card.getByLabel("Keep the entry in force; set the conflicting one aside").check();
    await card.getByRole("button", { name: "Resolve conflict" }).click();
    await card.getByText("Must not be empty.").waitFor();
    await card.getByLabel("Reason").fill("Mobile money was taken; the cash was handed back");
    await card.getByRole("button", { name: "Resolve conflict" }).click();
    await page.getByText("Nothing to resolve: every desk's entries agree.").waitFor();
    await page.getByRole("region", { name: "Recorded by a newer version, not applied" }).waitFor();

    const timeline = await openJourney(page, v.tokenNumber, "Akinyi Odhiambo");
    await timeline
      .locator('[data-event-type="CONFLICT_RESOLVED"]')
      .getByText("Reason: Mobile money was taken; the cash was handed back")
      .waitFor();
    await timeline
      .locator('[data-event-type="VITALS_RECORDED"]')
      .getByText("Not applied: recorded by a newer version")
      .waitFor();
    expect(await timeline.locator('[data-event-type="PAYMENT_RECEIVED"].hms-voided').count()).toBe(1);
    await timeline.getByText("Consultation bill").first().waitFor();
    expect(await axeFindings(page, "journey: conflict resolved")).toEqual([]);
  }, 180_000);

  it("lists an entry the central server refused, on whose visit and why, from the sync badge", async () => {
    const v = await visitFor("Baraka Mwangi");
    const paid = await world.must<{ eventIds: string[] }>(
      "recordPayment",
      { visitId: v.visitId, billId: v.billId, amount: 20 },
      tokens.reception,
    );
    const refusedId = paid.eventIds[0] as string;
    refusedByServer(
      world,
      refusedId,
      `Event ${refusedId} does not match its hash: it was changed after it was recorded.`,
    );

    const page = await world.signedIn("reception");
    await page.getByRole("button", { name: "Sync: 1 to resolve. Open the conflicts" }).click();
    const refused = page.getByRole("region", { name: "Refused by the central server" });
    const entry = refused.locator(`[data-event-id="${refusedId}"]`);
    await entry.getByText(`${v.tokenNumber} Baraka Mwangi`).waitFor();
    await entry.getByText("it was changed after it was recorded").waitFor();
    await entry.getByText(/Recorded by Rita Mensah at/).waitFor();
    expect(await page.getByText("Nothing to resolve: every desk's entries agree.").count()).toBe(0);
    expect(await axeFindings(page, "refused by the server")).toEqual([]);
    await shoot(page, "refused-by-server");
  }, 120_000);

  it("tells the administrator, on the security audit, that the central server came back from an older backup", async () => {
    const v = await visitFor("Zawadi Njeri");
    const db = world.web.db;
    db.sqlite.prepare("UPDATE visit_events SET serverSeq = position WHERE visitId = ?").run(v.visitId);
    // What a sync round does when the server no longer holds the two newest sequences this desk holds.
    const desk = createDeskSyncStore(db);
    const held = desk.highestServerSeq();
    const restored = desk.serverRestored(held - 2, new Date());
    if (!restored) throw new Error("nothing was past the restored server's head");
    expect(restored.own + restored.others).toBe(2);

    const admin = await world.signedIn("admin");
    await openScreen(admin, "Security audit");
    const row = admin.getByRole("row").filter({ hasText: "Central server restored from an older backup" });
    await row
      .getByText(
        `The server's entries agree with this desk's up to number ${(held - 2).toLocaleString("en")} (this desk held them up to ${held.toLocaleString("en")}). ${restored.own} of this desk's entries are sent again; ${restored.others} from other desks wait for their desk to send them again.`,
      )
      .waitFor();
    await row.getByText("OK", { exact: true }).waitFor();
    expect(await axeFindings(admin, "security audit")).toEqual([]);
  });
});

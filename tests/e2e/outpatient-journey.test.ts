import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openScreen, shoot, startWorld, type World } from "./support.js";

// The whole outpatient journey in the browser host, with three people signed in at three desks at once and the
// waiting-room display open on a fourth screen. Nobody reloads a page: each desk sees the others' steps arrive.

let world: World;
beforeAll(async () => {
  world = await startWorld();
}, 120_000);
afterAll(async () => {
  await world?.close();
});

const PATIENT = "Amina Yusuf";

async function waitForText(page: Page, text: string | RegExp) {
  await page.getByText(text).first().waitFor();
}

describe("an outpatient visit, end to end", () => {
  it("runs from the counter through the doctor's room, the cash desk and the lab to a follow-up", async () => {
    const [reception, doctor, lab] = await Promise.all([
      world.signedIn("reception"),
      world.signedIn("doctor"),
      world.signedIn("lab"),
    ]);
    const displayContext = await world.browser.newContext({ viewport: { width: 1366, height: 768 } });
    world.contexts.push(displayContext);
    const display = await displayContext.newPage();
    await display.goto(`${world.web.url}#display`);
    await display.getByRole("main", { name: "Waiting room display" }).waitFor();

    // Reception registers the patient and starts the visit: token, queue and consultation bill in one step.
    await reception.getByRole("button", { name: "New patient" }).click();
    await reception.getByLabel("Full name").fill(PATIENT);
    // Checked before anything is sent, by the contract's own input schema: the sex is still missing.
    await reception.getByRole("button", { name: "Register patient" }).click();
    await expect.poll(() => reception.getByLabel("Sex").getAttribute("aria-invalid")).toBe("true");
    await reception.getByLabel("Sex").selectOption("female");
    await reception.getByLabel("Date of birth").fill("1990-05-01");
    await reception.getByLabel("Phone").fill("+254 700 123456");
    await reception.getByLabel("Address").fill("12 River Road");
    await reception.getByRole("button", { name: "Register patient" }).click();
    // The next thing to do has the focus: starting the visit, not the search box.
    await expect
      .poll(() => reception.evaluate(() => document.activeElement?.textContent))
      .toBe("Start visit and give token");
    await reception.getByLabel("Doctor").selectOption({ label: "Dr Daniel Okoro (A)" });
    await reception.getByLabel("Reason for the visit").fill("Tired for two weeks");
    await reception.getByRole("button", { name: "Start visit and give token" }).click();
    await reception.getByLabel("Token given").getByText("A-001").waitFor();

    // The doctor's queue and the waiting room show the patient without anyone reloading.
    await doctor.getByRole("button", { name: `Open A-001 ${PATIENT}` }).waitFor();
    await display.getByRole("list", { name: "Tokens waiting" }).getByText("A-001").waitFor();
    await shoot(reception, "reception");

    // The doctor calls the patient to room 5; the display announces it.
    await doctor.getByLabel("Room number", { exact: true }).fill("5");
    await doctor.getByRole("button", { name: "Call next" }).click();
    await display.getByTestId("now-calling-token").getByText("A-001").waitFor();
    await display.getByText("Room 5").waitFor();
    await shoot(display, "waiting-room-display");

    await doctor.getByRole("button", { name: "Patient entered" }).click();
    await doctor.getByRole("timer", { name: "Time in the room" }).waitFor();
    await doctor.getByLabel("Temperature (°C)").fill("37.4");
    await doctor.getByLabel("Pulse (/min)").fill("88");
    await doctor.getByRole("button", { name: "Record vitals" }).click();
    await waitForText(doctor, "Vitals recorded");
    await doctor.getByRole("tab", { name: "Prescription" }).click();
    await doctor.getByLabel("Drug 1").fill("Ferrous sulphate");
    await doctor.getByLabel("Dose 1").fill("200 mg");
    await doctor.getByLabel("Frequency 1").fill("twice a day");
    await doctor.getByLabel("Duration 1").fill("30 days");
    await doctor.getByRole("button", { name: "Prescribe" }).click();
    await waitForText(doctor, "Prescription recorded");
    await doctor.getByRole("tab", { name: "Order tests" }).click();
    await doctor.getByRole("checkbox", { name: /Full blood count/ }).check();
    await doctor.getByRole("checkbox", { name: /Malaria rapid test/ }).check();
    await shoot(doctor, "consultation");
    await doctor.getByRole("button", { name: "Order tests" }).click();
    await waitForText(doctor, "2 tests ordered");
    await doctor.getByLabel("Diagnosis").fill("Suspected anaemia");
    await doctor.getByRole("button", { name: "Patient left the room" }).click();
    await waitForText(doctor, `${PATIENT} left the room`);

    // Reception bills the tests (catalogue prices: 25 + 10), takes a part payment, then the rest.
    await openScreen(reception, "Billing");
    await reception.getByRole("button", { name: `Bills of ${PATIENT} (A-001)` }).click();
    await reception.getByRole("button", { name: "Bill tests" }).click();
    const testsBill = reception.getByRole("region", { name: "Lab tests bill" });
    await testsBill.getByLabel("Lab tests balance").getByText("35.00").waitFor();
    await testsBill.getByLabel("Amount received").fill("15");
    await testsBill.getByRole("button", { name: "Take payment" }).click();
    await testsBill.getByLabel("Lab tests balance").getByText("20.00").waitFor();
    await testsBill.getByLabel("Paid by").selectOption("MOBILE_MONEY");
    await testsBill.getByRole("button", { name: "Whole balance" }).click();
    await testsBill.getByRole("button", { name: "Take payment" }).click();
    await testsBill
      .getByLabel("Lab tests balance")
      .getByText(/^KES\s0\.00$/)
      .waitFor();
    const consultationBill = reception.getByRole("region", { name: "Consultation bill" });
    await consultationBill.getByRole("button", { name: "Whole balance" }).click();
    await consultationBill.getByRole("button", { name: "Take payment" }).click();
    await consultationBill
      .getByLabel("Consultation balance")
      .getByText(/^KES\s0\.00$/)
      .waitFor();
    await shoot(reception, "billing");

    // The lab: collect, reject and recollect the blood sample, run it, review, approve, report, deliver.
    await lab.getByRole("button", { name: `Full blood count for ${PATIENT}` }).click();
    await lab.getByRole("button", { name: "Collect sample" }).click();
    await lab.getByRole("button", { name: "Reject sample…" }).click();
    await lab.getByRole("dialog").getByLabel("Reason").fill("Haemolysed sample");
    await lab.getByRole("dialog").getByRole("button", { name: "Reject sample" }).click();
    await waitForText(lab, "The last sample was rejected; collect a new one.");
    await lab.getByRole("button", { name: "Collect sample" }).click();
    await lab.getByRole("button", { name: "Start test" }).click();
    await lab.getByLabel("Value of Haemoglobin").fill("9.1");
    await lab.getByLabel("Value of White cells").fill("6.2");
    await lab.getByLabel("Value of Platelets").fill("250");
    await shoot(lab, "lab-results-entry");
    await lab.getByRole("button", { name: "Save results" }).click();
    await lab.getByRole("button", { name: "Mark reviewed" }).click();
    await lab.getByRole("button", { name: "Approve" }).click();
    await lab.getByRole("button", { name: "Generate report (PDF)" }).click();
    await lab.getByLabel("Delivered to").fill("patient");
    await lab.getByRole("button", { name: "Mark delivered" }).click();
    await waitForText(lab, "Report of Full blood count delivered");

    await lab.getByRole("tab", { name: /To collect/ }).click();
    await lab.getByRole("button", { name: `Malaria rapid test for ${PATIENT}` }).click();
    await lab.getByRole("button", { name: "Collect sample" }).click();
    await lab.getByRole("button", { name: "Start test" }).click();
    await lab.getByLabel("Value of Plasmodium antigen").fill("Negative");
    await lab.getByRole("button", { name: "Save results" }).click();
    await lab.getByRole("button", { name: "Mark reviewed" }).click();
    await lab.getByRole("button", { name: "Approve" }).click();
    await waitForText(lab, "Malaria rapid test approved");
    await lab.getByRole("tab", { name: /Delivered/ }).click();
    await lab.getByRole("button", { name: `Full blood count for ${PATIENT}` }).click();
    await shoot(lab, "lab");

    // Back in the doctor's room: the approved results are there, flagged; the visit is closed and a follow-up booked.
    await doctor.getByRole("button", { name: `Open A-001 ${PATIENT}` }).click();
    await doctor.getByRole("tab", { name: "Results" }).click();
    const fbc = doctor.getByRole("table", { name: "Results of Full blood count" });
    await fbc.getByRole("cell", { name: "Low" }).waitFor();
    await doctor.getByRole("button", { name: "Complete visit" }).click();
    await waitForText(doctor, `Visit of ${PATIENT} completed`);
    await doctor.getByLabel("Follow-up date").fill("2030-01-15");
    await doctor.getByLabel("Follow-up reason").fill("Recheck haemoglobin");
    await doctor.getByRole("button", { name: "Book follow-up" }).click();
    // The date is written for the screen's language (Intl), e.g. "15 Jan 2030".
    await waitForText(doctor, /Follow-up booked for .*2030/);

    // The journey screen tells the whole story in order, the same order the record holds.
    await openScreen(reception, "Visit journey");
    await reception.getByRole("button", { name: `Journey of A-001 ${PATIENT}` }).click();
    const timeline = reception.getByRole("list", { name: "Visit journey" });
    await timeline.locator('[data-event-type="FOLLOWUP_SCHEDULED"]').waitFor();
    const journey = await world.api("visitJourney", { visitId: await visitIdOf(world) }, world.adminToken);
    if (!journey.ok) throw new Error(journey.error.message);
    const steps = (journey.value as { steps: { eventType: string; metadata: Record<string, unknown> }[] })
      .steps;
    // Read until the list settles: a live refresh may redraw it between the wait above and the read.
    const shownSteps = () =>
      timeline.locator("li").evaluateAll((items) => items.map((li) => li.getAttribute("data-event-type")));
    await expect.poll(shownSteps, { timeout: 15_000 }).toEqual(steps.map((s) => s.eventType));
    const shown = await shownSteps();
    await shoot(reception, "journey");
    expect(shown).toEqual([
      "VISIT_REGISTERED",
      "QUEUE_JOINED",
      "CONSULTATION_BILLED",
      "QUEUE_CALLED",
      "ENTERED_ROOM",
      "VITALS_RECORDED",
      "PRESCRIPTION_GIVEN",
      "TESTS_ORDERED",
      "EXITED_ROOM",
      "TESTS_BILLED",
      "PAYMENT_PARTIAL",
      "PAYMENT_RECEIVED",
      "PAYMENT_RECEIVED",
      "TEST_SAMPLE_COLLECTED",
      "TEST_SAMPLE_REJECTED",
      "TEST_SAMPLE_COLLECTED",
      "TEST_IN_PROGRESS",
      "TEST_COMPLETED",
      "TEST_REVIEWED",
      "TEST_APPROVED",
      "REPORT_GENERATED",
      "REPORT_DELIVERED",
      "TEST_SAMPLE_COLLECTED",
      "TEST_IN_PROGRESS",
      "TEST_COMPLETED",
      "TEST_REVIEWED",
      "TEST_APPROVED",
      "VISIT_COMPLETED",
      "FOLLOWUP_SCHEDULED",
    ]);

    // The report is a real PDF in the visit's documents, and its bytes hash to what REPORT_GENERATED names.
    const report = steps.find((s) => s.eventType === "REPORT_GENERATED")?.metadata as {
      reportUrl: string;
      fileSize: number;
      sha256: string;
    };
    const path = join(world.dir, report.reportUrl);
    const bytes = readFileSync(path);
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    expect(statSync(path).size).toBe(report.fileSize);
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(report.sha256);
  }, 180_000);
});

async function visitIdOf(w: World): Promise<string> {
  const r = await w.api("visitsOfDay", {}, w.adminToken);
  if (!r.ok) throw new Error(r.error.message);
  const visit = (r.value as { visits: { visitId: string; tokenNumber: string }[] }).visits.find(
    (v) => v.tokenNumber === "A-001",
  );
  if (!visit) throw new Error("The visit A-001 is not in today's list");
  return visit.visitId;
}

import { spawnSync } from "node:child_process";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  averageConsultationTime,
  averageWaitTime,
  dailyVisitStatistics,
  mostCommonEventTypes,
  type TimeBounds,
} from "../../db/analytics.js";
import { openScreen, shoot, startWorld, type World } from "./support.js";

// The Analytics screen on a week of realistic visits (`hms seed` into the host's file before it starts): every
// figure it shows is the one db/analytics.ts gives for the same database and the same seven local days, and a visit
// registered at the counter shows up without a reload.

let world: World;
beforeAll(async () => {
  world = await startWorld({
    beforeHost(dbPath) {
      const seeded = spawnSync(
        process.execPath,
        [
          "cli/bin.js",
          "seed",
          "--db",
          dbPath,
          "--days",
          "7",
          "--visits-per-day",
          "12",
          "--random-seed",
          "e2e",
        ],
        { encoding: "utf8" },
      );
      if (seeded.status !== 0) throw new Error(`hms seed failed: ${seeded.stderr}`);
    },
  });
}, 120_000);
afterAll(async () => {
  await world?.close();
});

/** The screen's default range: the last seven local calendar days, today included, as UTC bounds. */
function lastSevenDays(): TimeBounds {
  const now = new Date();
  const day = (offset: number) => new Date(now.getFullYear(), now.getMonth(), now.getDate() + offset);
  return { from: day(-6).toISOString(), to: day(1).toISOString() };
}

const oneDecimal = (m: number | null) => (m === null ? "—" : `${(Math.round(m * 10) / 10).toFixed(1)} min`);
const figure = (page: Page, title: string) =>
  page.getByRole("region", { name: title, exact: true }).getByTestId("figure-value").innerText();
const note = (page: Page, title: string) =>
  page.getByRole("region", { name: title, exact: true }).locator(".hms-analytics-note").innerText();

describe("the Analytics screen", () => {
  it("shows the log's own figures for the last seven days, and follows new visits by itself", async () => {
    const db = world.web.db;
    const bounds = lastSevenDays();
    const wait = averageWaitTime(db, bounds);
    const consultation = averageConsultationTime(db, bounds);
    const eventTypes = mostCommonEventTypes(db, bounds);
    const daily = dailyVisitStatistics(db, bounds, { localDays: true });
    const visits = daily.reduce((n, d) => n + d.totalVisits, 0);
    const money = db.sqlite
      .prepare(
        `SELECT SUM(amountCents - discountCents) / 100.0 AS billed, SUM(paidCents) / 100.0 AS paid
         FROM bills WHERE billedAt >= @from AND billedAt < @to`,
      )
      .get(bounds) as { billed: number; paid: number };
    // The seed makes a week of real work: waits, consultations, money, and patients still waiting today.
    expect(visits).toBeGreaterThan(40);
    expect(wait.called).toBeGreaterThan(0);
    expect(consultation.sessions).toBeGreaterThan(0);

    const page = await world.signedIn("admin");
    await openScreen(page, "Analytics");
    await page.getByRole("heading", { name: "Analytics", level: 1 }).waitFor();
    await page.getByRole("region", { name: "Visits", exact: true }).waitFor();

    expect(await figure(page, "Visits")).toBe(String(visits));
    expect(await figure(page, "Average wait")).toBe(oneDecimal(wait.averageMinutes));
    const waitNote = await note(page, "Average wait");
    expect(waitNote).toContain(`over ${wait.called} call`);
    expect(waitNote).toContain(
      `${wait.stillWaiting} patient${wait.stillWaiting === 1 ? "" : "s"} still waiting`,
    );
    if (wait.leftBeforeCalled)
      expect(waitNote).toContain(`${wait.leftBeforeCalled} left before being called`);
    expect(await figure(page, "Average consultation")).toBe(oneDecimal(consultation.averageMinutes));
    expect(await note(page, "Average consultation")).toContain(`over ${consultation.sessions} room session`);
    const kes = (n: number) => n.toFixed(2);
    expect((await figure(page, "Billed")).replace(/[^\d.]/g, "")).toBe(kes(money.billed));
    expect((await figure(page, "Taken")).replace(/[^\d.]/g, "")).toBe(kes(money.paid));

    // Most common steps: every event type with the catalog's label, in the seed's order.
    const steps = page.getByRole("table", { name: "Most common event types" });
    const rows = await steps
      .locator("tbody tr")
      .evaluateAll((trs) =>
        trs.map((tr) => Array.from(tr.querySelectorAll("td"), (td) => td.textContent ?? "")),
      );
    expect(rows).toEqual(eventTypes.map((e) => [e.label, String(e.count)]));
    expect(rows.some(([label]) => label === "Entered the room")).toBe(true);

    // Visits per day: a drawn bar chart, and the same numbers in the table a screen reader reads.
    const chart = page.getByRole("figure", { name: "Visits per day, by how they stand now" });
    expect(await chart.locator(".recharts-bar-rectangle").count()).toBeGreaterThan(0);
    const perDay = await page
      .getByRole("table", { name: "Visits per day" })
      .locator("tbody tr td:nth-child(2)")
      .allInnerTexts();
    expect(perDay).toHaveLength(7);
    const shown = perDay.map(Number);
    expect(shown.reduce((a, b) => a + b, 0)).toBe(visits);
    expect(shown.filter((n) => n > 0)).toEqual(daily.map((d) => d.totalVisits));
    await shoot(page, "analytics");

    // A visit registered at the counter: one more visit and one more patient waiting, without a reload.
    const reception = await world.tokenOf("reception");
    const patient = await world.must<{ patient: { id: string } }>(
      "registerPatient",
      { name: "Amina Yusuf", sex: "female", dateOfBirth: "1990-05-06", phone: "0722 987654" },
      reception,
    );
    await world.must(
      "registerVisit",
      { patientId: patient.patient.id, doctorId: world.staff.doctor.id },
      reception,
    );
    await page
      .getByRole("region", { name: "Visits", exact: true })
      .getByTestId("figure-value")
      .getByText(String(visits + 1), { exact: true })
      .waitFor();
    await page
      .getByRole("region", { name: "Average wait", exact: true })
      .getByText(`${wait.stillWaiting + 1} patient${wait.stillWaiting === 0 ? "" : "s"} still waiting`)
      .waitFor();
  }, 60_000);
});

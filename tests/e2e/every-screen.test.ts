import { copyFileSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorld, type World } from "./support.js";

// Every screen by its address, with a visit under way so that each shows what people work with (a patient in the
// room, a result waiting for review, a bill to pay): axe-core finds no serious or critical violation in English or
// in Arabic, the consultation and the lab name the patient's age, sex and reason, and a very long name keeps its
// row one line tall. Screenshots in English, Arabic and French go to a temp folder; `npm run
// screenshots:languages` copies them into docs/screenshots.

type Lang = "en" | "ar" | "fr";
const words = (lang: Lang): Record<string, string> =>
  lang === "en" ? {} : JSON.parse(readFileSync(resolve(`renderer/i18n/catalogues/${lang}.json`), "utf8"));
const catalogue = { en: words("en"), ar: words("ar"), fr: words("fr") };
const tr = (lang: Lang, english: string) => catalogue[lang][english] ?? english;

const PATIENT = "Grace Wanjiru";
const LONG_NAME = `Nakato ${"Namukasa-Ssempijja ".repeat(9)}Achieng`.trim();

let world: World;
let shots: string;
let visitId = "";
let testOrderId = "";

beforeAll(async () => {
  world = await startWorld();
  shots = join(world.dir, "screenshots");
  mkdirSync(shots, { recursive: true });
  const reception = await world.tokenOf("reception");
  const doctor = await world.tokenOf("doctor");
  const lab = await world.tokenOf("lab");
  // A patient who gave her age, not her birth date: 28 years ago today, marked as estimated.
  const born = new Date();
  born.setFullYear(born.getFullYear() - 28);
  const { patient } = await world.must<{ patient: { id: string } }>(
    "registerPatient",
    {
      name: PATIENT,
      sex: "female",
      dateOfBirth: born.toISOString().slice(0, 10),
      dateOfBirthEstimated: true,
    },
    reception,
  );
  const visit = await world.must<{ visitId: string }>(
    "registerVisit",
    { patientId: patient.id, doctorId: world.staff.doctor.id, reason: "Fever for three days" },
    reception,
  );
  visitId = visit.visitId;
  await world.must("callPatient", { visitId }, doctor);
  await world.must("enterRoom", { visitId }, doctor);
  await world.must("recordVitals", { visitId, vitals: { temperatureC: 38.4, pulse: 96 } }, doctor);
  const ordered = await world.must<{ testOrderIds: string[] }>(
    "orderTests",
    { visitId, tests: [{ name: "Malaria rapid test", specimen: "Blood" }] },
    doctor,
  );
  testOrderId = ordered.testOrderIds[0] ?? "";
  const test = { visitId, testOrderId };
  await world.must("collectSample", test, lab);
  await world.must("startTest", test, lab);
  await world.must(
    "recordResult",
    { ...test, results: [{ analyte: "Malaria antigen", value: "Positive" }] },
    lab,
  );
  const long = await world.must<{ patient: { id: string } }>(
    "registerPatient",
    { name: LONG_NAME, sex: "male", dateOfBirth: "1979-06-30" },
    reception,
  );
  await world.must(
    "registerVisit",
    { patientId: long.patient.id, doctorId: world.staff.doctor.id },
    reception,
  );
}, 180_000);

afterAll(async () => {
  // Only the screenshot script asks for copies in docs/; a test run leaves tracked files alone.
  const into = process.env.HMS_LANGUAGE_SCREENSHOTS;
  if (into && shots) for (const f of readdirSync(shots)) copyFileSync(join(shots, f), join(resolve(into), f));
  await world?.close();
});

async function chooseLanguage(page: Page, from: Lang, to: Lang) {
  await page.getByLabel(tr(from, "Language"), { exact: true }).selectOption(to);
  await page.waitForFunction((l) => document.documentElement.lang === l, to);
}

/** Opens an address and waits until the screen's heading is drawn and nothing says it is loading. */
async function visit(page: Page, address: string) {
  await page.goto(`${world.web.url}#${address}`);
  await page.locator("main h1").first().waitFor();
  await page.waitForFunction(() => !document.querySelector(".hms-loading, .shell-loading"));
}

async function axeFindings(page: Page, where: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${where}: ${v.id} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}

async function shoot(page: Page, name: string) {
  await page.evaluate(() => {
    for (const el of [document.scrollingElement, ...document.querySelectorAll(".shell-main")])
      el?.scrollTo(0, 0);
  });
  await page.screenshot({ path: join(shots, `${name}.png`) });
}

describe("every screen", () => {
  it("the consultation and the lab head the visit with the patient's age, sex and reason", {
    timeout: 120_000,
  }, async () => {
    const doctor = await world.signedIn("doctor");
    await visit(doctor, `/consultation/visit/${visitId}`);
    const inRoom = doctor.getByRole("region", { name: "Patient", exact: true });
    await inRoom.getByText("about 28 years").waitFor();
    await inRoom.getByText("Female").waitFor();
    await inRoom.getByText("Fever for three days").waitFor();

    const lab = await world.signedIn("lab");
    await visit(lab, `/lab/test/${visitId}/${testOrderId}`);
    const atBench = lab.getByRole("region", { name: "Patient", exact: true });
    await atBench.getByText("about 28 years").waitFor();
    await atBench.getByText("Fever for three days").waitFor();
    // A result waiting for review is reviewed first; Approve comes after.
    await lab.getByRole("button", { name: "Mark reviewed" }).waitFor();
    expect(await lab.getByRole("button", { name: "Approve", exact: true }).count()).toBe(0);
  });

  it("keeps a very long name to one line in the queue, with the whole name on hover and on focus", {
    timeout: 120_000,
  }, async () => {
    const reception = await world.signedIn("reception");
    await visit(reception, "/reception");
    const queue = reception.getByRole("region", { name: "Queue", exact: true });
    const name = queue.locator(".hms-name", { hasText: "Nakato" });
    await name.waitFor();
    expect(await name.getAttribute("title")).toBe(LONG_NAME);
    const row = queue.locator("tr").filter({ has: reception.locator(".hms-name", { hasText: "Nakato" }) });
    // One line of text, not eight.
    expect((await name.boundingBox())?.height ?? 0).toBeLessThan(30);
    // Focus on the row's control shows the whole name.
    await row.getByRole("button").first().focus();
    await expect.poll(async () => (await name.boundingBox())?.height ?? 0).toBeGreaterThan(30);
  });

  it("axe finds no serious or critical violation on any screen, in English and in Arabic; the header stays within two rows", {
    timeout: 600_000,
  }, async () => {
    const screens: [keyof World["staff"], string, string][] = [
      ["reception", "reception", "/reception"],
      ["reception", "billing", `/billing/visit/${visitId}`],
      ["doctor", "consultation", `/consultation/visit/${visitId}`],
      ["doctor", "analytics", "/analytics"],
      ["lab", "lab", `/lab/test/${visitId}/${testOrderId}?status=review`],
      ["admin", "journey", `/journey/visit/${visitId}`],
      ["admin", "clinic-setup", "/clinic-setup"],
      ["admin", "audit-export", "/audit-export"],
      ["admin", "security-audit", "/security"],
      ["admin", "staff", "/staff"],
      ["admin", "settings", "/settings"],
    ];
    const findings: string[] = [];
    // The header (menu, who, language, Lock, Sign out) in two rows of 44 pixels at most, in every language: beside the
    // controls the administrator's French menu once took four rows, a quarter of a 768-pixel screen.
    const tallHeaders: string[] = [];
    // The sign-in screen speaks the desk's last language.
    for (const lang of ["en", "ar", "fr"] as const) {
      const context = await world.browser.newContext({ viewport: { width: 1366, height: 768 } });
      world.contexts.push(context);
      await context.addInitScript((l) => localStorage.setItem("hms.language", l), lang);
      const anon = await context.newPage();
      await anon.goto(world.web.url);
      await anon.waitForFunction((l) => document.documentElement.lang === l, lang);
      await anon.getByRole("button", { name: tr(lang, "Sign in") }).waitFor();
      if (lang !== "fr") findings.push(...(await axeFindings(anon, `sign-in ${lang}`)));
      await shoot(anon, `sign-in-${lang}`);
    }
    const pages = new Map<string, Page>();
    for (const lang of ["en", "ar", "fr"] as const)
      for (const [who, name, address] of screens) {
        let page = pages.get(who);
        if (!page) {
          page = await world.signedIn(who);
          pages.set(who, page);
        }
        const current = (await page.evaluate(() => document.documentElement.lang)) as Lang;
        if (current !== lang) await chooseLanguage(page, current, lang);
        await visit(page, address);
        const header = await page.locator(".shell-bar").evaluate((e) => e.getBoundingClientRect().height);
        if (header > 2 * 44 + 12) tallHeaders.push(`${name} ${lang}: ${Math.round(header)} px`);
        if (lang !== "fr") findings.push(...(await axeFindings(page, `${name} ${lang}`)));
        await shoot(page, `${name}-${lang}`);
      }
    // The waiting-room display needs no sign-in; its address names its languages.
    const context = await world.browser.newContext({ viewport: { width: 1366, height: 768 } });
    world.contexts.push(context);
    const display = await context.newPage();
    for (const lang of ["en", "ar", "fr"] as const) {
      await display.goto(`${world.web.url}#display?languages=${lang}`);
      await display.reload();
      await display.getByRole("heading", { name: tr(lang, "Now calling") }).waitFor();
      if (lang !== "fr") findings.push(...(await axeFindings(display, `display ${lang}`)));
      await shoot(display, `waiting-display-${lang}`);
    }
    for (const page of pages.values()) {
      const current = (await page.evaluate(() => document.documentElement.lang)) as Lang;
      if (current !== "en") await chooseLanguage(page, current, "en");
    }
    expect(findings).toEqual([]);
    expect(tallHeaders).toEqual([]);
  });
});

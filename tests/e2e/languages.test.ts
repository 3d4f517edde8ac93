import { copyFileSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { conflictOnVisit, PASSWORD, refusedByServer, startWorld, type World } from "./support.js";

// The screens in other languages, in a real browser: Arabic laid out right to left and French, through the core of
// the three-desk visit (axe-core on every screen is in every-screen.test.ts), and a visit's Latin token on the right
// of the patient's name in Arabic on the conflicts screen.
// Screenshots go to a temp folder; `npm run screenshots:languages` copies them into docs/screenshots on demand.

type Lang = "en" | "fr" | "ar";
const catalogue = (lang: Lang): Record<string, string> =>
  lang === "en" ? {} : JSON.parse(readFileSync(resolve(`renderer/i18n/catalogues/${lang}.json`), "utf8"));
const words = { en: catalogue("en"), fr: catalogue("fr"), ar: catalogue("ar") };
/** The words a person reads on screen in this language, with the message's {parameters} filled in. */
const tr = (lang: Lang, english: string, params: Record<string, string> = {}) =>
  Object.entries(params).reduce(
    (text, [k, v]) => text.replaceAll(`{${k}}`, v),
    words[lang][english] ?? english,
  );

let world: World;
let shots: string;
beforeAll(async () => {
  world = await startWorld();
  shots = join(world.dir, "screenshots");
  mkdirSync(shots, { recursive: true });
}, 180_000);
afterAll(async () => {
  // Only the screenshot script asks for copies in docs/; a test run leaves tracked files alone.
  const into = process.env.HMS_LANGUAGE_SCREENSHOTS;
  if (into && shots) for (const f of readdirSync(shots)) copyFileSync(join(shots, f), join(resolve(into), f));
  if (process.env.HMS_KEEP_SCREENSHOTS && shots)
    for (const f of readdirSync(shots))
      copyFileSync(join(shots, f), join(process.env.HMS_KEEP_SCREENSHOTS, f));
  await world?.close();
});

async function shoot(page: Page, name: string) {
  await page.evaluate(() => {
    for (const el of [document.scrollingElement, ...document.querySelectorAll(".shell-main")])
      el?.scrollTo(0, 0);
  });
  await page.screenshot({ path: join(shots, `${name}.png`) });
}

async function chooseLanguage(page: Page, from: Lang, to: Lang) {
  await page.getByLabel(tr(from, "Language"), { exact: true }).selectOption(to);
  await page.waitForFunction((l) => document.documentElement.lang === l, to);
}

async function openScreen(page: Page, lang: Lang, label: string) {
  await page
    .getByRole("navigation", { name: tr(lang, "Screens") })
    .getByRole("link", { name: tr(lang, label), exact: true })
    .click();
}

/** axe-core's serious and critical findings on the page as it is now, as "screen: rule (elements)". */
async function axeFindings(page: Page, where: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${where}: ${v.id} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}

/** The left and right edges of the token and of the patient's name inside `where` (TokenAndName's two pieces). */
async function tokenAndName(where: Locator) {
  const edges = (el: Element) => {
    const r = el.getBoundingClientRect();
    return { left: r.left, right: r.right };
  };
  const token = await where.locator(".hms-token").evaluate(edges);
  const name = await where.locator(".hms-patient-name").evaluate(edges);
  return { token, name };
}

describe("the screens in five languages", () => {
  it("a person switches to Arabic: right to left, saved as their choice for their next sign-in", {
    timeout: 180_000,
  }, async () => {
    const page = await world.signedIn("reception");
    expect(await page.evaluate(() => document.documentElement.dir)).toBe("ltr");
    await chooseLanguage(page, "en", "ar");
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual([
      "ar",
      "rtl",
    ]);
    // The menu sits at the right-hand end of the bar in Arabic (logical properties, not left/right).
    const brand = await page.locator(".shell-brand").boundingBox();
    const signOut = await page.getByRole("button", { name: tr("ar", "Sign out") }).boundingBox();
    expect(brand && signOut && brand.x > signOut.x).toBe(true);
    // Another desk: the same person signs in and finds Arabic without choosing again.
    const context = await world.browser.newContext({ viewport: { width: 1366, height: 768 } });
    world.contexts.push(context);
    const again = await context.newPage();
    await again.goto(world.web.url);
    await again.getByLabel("Username").fill("reception");
    await again.getByLabel("Password").fill(PASSWORD);
    await again.getByRole("button", { name: "Sign in" }).click();
    await again.waitForFunction(() => document.documentElement.lang === "ar");
    await again.getByRole("navigation", { name: tr("ar", "Screens") }).waitFor();
    await chooseLanguage(again, "ar", "en");
  });

  it("the waiting-room display shows two languages from its address", async () => {
    const context = await world.browser.newContext({ viewport: { width: 1366, height: 768 } });
    world.contexts.push(context);
    const display = await context.newPage();
    await display.goto(`${world.web.url}#display?languages=sw,ar`);
    await display.getByRole("heading", { name: /Anayeitwa sasa/ }).waitFor();
    await display.getByText(tr("ar", "Now calling")).waitFor();
    expect(await display.evaluate(() => document.documentElement.lang)).toBe("sw");
    // The Arabic line runs right to left (its full stop at its left end) under the Swahili sign, lined up with it.
    const arabic = display.getByText(tr("ar", "Now calling"));
    expect(await arabic.evaluate((el) => [el.getAttribute("dir"), getComputedStyle(el).textAlign])).toEqual([
      "rtl",
      "left",
    ]);
    expect(await axeFindings(display, "display sw+ar")).toEqual([]);
    await shoot(display, "waiting-room-display-sw-ar");
  });

  for (const lang of ["ar", "fr"] as const)
    it(`runs the core of the three-desk visit in ${lang}`, { timeout: 240_000 }, async () => {
      const [reception, doctor] = await Promise.all([world.signedIn("reception"), world.signedIn("doctor")]);
      await chooseLanguage(reception, "en", lang);
      await chooseLanguage(doctor, "en", lang);
      const T = (english: string, params?: Record<string, string>) => tr(lang, english, params);
      const patient = lang === "ar" ? "فاطمة الزهراء" : "Aminata Diallo";

      await reception.getByRole("button", { name: T("New patient") }).click();
      await reception.getByLabel(T("Full name")).fill(patient);
      await reception.getByLabel(T("Sex"), { exact: true }).selectOption("female");
      await reception.getByLabel(T("Date of birth")).fill("1988-03-14");
      await reception.getByRole("button", { name: T("Register patient") }).click();
      await reception.getByLabel(T("Doctor"), { exact: true }).selectOption({ label: "Dr Daniel Okoro (A)" });
      await reception.getByLabel(T("Reason for the visit")).fill(lang === "ar" ? "صداع" : "Maux de tête");
      await reception.getByRole("button", { name: T("Start visit and give token") }).click();
      const token = (await reception.getByLabel(T("Token given")).innerText()).match(/A-\d{3}/)?.[0] ?? "";
      expect(token).toMatch(/^A-\d{3}$/);
      await shoot(reception, `reception-${lang}`);

      await doctor
        .getByRole("button", { name: T("Open {token} {name}", { token, name: patient }) })
        .waitFor();
      await doctor.getByLabel(T("Room number"), { exact: true }).fill("3");
      await doctor.getByRole("button", { name: T("Call next") }).click();
      await doctor.getByRole("button", { name: T("Patient entered") }).click();
      await doctor.getByLabel(T("Temperature (°C)")).fill("37.9");
      await doctor.getByRole("button", { name: T("Record vitals") }).click();
      await doctor.getByText(T("Vitals recorded")).first().waitFor();
      await doctor.getByRole("tab", { name: T("Order tests") }).click();
      await doctor.getByRole("checkbox", { name: /Malaria rapid test/ }).check();
      await doctor.getByRole("button", { name: T("Order tests") }).click();
      // ICU plurals: Arabic says "one test" in words, French "1 examen prescrit".
      await doctor
        .getByText(lang === "ar" ? "طُلب فحص واحد" : "1 examen prescrit")
        .first()
        .waitFor();
      await shoot(doctor, `consultation-${lang}`);
      // The patient in the room: the token first, in the page's direction (right of the name in Arabic).
      const inRoom = await tokenAndName(doctor.getByRole("region", { name: `${token} ${patient}` }).first());
      if (lang === "ar") expect(inRoom.token.left).toBeGreaterThanOrEqual(inRoom.name.right);
      else expect(inRoom.token.right).toBeLessThanOrEqual(inRoom.name.left);
      await doctor.getByRole("button", { name: T("Patient left the room") }).click();
      await doctor
        .getByText(T("{name} left the room", { name: patient }))
        .first()
        .waitFor();

      // The cash desk: money written for the language (KES with the locale's digits and separators).
      await openScreen(reception, lang, "Billing");
      await reception
        .getByRole("button", { name: T("Bills of {name} ({token})", { name: patient, token }) })
        .click();
      const bill = reception.getByRole("region", { name: T("{kind} bill", { kind: T("Consultation") }) });
      // The fee's line item is in the desk's language too, not the English word registration billed it under.
      await bill
        .getByRole("definition")
        .filter({ hasText: new RegExp(`^${T("Consultation")}$`) })
        .waitFor();
      await bill.getByRole("button", { name: T("Whole balance") }).click();
      await bill.getByRole("button", { name: T("Take payment") }).click();
      await reception
        .getByText(T("{kind} bill paid in full", { kind: T("Consultation") }))
        .first()
        .waitFor();
      const zero = new Intl.NumberFormat(lang, {
        style: "currency",
        currency: "KES",
        currencyDisplay: "code",
      })
        .format(0)
        .replace(/\s/g, " ");
      await expect
        .poll(async () =>
          (await bill.getByLabel(T("{kind} balance", { kind: T("Consultation") })).innerText()).replace(
            /\s/g,
            " ",
          ),
        )
        .toBe(zero);
      await shoot(reception, `billing-${lang}`);

      await openScreen(reception, lang, "Visit journey");
      await reception
        .getByRole("button", { name: T("Journey of {who}", { who: `${token} ${patient}` }) })
        .click();
      await reception.getByText(T("Visit registered")).first().waitFor();
      await shoot(reception, `journey-${lang}`);
      // Their choice is saved with the clinic; back to English for the tests that follow.
      await chooseLanguage(reception, lang, "en");
      await chooseLanguage(doctor, lang, "en");
    });

  it("puts a visit's token before the patient's name on the conflicts screen: at the right in Arabic, the left in English", {
    timeout: 180_000,
  }, async () => {
    const reception = await world.tokenOf("reception");
    const visitFor = async (name: string) => {
      const { patient } = await world.must<{ patient: { id: string } }>(
        "registerPatient",
        { name, sex: "female" },
        reception,
      );
      return world.must<{ visitId: string; tokenNumber: string; billId: string }>(
        "registerVisit",
        { patientId: patient.id, doctorId: world.staff.doctor.id },
        reception,
      );
    };
    // A Latin name on a visit with a conflict (this desk's payment refused at its place, as in mending.test.ts) and
    // an entry a newer version recorded; an Arabic name on a visit with an entry the central server refused.
    const latin = "Amina Yusuf";
    const arabic = "خديجة العمري";
    const held = await visitFor(latin);
    await conflictOnVisit(world, held, reception);
    const refusedVisit = await visitFor(arabic);
    const paid = await world.must<{ eventIds: string[] }>(
      "recordPayment",
      { visitId: refusedVisit.visitId, billId: refusedVisit.billId, amount: 20 },
      reception,
    );
    const refusedId = paid.eventIds[0] as string;
    refusedByServer(world, refusedId, "changed after it was recorded");

    const page = await world.signedIn("reception");
    for (const lang of ["ar", "en"] as const) {
      if (lang === "ar") await chooseLanguage(page, "en", "ar");
      else await chooseLanguage(page, "ar", "en");
      await page.goto(`${world.web.url}#/conflicts`);
      const T = (english: string, params?: Record<string, string>) => tr(lang, english, params);
      const card = page.getByRole("region", {
        name: T("{entry} on {who}", { entry: T("Paid in full"), who: `${held.tokenNumber} ${latin}` }),
      });
      const refused = page
        .getByRole("region", { name: T("Refused by the central server") })
        .locator(`[data-event-id="${refusedId}"]`);
      const parked = page.getByRole("region", { name: T("Recorded by a newer version, not applied") });
      await card.getByRole("heading").waitFor();
      await refused.getByText(arabic).waitFor();
      await parked.getByText(latin).waitFor();
      // Why an entry is held reads in the desk's language (the rules' refusal, and the version that cannot read it);
      // in English the app's own sentence, which names the bill and the versions.
      await card
        .getByText(
          lang === "ar" ? T("The payment is more than the balance owed.") : /is already paid in full/,
        )
        .waitFor();
      await parked
        .getByText(
          lang === "ar"
            ? T(
                "This desk's version of the app cannot read this entry; it is kept, and applied once the desk is updated.",
              )
            : /Metadata version 9 is newer than this app's/,
        )
        .waitFor();
      for (const where of [card.getByRole("heading"), refused, parked]) {
        const { token, name } = await tokenAndName(where);
        if (lang === "ar") expect(token.left).toBeGreaterThanOrEqual(name.right);
        else expect(token.right).toBeLessThanOrEqual(name.left);
      }
      if (lang === "ar") {
        // Tall enough for the conflict, the refused entry and the entry a newer version recorded in one picture.
        await page.setViewportSize({ width: 1366, height: 1100 });
        await shoot(page, "conflicts-ar");
        await page.setViewportSize({ width: 1366, height: 768 });
      }
    }
  });
});

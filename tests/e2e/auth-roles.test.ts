import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWebHost, type WebHost } from "../../api/http/host.js";
import { launchBrowser } from "../support/browser.js";
import { tempDir } from "../support/temp-db.js";
import { rendererDir, shoot } from "./support.js";

// The browser host end to end, in Debian's Chromium: first-run setup, the administrator adds a receptionist and a
// doctor, each signs in and sees only their role's screens; the lock screen; and two pages that see each other's
// recorded events without reloading. `npm run screenshots` writes its pictures to docs/screenshots/.

let browser: Browser;
let web: WebHost;
let cleanup: () => void;

beforeAll(async () => {
  const t = tempDir("hms-e2e-");
  cleanup = t.cleanup;
  web = await startWebHost({ dbPath: join(t.dir, "clinic.sqlite"), rendererDir: rendererDir() });
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await web?.close();
  cleanup?.();
});

async function openPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  await page.goto(web.url);
  return page;
}

const navItems = (page: Page) =>
  page.getByRole("navigation", { name: "Screens" }).getByRole("link").allInnerTexts();

async function signIn(page: Page, username: string, password: string) {
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("navigation", { name: "Screens" }).waitFor();
}

async function addStaff(page: Page, name: string, role: string, username: string, password: string) {
  const form = page.getByRole("form", { name: "Add a member of staff" });
  await form.getByLabel("Full name").fill(name);
  await form.getByLabel("Role").selectOption({ label: role });
  await form.getByLabel("Username").fill(username);
  await form.getByLabel("First password").fill(password);
  await form.getByRole("button", { name: "Add to staff" }).click();
  await page.getByRole("cell", { name, exact: true }).waitFor();
}

describe("the browser host in a real browser", () => {
  it("serves a renderer bundle without the database layer in it", () => {
    const assets = join(rendererDir(), "assets");
    const js = readdirSync(assets).filter((f) => f.endsWith(".js"));
    expect(js.length).toBeGreaterThan(0);
    for (const f of js) expect(readFileSync(join(assets, f), "utf8")).not.toContain("better_sqlite3.node");
  });

  it("first-run setup, staff added by the admin, each role sees only its screens", async () => {
    const page = await openPage();
    // The secret left the address bar once the cookie was set.
    expect(page.url()).not.toContain("secret=");
    await page.getByRole("heading", { name: "Set up this clinic" }).waitFor();
    await page.getByLabel("Clinic name").fill("Riverside Clinic");
    await page.getByLabel("Administrator's full name").fill("Ada Mwangi");
    await page.getByLabel("Username").fill("ada");
    await page.getByLabel("Password", { exact: true }).fill("password1");
    await page.getByLabel("Password again").fill("password1");
    await page.getByRole("button", { name: "Create the clinic" }).click();
    await expect.poll(() => page.getByRole("alert").first().innerText()).toMatch(/too common/);
    await shoot(page, "first-run-setup-refused");
    await page.getByLabel("Password", { exact: true }).fill("Harbour-Lantern-91");
    await page.getByLabel("Password again").fill("Harbour-Lantern-91");
    await page.getByRole("button", { name: "Create the clinic" }).click();
    await page.getByRole("navigation", { name: "Screens" }).waitFor();
    expect(await navItems(page)).toEqual([
      "Reception",
      "Billing",
      "Visit journey",
      "Analytics",
      "Staff",
      "Settings",
      "Clinic setup",
      "Audit export",
      "Security audit",
    ]);

    await page.getByRole("link", { name: "Staff" }).click();
    await addStaff(page, "Rita Mensah", "Reception", "rita", "Mango-Tractor-27");
    await addStaff(page, "Dr Daniel Okoro", "Doctor", "daniel", "Cobalt-Heron-73");
    await shoot(page, "admin-staff");
    await page.getByRole("link", { name: "Security audit" }).click();
    await page.getByRole("cell", { name: "Staff added" }).first().waitFor();
    await shoot(page, "admin-security-audit");
    await page.getByRole("button", { name: "Sign out" }).click();

    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await page.getByLabel("Username").fill("rita");
    await page.getByLabel("Password").fill("Wrong-Password-00");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.getByRole("alert").first().innerText()).toMatch(/not right/);
    await shoot(page, "sign-in-refused");
    await signIn(page, "rita", "Mango-Tractor-27");
    expect(await navItems(page)).toEqual(["Reception", "Billing", "Visit journey"]);
    await expect.poll(() => page.locator(".shell-who").innerText()).toMatch(/Rita Mensah\s*Reception/);
    await shoot(page, "reception-signed-in");

    await page.getByRole("button", { name: "Lock" }).click();
    await page.getByRole("heading", { name: "Screen locked" }).waitFor();
    await shoot(page, "lock-screen");
    await page.getByLabel("Password").fill("Mango-Tractor-27");
    await page.getByRole("button", { name: "Unlock" }).click();
    await page.getByRole("navigation", { name: "Screens" }).waitFor();
    await page.getByRole("button", { name: "Lock" }).click();
    await page.getByRole("button", { name: "Sign in as someone else" }).click();

    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await signIn(page, "daniel", "Cobalt-Heron-73");
    expect(await navItems(page)).toEqual(["Consultation", "Visit journey", "Analytics"]);
    await shoot(page, "doctor-signed-in");
    await page.context().close();
  }, 120_000); // nine sign-ins and screens in one browser; slow on a shared two-core machine

  it("two pages see each other's recorded events without reloading", async () => {
    const desk = await openPage();
    await signIn(desk, "rita", "Mango-Tractor-27");
    const room = await openPage();
    await signIn(room, "daniel", "Cobalt-Heron-73");

    // Each page listens as the app does (server-sent events on its own cookie) and records what arrives.
    for (const page of [desk, room])
      await page.evaluate(() => {
        const w = window as unknown as { seen: { visitIds: string[]; records: string[] }[] };
        w.seen = [];
        const source = new EventSource("/api/events");
        source.addEventListener("appended", (e) => {
          const { visitIds, records } = JSON.parse((e as MessageEvent).data);
          w.seen.push({ visitIds, records });
        });
        return new Promise<void>((resolve) => source.addEventListener("open", () => resolve()));
      });
    const call = (page: Page, channel: string, input: unknown) =>
      page.evaluate(
        async ([c, i]) => {
          const token = sessionStorage.getItem("hms.sessionToken");
          const res = await fetch(`/api/${c}`, {
            method: "POST",
            headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
            body: JSON.stringify(i),
          });
          return res.json();
        },
        [channel, input] as const,
      );
    const seen = (page: Page) => page.evaluate(() => (window as unknown as { seen: unknown[] }).seen);

    const doctors = await call(desk, "doctors", {});
    const patient = await call(desk, "registerPatient", { name: "Amina Yusuf", sex: "female" });
    const visit = await call(desk, "registerVisit", {
      patientId: patient.value.patient.id,
      doctorId: doctors.value.doctors[0].id,
      consultationFee: 500,
    });
    expect(visit.value.tokenNumber).toBe("A-001");
    // The patient is a record, the visit's steps are events: each push names what it changed.
    const registered = { visitIds: [], records: ["patients"] };
    const visited = { visitIds: [visit.value.visitId], records: [] };
    await expect.poll(() => seen(room)).toEqual([registered, visited]);

    const called = await call(room, "callNextPatient", {});
    expect(called.ok).toBe(true);
    await expect.poll(() => seen(desk)).toEqual([registered, visited, visited]);
  });
});

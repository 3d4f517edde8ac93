import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWebHost, type WebHost } from "../../api/http/host.js";
import { tempDir } from "../support/temp-db.js";

// The browser host end to end, in Debian's Chromium: first-run setup, the administrator adds a receptionist and a
// doctor, each signs in and sees only their role's screens; the lock screen; and two pages that see each other's
// recorded events without reloading. Screenshots go to docs/screenshots/.

const shots = join(process.cwd(), "docs", "screenshots");
let browser: Browser;
let web: WebHost;
let cleanup: () => void;
let rendererDir: string;

beforeAll(async () => {
  const t = tempDir("hms-e2e-");
  cleanup = t.cleanup;
  rendererDir = join(t.dir, "renderer");
  // Built into the temp folder so the test never overwrites the dist/ someone is running.
  await build({
    configFile: join(process.cwd(), "vite.config.ts"),
    logLevel: "error",
    build: { outDir: rendererDir },
  });
  web = await startWebHost({ dbPath: join(t.dir, "clinic.sqlite"), rendererDir });
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  mkdirSync(shots, { recursive: true });
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
  page.getByRole("navigation", { name: "Screens" }).getByRole("button").allInnerTexts();

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
    const assets = join(rendererDir, "assets");
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
    await page.screenshot({ path: join(shots, "first-run-setup-refused.png") });
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
      "Catalogue",
      "Export",
      "Security audit",
    ]);

    await page.getByRole("button", { name: "Staff" }).click();
    await addStaff(page, "Rita Mensah", "Reception", "rita", "Mango-Tractor-27");
    await addStaff(page, "Dr Daniel Okoro", "Doctor", "daniel", "Cobalt-Heron-73");
    await page.screenshot({ path: join(shots, "admin-staff.png") });
    await page.getByRole("button", { name: "Security audit" }).click();
    await page.getByRole("cell", { name: "Staff added" }).first().waitFor();
    await page.screenshot({ path: join(shots, "admin-security-audit.png") });
    await page.getByRole("button", { name: "Sign out" }).click();

    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await page.getByLabel("Username").fill("rita");
    await page.getByLabel("Password").fill("Wrong-Password-00");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.getByRole("alert").first().innerText()).toMatch(/not right/);
    await page.screenshot({ path: join(shots, "sign-in-refused.png") });
    await signIn(page, "rita", "Mango-Tractor-27");
    expect(await navItems(page)).toEqual(["Reception", "Billing", "Visit journey"]);
    await expect.poll(() => page.locator(".shell-who").innerText()).toMatch(/Rita Mensah\s*Reception/);
    await page.screenshot({ path: join(shots, "reception-signed-in.png") });

    await page.getByRole("button", { name: "Lock" }).click();
    await page.getByRole("heading", { name: "Screen locked" }).waitFor();
    await page.screenshot({ path: join(shots, "lock-screen.png") });
    await page.getByLabel("Password").fill("Mango-Tractor-27");
    await page.getByRole("button", { name: "Unlock" }).click();
    await page.getByRole("navigation", { name: "Screens" }).waitFor();
    await page.getByRole("button", { name: "Lock" }).click();
    await page.getByRole("button", { name: "Sign in as someone else" }).click();

    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await signIn(page, "daniel", "Cobalt-Heron-73");
    expect(await navItems(page)).toEqual(["Consultation", "Visit journey", "Analytics"]);
    await page.screenshot({ path: join(shots, "doctor-signed-in.png") });
    await page.context().close();
  });

  it("two pages see each other's recorded events without reloading", async () => {
    const desk = await openPage();
    await signIn(desk, "rita", "Mango-Tractor-27");
    const room = await openPage();
    await signIn(room, "daniel", "Cobalt-Heron-73");

    // Each page listens as the app does (server-sent events on its own cookie) and records what arrives.
    for (const page of [desk, room])
      await page.evaluate(() => {
        const w = window as unknown as { seen: string[][] };
        w.seen = [];
        const source = new EventSource("/api/events");
        source.addEventListener("appended", (e) =>
          w.seen.push(JSON.parse((e as MessageEvent).data).visitIds),
        );
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
    const seen = (page: Page) => page.evaluate(() => (window as unknown as { seen: string[][] }).seen);

    const doctors = await call(desk, "doctors", {});
    const patient = await call(desk, "registerPatient", { name: "Amina Yusuf", sex: "female" });
    const visit = await call(desk, "registerVisit", {
      patientId: patient.value.patient.id,
      doctorId: doctors.value.doctors[0].id,
      consultationFee: 500,
    });
    expect(visit.value.tokenNumber).toBe("A-001");
    await expect.poll(() => seen(room)).toEqual([[visit.value.visitId]]);

    const called = await call(room, "callNextPatient", {});
    expect(called.ok).toBe(true);
    await expect.poll(() => seen(desk)).toEqual([[visit.value.visitId], [visit.value.visitId]]);
  });
});

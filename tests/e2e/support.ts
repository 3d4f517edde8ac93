import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { inject } from "vitest";
import { startWebHost, type WebHost } from "../../api/http/host.js";
import type { ApiReply } from "../../api/reply.js";
import { createDeskSyncStore } from "../../sync/desk-store.js";
import { launchBrowser } from "../support/browser.js";
import { tempDir } from "../support/temp-db.js";

// The browser tests' world: the renderer built once per test run (build-renderer.ts), a browser host on a real temp
// database, the run's Chromium (tests/setup/browser.ts finds one) driven by playwright-core, and one signed-in
// browser context per member of staff.

export const PASSWORD = "Mango-Tractor-27";
const ADMIN_PASSWORD = "Harbour-Lantern-91";

export const screenshotDir = resolve("docs/screenshots");

/** Screenshots are written only by `npm run screenshots`; `npm test` leaves the tracked pictures alone. */
const takingScreenshots = process.env.HMS_SCREENSHOTS === "1";

/** The renderer the global setup built for this run. */
export const rendererDir = (): string => inject("rendererDir");

export interface Staff {
  id: string;
  username: string;
  name: string;
}

export interface World {
  web: WebHost;
  dir: string;
  browser: Browser;
  staff: Record<"admin" | "reception" | "doctor" | "lab", Staff>;
  /** Calls the API as a program would (for setting up, never for the steps under test). */
  api(channel: string, input: unknown, token?: string | null): Promise<ApiReply>;
  adminToken: string;
  /** A session token for this person, for setting the scene through the API. */
  tokenOf(who: keyof World["staff"]): Promise<string>;
  /** Calls the API and returns the value, or throws with the refusal. */
  must<T = Record<string, unknown>>(channel: string, input: unknown, token: string): Promise<T>;
  /** A new browser context signed in as this person, at 1366x768. */
  signedIn(who: keyof World["staff"]): Promise<Page>;
  contexts: BrowserContext[];
  close(): Promise<void>;
}

/** `beforeHost` may fill the database file (say with `hms seed`) before the host opens it. */
export async function startWorld(
  options: { beforeHost?: (dbPath: string) => void | Promise<void> } = {},
): Promise<World> {
  const { dir, cleanup } = tempDir("hms-e2e-");
  const dbPath = join(dir, "clinic.sqlite");
  await options.beforeHost?.(dbPath);
  const web = await startWebHost({ dbPath, rendererDir: rendererDir(), port: 0 });
  const base = `http://127.0.0.1:${web.port}`;
  const api = async (channel: string, input: unknown, token: string | null = null) => {
    const res = await fetch(`${base}/api/${channel}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-hms-secret": web.secret,
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(input),
    });
    return (await res.json()) as ApiReply;
  };
  const must = <T>(r: ApiReply): T => {
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    return r.value as T;
  };
  const setup = must<{ token: string; staff: { id: string } }>(
    await api("setupClinic", {
      clinicName: "Riverside Family Clinic",
      adminName: "Ada Admin",
      username: "ada",
      password: ADMIN_PASSWORD,
    }),
  );
  must(await api("updateSettings", { consultationFee: 20, currency: "KES" }, setup.token));
  const names = { reception: "Rita Mensah", doctor: "Dr Daniel Okoro", lab: "Lena Lab" } as const;
  const staff = { admin: { id: setup.staff.id, username: "ada", name: "Ada Admin" } } as World["staff"];
  for (const role of ["reception", "doctor", "lab"] as const) {
    const added = must<{ staff: { id: string } }>(
      await api("addStaff", { name: names[role], role, username: role, password: PASSWORD }, setup.token),
    );
    staff[role] = { id: added.staff.id, username: role, name: names[role] };
  }

  const browser = await launchBrowser();
  const contexts: BrowserContext[] = [];

  return {
    web,
    dir,
    browser,
    staff,
    api,
    adminToken: setup.token,
    contexts,
    async tokenOf(who) {
      if (who === "admin") return setup.token;
      return must<{ token: string }>(
        await api("signIn", { username: staff[who].username, password: PASSWORD }),
      ).token;
    },
    async must<T>(channel: string, input: unknown, token: string) {
      return must<T>(await api(channel, input, token));
    },
    async signedIn(who) {
      const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
      contexts.push(context);
      const page = await context.newPage();
      await page.goto(web.url);
      await page.getByLabel("Username").fill(staff[who].username);
      await page.getByLabel("Password").fill(who === "admin" ? ADMIN_PASSWORD : PASSWORD);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("navigation", { name: "Screens" }).waitFor();
      return page;
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close();
      await web.close();
      cleanup();
    },
  };
}

/** Opens one of the shell's screens by its menu entry. */
export async function openScreen(page: Page, label: string): Promise<void> {
  await page
    .getByRole("navigation", { name: "Screens" })
    .getByRole("link", { name: label, exact: true })
    .click();
}

export async function shoot(page: Page, name: string): Promise<void> {
  if (!takingScreenshots) return;
  mkdirSync(screenshotDir, { recursive: true });
  // The screen as a person arriving at it sees it: scrolled to the top, nothing focused mid-way down.
  await page.evaluate(() => {
    for (const el of [document.scrollingElement, ...document.querySelectorAll(".shell-main")])
      el?.scrollTo(0, 0);
  });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`) });
}

/**
 * A sync conflict on a visit, as the sync job would leave it: the visit's events reached the server, this desk then
 * took the fee while another desk took it too, and the other desk's payment was pulled with the earlier sequence, so
 * this desk's is refused at its place. Beside it, an entry recorded by a newer version of the app (not applied).
 */
export async function conflictOnVisit(
  world: World,
  visit: { visitId: string; billId: string },
  receptionToken: string,
): Promise<{ otherPayment: string; newerEntry: string }> {
  const db = world.web.db.sqlite;
  db.prepare("UPDATE visit_events SET serverSeq = position WHERE visitId = ?").run(visit.visitId);
  await world.must(
    "recordPayment",
    { visitId: visit.visitId, billId: visit.billId, amount: 20 },
    receptionToken,
  );
  const pulled = db.prepare(
    `INSERT INTO visit_events (id, visitId, eventType, metadata, performedAt, deviceId, serverSeq, schemaVersion,
      recordedAt, hash) VALUES (?, ?, ?, ?, ?, 'dev_OTHER', ?, ?, ?, 'h')`,
  );
  // Past every sequence any visit of this world was given.
  const { top } = db.prepare("SELECT MAX(position) + 1000 AS top FROM visit_events").get() as { top: number };
  const now = new Date().toISOString();
  const ids = {
    otherPayment: `01JOTHERDESK${top}`.padEnd(26, "0"),
    newerEntry: `01JNEWERVERS${top}`.padEnd(26, "0"),
  };
  const payment = { billId: visit.billId, amount: 20, paymentMethod: "MOBILE_MONEY", currency: "KES" };
  pulled.run(
    ids.otherPayment,
    visit.visitId,
    "PAYMENT_RECEIVED",
    JSON.stringify(payment),
    now,
    top + 1,
    2,
    now,
  );
  pulled.run(
    ids.newerEntry,
    visit.visitId,
    "VITALS_RECORDED",
    JSON.stringify({ bmi: 22 }),
    now,
    top + 2,
    9,
    now,
  );
  world.web.db.events.refold([visit.visitId]);
  return ids;
}

/** What the sync job records when the central server answers a push of `eventId` with a refusal. */
export function refusedByServer(world: World, eventId: string, reason: string): void {
  createDeskSyncStore(world.web.db).recordPushResults(
    [{ id: eventId, status: "rejected", code: "HASH_MISMATCH", reason }],
    new Date(),
  );
}

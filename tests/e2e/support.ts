import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { inject } from "vitest";
import { startWebHost, type WebHost } from "../../api/http/host.js";
import type { ApiReply } from "../../api/reply.js";
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

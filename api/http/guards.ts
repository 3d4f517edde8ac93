import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";

// Who may drive the browser host. Three checks, each against a different intruder:
// - the launch secret: another program or user on this machine that did not see the printed address;
// - the Host header: a web page using DNS rebinding (its own domain name pointed at 127.0.0.1) — only IP literals
//   and "localhost" on our port are accepted, never a domain name;
// - the Origin header (and Sec-Fetch-Site): a web page on another origin, including another local port, sending
//   requests from the user's browser.

export type GuardRefusal = { status: number; code: string; message: string };

export const secretCookieName = (port: number) => `hms_secret_${port}`;

export function checkHost(req: IncomingMessage, port: number): GuardRefusal | null {
  const host = req.headers.host ?? "";
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d+))?$/i.exec(host);
  const name = m?.[1]?.replace(/^\[|\]$/g, "") ?? "";
  const hostPort = Number(m?.[2] ?? 80);
  const nameOk = name.toLowerCase() === "localhost" || isIP(name) !== 0;
  if (!m || !nameOk || hostPort !== port)
    return {
      status: 421,
      code: "FOREIGN_HOST",
      message: `This clinic host does not answer to "${host.slice(0, 100)}".`,
    };
  return null;
}

export function checkOrigin(req: IncomingMessage): GuardRefusal | null {
  const origin = req.headers.origin;
  const site = req.headers["sec-fetch-site"];
  if (origin !== undefined && origin !== `http://${req.headers.host}`)
    return { status: 403, code: "FOREIGN_ORIGIN", message: "Requests from other web pages are refused." };
  if (typeof site === "string" && site !== "same-origin" && site !== "none")
    return { status: 403, code: "FOREIGN_ORIGIN", message: "Requests from other web pages are refused." };
  return null;
}

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return decodeURIComponent(v.join("="));
  }
  return undefined;
}

/** The secret may come in the x-hms-secret header (programs) or the cookie set when the page was opened. */
export function checkSecret(req: IncomingMessage, secret: string, port: number): GuardRefusal | null {
  const given = (req.headers["x-hms-secret"] as string | undefined) ?? cookie(req, secretCookieName(port));
  if (given === undefined || given === "")
    return {
      status: 401,
      code: "LAUNCH_SECRET_REQUIRED",
      message: "Open the address printed by `npm run web`: it carries this launch's secret.",
    };
  if (!same(given, secret))
    return {
      status: 403,
      code: "LAUNCH_SECRET_WRONG",
      message: "That launch secret is not this host's; open the address printed by the latest `npm run web`.",
    };
  return null;
}

export const isSecretFor = (candidate: string | null, secret: string) =>
  candidate !== null && same(candidate, secret);

import { readFile } from "node:fs/promises";
import { extname, isAbsolute, join, relative, resolve } from "node:path";
import { contentSecurityPolicy } from "./content-security.js";

/**
 * The built renderer is served from app://clinic/ rather than file://. A file:// page may read any local file and
 * gets no response headers, so its CSP could only be a <meta> tag; a custom scheme gives the app one origin of its
 * own, real headers (the CSP below) and no reach outside the renderer folder.
 */
export const APP_SCHEME = "app";
export const APP_HOST = "clinic";
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * For protocol.registerSchemesAsPrivileged, before the app is ready. `standard` gives relative URLs and storage,
 * `secure` a secure context. `corsEnabled` is left out on purpose: in Electron it lets other origins read the
 * scheme's responses without any Access-Control-Allow-Origin check; the page's own module scripts are same-origin.
 */
export const appSchemePrivileges = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
} as const;

const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
};

/**
 * The file under rendererDir that an app:// URL names, or null when the URL is for another host or tries to leave
 * the folder ("..", encoded slashes, absolute paths).
 */
export function appFileFor(url: string, rendererDir: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return null;
  let path: string;
  try {
    path = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (path.includes("\0") || path.includes("\\")) return null;
  if (path === "/" || path === "") path = "/index.html";
  const root = resolve(rendererDir);
  const file = resolve(join(root, path));
  const rel = relative(root, file);
  if (rel === "" || rel.startsWith("..") || isAbsolute(rel)) return null;
  return file;
}

/** Answers one app:// request from the renderer folder, with the CSP and no-sniff headers on every response. */
export async function serveAppFile(url: string, rendererDir: string): Promise<Response> {
  const headers = {
    "Content-Security-Policy": contentSecurityPolicy(),
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Opener-Policy": "same-origin",
  };
  const file = appFileFor(url, rendererDir);
  if (!file) return new Response("Not found", { status: 404, headers });
  try {
    const body = await readFile(file);
    const type = contentTypes[extname(file).toLowerCase()] ?? "application/octet-stream";
    return new Response(body, { status: 200, headers: { ...headers, "Content-Type": type } });
  } catch {
    return new Response("Not found", { status: 404, headers });
  }
}

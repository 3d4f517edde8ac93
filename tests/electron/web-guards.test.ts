import { describe, expect, it } from "vitest";
import {
  type GuardableContents,
  type GuardableSession,
  guardContents,
  guardSession,
  type PreventableEvent,
} from "../../electron/web-guards.js";

type Listener = (event: PreventableEvent, ...args: unknown[]) => void;

function standInContents() {
  const listeners = new Map<string, Listener[]>();
  let openHandler: ((d: { url: string }) => { action: string }) | undefined;
  const contents: GuardableContents = {
    on(event, listener) {
      listeners.set(event, [...(listeners.get(event) ?? []), listener as Listener]);
      return contents;
    },
    setWindowOpenHandler(handler) {
      openHandler = handler;
    },
  };
  /** Emits like Electron does and says whether some listener prevented the default. */
  const emit = (name: string, ...args: unknown[]) => {
    let prevented = false;
    for (const l of listeners.get(name) ?? [])
      l(
        {
          preventDefault: () => {
            prevented = true;
          },
        },
        ...args,
      );
    return prevented;
  };
  return { contents, emit, openWindow: (url: string) => openHandler?.({ url }) };
}

const quietLog = () => {
  const lines: string[] = [];
  return { lines, warn: (m: string) => lines.push(m) };
};

describe("web contents guards", () => {
  it("stops every navigation, redirect and webview, and logs what was blocked", () => {
    const s = standInContents();
    const log = quietLog();
    guardContents(s.contents, log);
    expect(s.emit("will-navigate", "https://evil.example/")).toBe(true);
    expect(s.emit("will-navigate", "app://clinic/index.html")).toBe(true);
    expect(s.emit("will-redirect", "https://evil.example/")).toBe(true);
    expect(s.emit("will-attach-webview", {}, {})).toBe(true);
    expect(log.lines).toContain("Blocked navigation to https://evil.example/");
  });

  it("denies every new window", () => {
    const s = standInContents();
    guardContents(s.contents, quietLog());
    expect(s.openWindow("https://example.org/")).toEqual({ action: "deny" });
    expect(s.openWindow("app://clinic/index.html")).toEqual({ action: "deny" });
  });
});

function standInSession() {
  let request: Parameters<GuardableSession["setPermissionRequestHandler"]>[0] | undefined;
  let check: ((...args: unknown[]) => boolean) | undefined;
  let headers: Parameters<GuardableSession["webRequest"]["onHeadersReceived"]>[0] | undefined;
  const session: GuardableSession = {
    setPermissionRequestHandler: (h) => {
      request = h;
    },
    setPermissionCheckHandler: (h) => {
      check = h;
    },
    webRequest: {
      onHeadersReceived: (l) => {
        headers = l;
      },
    },
  };
  return {
    session,
    askPermission: (permission: string) =>
      new Promise<boolean>((resolve) => request?.({}, permission, resolve) ?? resolve(true)),
    checkPermission: (permission: string) => check?.({}, permission, "app://clinic", {}) ?? true,
    respond: (responseHeaders: Record<string, string[]>) =>
      new Promise<Record<string, string[]> | undefined>((resolve) =>
        headers?.({ url: "http://localhost:5173/", responseHeaders }, (r) => resolve(r.responseHeaders)),
      ),
  };
}

describe("session guards", () => {
  it("denies every permission request and check", async () => {
    const s = standInSession();
    guardSession(s.session, "default-src 'none'");
    for (const p of ["media", "geolocation", "notifications", "clipboard-read", "openExternal", "usb"]) {
      expect(await s.askPermission(p), p).toBe(false);
      expect(s.checkPermission(p), p).toBe(false);
    }
  });

  it("puts our CSP on every HTTP response, replacing the server's own", async () => {
    const s = standInSession();
    guardSession(s.session, "default-src 'none'");
    const out = await s.respond({
      "content-type": ["text/html"],
      "content-security-policy": ["default-src *"],
    });
    expect(out).toEqual({ "content-type": ["text/html"], "Content-Security-Policy": ["default-src 'none'"] });
  });
});

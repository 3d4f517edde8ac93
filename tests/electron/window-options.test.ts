import { describe, expect, it } from "vitest";
import { contentSecurityPolicy } from "../../electron/content-security.js";
import { clinicWindowOptions } from "../../electron/window-options.js";

const directives = (csp: string) =>
  Object.fromEntries(
    csp.split(";").map((d) => {
      const [name, ...sources] = d.trim().split(/\s+/);
      return [name, sources];
    }),
  ) as Record<string, string[]>;

describe("clinic window options", () => {
  it("isolates the page: sandboxed, context-isolated, no Node, no webviews, web security on", () => {
    const prefs = clinicWindowOptions({
      preloadPath: "/app/dist-electron/preload.cjs",
      devTools: false,
    }).webPreferences;
    expect(prefs).toMatchObject({
      preload: "/app/dist-electron/preload.cjs",
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      devTools: false,
    });
  });

  it("opens DevTools only when asked (development runs)", () => {
    expect(clinicWindowOptions({ preloadPath: "p", devTools: true }).webPreferences?.devTools).toBe(true);
  });

  it("shows the window only when its first paint is ready", () => {
    expect(clinicWindowOptions({ preloadPath: "p", devTools: false }).show).toBe(false);
  });
});

describe("content security policy", () => {
  it("lets the packaged page load only its own files and allows no inline script, eval, framing or plugins", () => {
    const d = directives(contentSecurityPolicy());
    expect(d["default-src"]).toEqual(["'none'"]);
    expect(d["script-src"]).toEqual(["'self'"]);
    expect(d["style-src"]).toEqual(["'self'"]);
    expect(d["connect-src"]).toEqual(["'self'"]);
    expect(d["object-src"]).toEqual(["'none'"]);
    expect(d["frame-ancestors"]).toEqual(["'none'"]);
    expect(d["base-uri"]).toEqual(["'none'"]);
    expect(d["form-action"]).toEqual(["'none'"]);
    expect(contentSecurityPolicy()).not.toMatch(/unsafe-eval|\*/);
  });

  it("loosens only inline script/style and the hot-reload socket for the dev server", () => {
    const d = directives(contentSecurityPolicy("http://localhost:5173"));
    expect(d["script-src"]).toEqual(["'self'", "'unsafe-inline'"]);
    expect(d["connect-src"]).toEqual(["'self'", "http://localhost:5173", "ws://localhost:5173"]);
    expect(d["default-src"]).toEqual(["'none'"]);
    expect(contentSecurityPolicy("http://localhost:5173")).not.toMatch(/unsafe-eval/);
  });
});

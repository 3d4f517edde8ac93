import { describe, expect, it } from "vitest";
import { APP_ORIGIN } from "../../electron/app-protocol.js";
import { isTrustedSender, originOf } from "../../electron/trusted-sender.js";
import { mainFrame, subFrame } from "./stand-ins.js";

const trusted = [APP_ORIGIN, "http://localhost:5173"];

describe("sender frame check", () => {
  it("accepts the main frame of the app's own page and of the dev server", () => {
    expect(isTrustedSender(mainFrame("app://clinic/index.html"), trusted)).toBe(true);
    expect(isTrustedSender(mainFrame("app://clinic/index.html#/reception"), trusted)).toBe(true);
    expect(isTrustedSender(mainFrame("http://localhost:5173/"), trusted)).toBe(true);
  });

  it("refuses a sub-frame, even one of our own origin", () => {
    expect(isTrustedSender(subFrame("app://clinic/index.html", "app://clinic/index.html"), trusted)).toBe(
      false,
    );
    expect(isTrustedSender(subFrame("https://evil.example/", "app://clinic/index.html"), trusted)).toBe(
      false,
    );
  });

  it("refuses other origins, look-alikes, file:// pages and a missing frame", () => {
    for (const url of [
      "https://evil.example/",
      "http://localhost:5174/",
      "https://localhost:5173/",
      "app://clinic.evil/index.html",
      "app://other/index.html",
      "file:///home/user/index.html",
      "about:blank",
      "data:text/html,hi",
      "not a url",
    ])
      expect(isTrustedSender(mainFrame(url), trusted), url).toBe(false);
    expect(isTrustedSender(null, trusted)).toBe(false);
    expect(isTrustedSender(undefined, trusted)).toBe(false);
  });

  it("compares scheme and host for non-http schemes, where URL.origin is 'null'", () => {
    expect(new URL("app://clinic/x").origin).toBe("null");
    expect(originOf("app://clinic/x")).toBe("app://clinic");
    expect(originOf("file:///x")).toBeNull();
  });
});

/**
 * Guards for every web contents and the session: the app's pages never navigate, never open windows, never embed
 * webviews and never get a permission (camera, notifications, geolocation, ...). Written against small structural
 * types so a test can hand in stand-ins; main.ts hands in Electron's own objects and tsc checks they fit.
 */

export interface PreventableEvent {
  preventDefault(): void;
}

export interface GuardableContents {
  on(
    event: "will-navigate" | "will-redirect" | "will-attach-webview",
    listener: (event: PreventableEvent, ...args: any[]) => void,
  ): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: "deny" }): void;
}

export interface GuardableSession {
  setPermissionRequestHandler(
    handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void,
  ): void;
  setPermissionCheckHandler(handler: (...args: any[]) => boolean): void;
  webRequest: {
    onHeadersReceived(
      listener: (
        details: { url: string; responseHeaders?: Record<string, string[]> },
        callback: (response: { responseHeaders?: Record<string, string[]> }) => void,
      ) => void,
    ): void;
  };
}

export interface GuardLog {
  warn(message: string): void;
}

/** Denies navigation, redirects, webviews and new windows, and says so in the log. */
export function guardContents(contents: GuardableContents, log: GuardLog): void {
  const deny = (what: string) => (event: PreventableEvent, url?: unknown) => {
    event.preventDefault();
    log.warn(`Blocked ${what}${typeof url === "string" ? ` to ${url}` : ""}`);
  };
  contents.on("will-navigate", deny("navigation"));
  contents.on("will-redirect", deny("redirect"));
  contents.on("will-attach-webview", deny("webview"));
  contents.setWindowOpenHandler(({ url }) => {
    log.warn(`Blocked a new window for ${url}`);
    return { action: "deny" };
  });
}

/**
 * Denies every permission request and check, and puts the CSP on every HTTP response (the dev server's pages;
 * app:// responses carry it already). An existing CSP header from the server is replaced, not merged.
 */
export function guardSession(session: GuardableSession, csp: string): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers: Record<string, string[]> = {};
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      if (name.toLowerCase() !== "content-security-policy") headers[name] = value;
    }
    headers["Content-Security-Policy"] = [csp];
    callback({ responseHeaders: headers });
  });
}

/**
 * The page may load only its own scripts, styles, images and fonts, and talk to nothing: data reaches it through
 * `window.clinic` (IPC), not the network. No inline script, no eval, no plugins, no framing, no form posts.
 *
 * The Vite dev server needs inline scripts (React refresh preamble) and a websocket for hot reload, so a dev
 * server origin loosens exactly those two; the packaged app never passes one.
 */
export function contentSecurityPolicy(devServerOrigin?: string): string {
  const dev = devServerOrigin ? [devServerOrigin, devServerOrigin.replace(/^http/, "ws")] : [];
  const directives: Record<string, string[]> = {
    "default-src": ["'none'"],
    "script-src": ["'self'", ...(devServerOrigin ? ["'unsafe-inline'"] : [])],
    "style-src": ["'self'", ...(devServerOrigin ? ["'unsafe-inline'"] : [])],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'", ...dev],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'none'"],
    "frame-ancestors": ["'none'"],
    "frame-src": ["'none'"],
    "worker-src": ["'self'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(" ")}`)
    .join("; ");
}

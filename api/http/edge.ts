import { type IncomingMessage, type ServerResponse, STATUS_CODES } from "node:http";

// The edge both HTTP servers share (the browser host and the sync server): how long a client may take to send a
// request, how large a body may be, and how a request is refused without reading what it still wants to send.
// Nothing here knows about clinics; each server decides its limits and answers.

export interface EdgeTimeouts {
  /** Time allowed to send the request line and headers (ms). */
  headersMs?: number;
  /** Time allowed to send the whole request, headers and body (ms); a slower client is answered 408 and dropped. */
  requestMs?: number;
}

export const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/**
 * Options for http.createServer / https.createServer. Node enforces both timeouts itself, but only when it looks,
 * every `connectionsCheckingInterval` (30 s by default): it looks often enough here that a client is dropped
 * within a second of its time running out. The timeouts cover receiving the request only; a long poll's wait for
 * its answer is not limited by them.
 */
export function edgeServerOptions(t: EdgeTimeouts = {}) {
  const requestTimeout = Math.max(1, t.requestMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
  const headersTimeout = Math.max(1, Math.min(t.headersMs ?? DEFAULT_HEADERS_TIMEOUT_MS, requestTimeout));
  return {
    headersTimeout,
    requestTimeout,
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(headersTimeout / 4))),
  };
}

/** The request's declared body length, or null when it streams one without saying (chunked) or sends none. */
export function declaredLength(req: IncomingMessage): number | null {
  const raw = req.headers["content-length"];
  if (raw === undefined) return null;
  const n = Number(raw);
  return Number.isSafeInteger(n) && n >= 0 ? n : null;
}

export type BodyRead = { ok: true; text: string } | { ok: false; reason: "too-large" | "gone" };

/**
 * Reads a body of at most `limit` bytes. A larger declared length is refused before a byte is read; a streamed one
 * is refused as soon as it passes the limit, and reading stops there (the caller answers and closes).
 */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyRead> {
  const declared = declaredLength(req);
  if (declared !== null && declared > limit) return Promise.resolve({ ok: false, reason: "too-large" });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (r: BodyRead) => {
      if (settled) return;
      settled = true;
      req.off("data", onData);
      resolve(r);
    };
    const onData = (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        req.pause();
        settle({ ok: false, reason: "too-large" });
      } else chunks.push(c);
    };
    req.on("data", onData);
    req.on("end", () => settle({ ok: true, text: Buffer.concat(chunks).toString("utf8") }));
    req.on("error", () => settle({ ok: false, reason: "gone" }));
    req.on("close", () => settle({ ok: false, reason: "gone" }));
  });
}

/**
 * Answers and closes the connection without reading the rest of the request body. Reading stops at once; the answer
 * is written on the socket itself, which is then half-closed and dropped a moment later, so the client reads the
 * answer instead of a connection reset. (Node's own response would close the socket the moment the answer is
 * written, and closing a socket that has unread data resets it: the client may lose the answer.)
 */
export function answerAndClose(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  headers: Record<string, string | number>,
  text: string,
): void {
  const socket = req.socket;
  req.pause();
  socket.pause();
  if (res.headersSent || socket.destroyed) {
    socket.destroy();
    return;
  }
  const all: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(res.getHeaders()))
    if (v !== undefined) all[k.toLowerCase()] = String(v);
  for (const [k, v] of Object.entries(headers)) all[k.toLowerCase()] = v;
  all["content-length"] = Buffer.byteLength(text);
  all.connection = "close";
  const lines = Object.entries(all).map(([k, v]) => `${k}: ${v}`);
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? "Error"}\r\n${lines.join("\r\n")}\r\n\r\n${text}`);
  setTimeout(() => socket.destroy(), 500).unref();
}

/** The path of a request URL, or null when it is not a valid URL or holds a malformed percent-escape. */
export function parseRequestUrl(raw: string | undefined): URL | null {
  try {
    const url = new URL(raw ?? "/", "http://request.invalid");
    decodeURIComponent(url.pathname);
    return url;
  } catch {
    return null;
  }
}

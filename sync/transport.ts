import { readFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import { DEVICE_TIME_HEADER, SERVER_TIME_HEADER } from "./protocol.js";

// How the sync job reaches the server. One function type, so tests can hand the job the server's request handler
// directly (no sockets) and the app hands it HTTP. Network failures throw SyncOffline; any answer, even an error
// answer, is returned with its status for the caller to judge.

/**
 * A request body encoded ahead of time (a push batch is encoded while the one before it is on its way). It is its
 * value to JSON.stringify, so a transport that encodes bodies itself sends the same thing.
 */
export class EncodedBody {
  readonly bytes: Buffer;
  constructor(readonly value: unknown) {
    this.bytes = Buffer.from(JSON.stringify(value), "utf8");
  }
  toJSON(): unknown {
    return this.value;
  }
}

export interface SyncRequest {
  method: "GET" | "POST";
  /** Path and query, e.g. /v1/events?after=10&limit=500 */
  path: string;
  body?: unknown;
  token?: string | null;
  /** The desk's clock (epoch ms), sent so the server can list devices whose clock is off. */
  deviceTime?: number;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface SyncResponse {
  status: number;
  body: unknown;
  /** The server's clock (epoch ms) when it answered, if it said. */
  serverTime: number | null;
}

export type SyncTransport = (req: SyncRequest) => Promise<SyncResponse>;

/** The server could not be reached, or the connection broke before an answer came. */
export class SyncOffline extends Error {
  readonly code = "OFFLINE";
}

export interface HttpTransportOptions {
  /** e.g. https://sync.clinic.example or http://127.0.0.1:8787 */
  baseUrl: string;
  /** A PEM file of the certificate authority to trust (a self-signed server certificate). */
  caFile?: string | null;
}

export function createHttpTransport(options: HttpTransportOptions): SyncTransport & { close(): void } {
  const base = new URL(options.baseUrl);
  const secure = base.protocol === "https:";
  if (!secure && base.protocol !== "http:")
    throw new Error(`The sync server address must start with http:// or https://, not ${base.protocol}`);
  const ca = options.caFile ? readFileSync(options.caFile) : undefined;
  // Keep-alive: a round is several requests, and TLS handshakes are not free.
  const agent = secure
    ? new https.Agent({ keepAlive: true, maxSockets: 4, ...(ca ? { ca } : {}) })
    : new http.Agent({ keepAlive: true, maxSockets: 4 });
  const prefix = base.pathname.replace(/\/+$/, "");

  const transport = (req: SyncRequest) =>
    new Promise<SyncResponse>((resolve, reject) => {
      // Encoded once: measuring the text for its length and then writing it would encode a batch twice.
      const payload =
        req.body === undefined
          ? undefined
          : req.body instanceof EncodedBody
            ? req.body.bytes
            : Buffer.from(JSON.stringify(req.body), "utf8");
      const headers: Record<string, string | number> = { accept: "application/json" };
      if (payload !== undefined) {
        headers["content-type"] = "application/json";
        headers["content-length"] = payload.length;
      }
      if (req.token) headers.authorization = `Bearer ${req.token}`;
      if (req.deviceTime !== undefined) headers[DEVICE_TIME_HEADER] = String(Math.round(req.deviceTime));
      const request = (secure ? https : http).request(
        {
          protocol: base.protocol,
          hostname: base.hostname,
          port: base.port || (secure ? 443 : 80),
          path: prefix + req.path,
          method: req.method,
          headers,
          agent,
          timeout: req.timeoutMs ?? 30_000,
          ...(req.signal ? { signal: req.signal } : {}),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("error", (err) =>
            reject(new SyncOffline(`The answer from the sync server broke off: ${err.message}`)),
          );
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            let body: unknown;
            try {
              body = text ? JSON.parse(text) : null;
            } catch {
              body = {
                error: {
                  code: "BAD_ANSWER",
                  message: `The server answered ${res.statusCode} with non-JSON text.`,
                },
              };
            }
            const t = Number(res.headers[SERVER_TIME_HEADER]);
            resolve({
              status: res.statusCode ?? 0,
              body,
              serverTime: Number.isFinite(t) && t > 0 ? t : null,
            });
          });
        },
      );
      request.on("timeout", () => request.destroy(new Error("no answer in time")));
      request.on("error", (err) =>
        reject(new SyncOffline(`Cannot reach the sync server at ${options.baseUrl}: ${err.message}`)),
      );
      request.end(payload);
    });
  return Object.assign(transport, { close: () => agent.destroy() });
}

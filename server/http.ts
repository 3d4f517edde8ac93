import { readFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import {
  answerAndClose,
  type EdgeTimeouts,
  edgeServerOptions,
  parseRequestUrl,
  readBody,
} from "../api/http/edge.js";
import { type Logger, silentLog, withRequestLog } from "../ops/log.js";
import { createSyncOps } from "../ops/sync-metrics.js";
import { SERVER_TIME_HEADER } from "../sync/protocol.js";
import { createSyncApi, type SyncApi, type SyncApiOptions } from "./api.js";
import type { SyncStorage } from "./storage.js";

// The sync server on a socket: plain Node http, or https when given a certificate and key. Behind a reverse proxy
// (nginx, Caddy) run it on 127.0.0.1 without TLS and let the proxy terminate TLS (docs/sync-protocol.md).

export interface SyncServerOptions {
  storage: SyncStorage;
  port: number;
  /** 127.0.0.1 by default; 0.0.0.0 to serve the clinic's network. */
  host?: string;
  /** PEM files: with both, the server speaks HTTPS only. */
  certFile?: string;
  keyFile?: string;
  /** Largest request body accepted from an enrolled device; bigger ones are refused with 413 before they are read. */
  maxBodyBytes?: number;
  /** How long a client may take to send its request (defaults: 10 s for headers, 30 s in all). */
  timeouts?: EdgeTimeouts;
  /** Where unexpected failures are reported; defaults to stderr. */
  log?: (line: string) => void;
  /** One line per request (ops/log.ts); nothing is logged without it. */
  requestLog?: Logger;
  api?: SyncApiOptions;
}

export interface RunningSyncServer {
  url: string;
  port: number;
  api: SyncApi;
  close(): Promise<void>;
}

const DEFAULT_MAX_BODY = 32 * 1024 * 1024;
/** Requests without a device token (enrolment, health) carry a few hundred bytes at most. */
const PUBLIC_MAX_BODY = 64 * 1024;

const headersOf = (bytes: Buffer) => ({
  "content-type": "application/json; charset=utf-8",
  "content-length": bytes.length,
  "cache-control": "no-store",
  [SERVER_TIME_HEADER]: String(Date.now()),
});

// Answers go out as ASCII, every other character \u-escaped (the same JSON to any reader): a pull answer's checkpoint
// holds an em dash, and one such character made the desk decode and parse the whole page of events as two-byte text,
// at about twice the cost. Encoded to UTF-8 once: measuring the text and then writing it would encode it twice.
const nonAscii = /[\u0080-\uffff]/g;
const escaped = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
const encode = (body: unknown): Buffer =>
  Buffer.from(JSON.stringify(body).replace(nonAscii, escaped), "utf8");

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const bytes = encode(body);
  res.writeHead(status, headersOf(bytes));
  res.end(bytes);
}

/** Refuses before (or instead of) reading the body: answered at once, the connection then closed. */
function refuseUnread(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  status: number,
  body: unknown,
): void {
  const hasBody =
    req.headers["content-length"] !== undefined || req.headers["transfer-encoding"] !== undefined;
  if (!hasBody || req.readableEnded) {
    send(res, status, body);
    return;
  }
  const text = JSON.stringify(body);
  answerAndClose(req, res, status, headersOf(Buffer.from(text, "utf8")), text);
}

const error = (code: string, message: string) => ({ error: { code, message } });

export async function startSyncServer(options: SyncServerOptions): Promise<RunningSyncServer> {
  const api = createSyncApi(options.storage, options.api);
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const tls = options.certFile && options.keyFile;
  // GET /metrics and GET /health (which checks the database) are answered beside the API (ops/sync-metrics.ts).
  const ops = createSyncOps(options.storage);

  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));

  // Order matters: a malformed address, a missing or wrong token and a body over the limit are all answered before
  // a byte of the body is read, so a client without a token cannot make the server read (or hold) anything large.
  async function onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (ops.serves(req)) return ops.answer(req, res);
    const method = req.method ?? "GET";
    const url = parseRequestUrl(req.url);
    if (!url)
      return refuseUnread(
        req,
        res,
        400,
        error("BAD_URL", "The address is not valid (a malformed %-escape or path)."),
      );
    const path = url.pathname + url.search;
    const refusal = await api.admit({ method, url: path, headers: req.headers });
    if (refusal) {
      ops.counted(method, path, refusal);
      return refuseUnread(req, res, refusal.status, refusal.body);
    }
    const limit = req.headers.authorization ? maxBody : Math.min(maxBody, PUBLIC_MAX_BODY);
    const body = await readBody(req, limit);
    if (!body.ok) {
      if (body.reason === "too-large")
        refuseUnread(req, res, 413, error("TOO_LARGE", `The body is larger than ${limit} bytes.`));
      return;
    }
    const answer = await api.handle({
      method,
      url: path,
      headers: req.headers,
      body: body.text,
      source: req.socket.remoteAddress ?? null,
    });
    ops.counted(method, path, answer);
    send(res, answer.status, answer.body);
  }

  const handler = withRequestLog(
    options.requestLog ?? silentLog,
    (req, res) => {
      onRequest(req, res).catch((err: unknown) => {
        log(
          `hms sync-server: ${req.method} ${String(req.url).slice(0, 200)} failed: ${(err as Error).message}`,
        );
        if (!res.headersSent) send(res, 500, error("SERVER_ERROR", "The sync server failed; try again."));
        else res.destroy();
      });
    },
    ops.timed,
  );

  const edge = edgeServerOptions(options.timeouts);
  const server = tls
    ? https.createServer(
        {
          ...edge,
          cert: readFileSync(options.certFile as string),
          key: readFileSync(options.keyFile as string),
        },
        handler,
      )
    : http.createServer(edge, handler);
  // Idle keep-alive sockets between a desk's requests are closed after a minute. A long poll's wait for its answer is
  // not limited by the request timeouts (they end once the request has arrived).
  server.keepAliveTimeout = 65_000;

  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `${tls ? "https" : "http"}://${shownHost}:${port}`,
    port,
    api,
    async close() {
      api.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await options.storage.close();
    },
  };
}

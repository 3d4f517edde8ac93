import { readFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
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
  /** Largest request body accepted; bigger ones are refused with 413 before they are read. */
  maxBodyBytes?: number;
  api?: SyncApiOptions;
}

export interface RunningSyncServer {
  url: string;
  port: number;
  api: SyncApi;
  close(): Promise<void>;
}

const DEFAULT_MAX_BODY = 32 * 1024 * 1024;

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
    [SERVER_TIME_HEADER]: String(Date.now()),
  });
  res.end(text);
}

export async function startSyncServer(options: SyncServerOptions): Promise<RunningSyncServer> {
  const api = createSyncApi(options.storage, options.api);
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const tls = options.certFile && options.keyFile;

  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > maxBody) {
      send(res, 413, { error: { code: "TOO_LARGE", message: `The body is larger than ${maxBody} bytes.` } });
      req.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBody && !refused) {
        refused = true;
        send(res, 413, {
          error: { code: "TOO_LARGE", message: `The body is larger than ${maxBody} bytes.` },
        });
        req.destroy();
        return;
      }
      if (!refused) chunks.push(chunk);
    });
    req.on("end", () => {
      if (refused) return;
      api
        .handle({
          method: req.method ?? "GET",
          url: req.url ?? "/",
          headers: req.headers,
          body: Buffer.concat(chunks).toString("utf8"),
          source: req.socket.remoteAddress ?? null,
        })
        .then(
          (answer) => send(res, answer.status, answer.body),
          (err: unknown) =>
            send(res, 500, {
              error: { code: "SERVER_ERROR", message: (err as Error).message ?? String(err) },
            }),
        );
    });
  };

  const server = tls
    ? https.createServer(
        { cert: readFileSync(options.certFile as string), key: readFileSync(options.keyFile as string) },
        onRequest,
      )
    : http.createServer(onRequest);
  // Long polls last up to a minute; idle keep-alive sockets are closed sooner.
  server.requestTimeout = 120_000;
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

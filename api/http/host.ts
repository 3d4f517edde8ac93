import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import type { StoredEvent } from "../../db/event-store.js";
import { type ClinicDb, openClinicDb } from "../../db/open.js";
import { type Logger, silentLog, withRequestLog } from "../../ops/log.js";
import { createSyncJob } from "../../sync/index.js";
import { createAuthService } from "../auth/service.js";
import { type ClinicChanged, eventsChanged, recordsChanged } from "../changes.js";
import { channelDefinition, isChannelName } from "../contract.js";
import type { ApiReply } from "../reply.js";
import { createRouter, type Router } from "../router.js";
import { answerAndClose, type EdgeTimeouts, edgeServerOptions, parseRequestUrl, readBody } from "./edge.js";
import { checkHost, checkOrigin, checkSecret, isSecretFor, secretCookieName } from "./guards.js";
import { serveStatic } from "./static-files.js";

// The browser host: the built screens and the same router the desktop app uses, over HTTP on 127.0.0.1, for
// development, tests and machines where Electron cannot run. "Events appended" go out as server-sent events.

export interface WebHostOptions {
  /** An open database to serve (the caller keeps ownership); otherwise `dbPath` is opened and closed here. */
  db?: ClinicDb;
  dbPath?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** 127.0.0.1 unless asked otherwise; the CLI warns for anything else. */
  host?: string;
  /** The built renderer; defaults to dist/ in the checkout. */
  rendererDir?: string;
  /** Tests may fix the secret; normally a fresh random one per launch. */
  secret?: string;
  now?: () => Date;
  log?: (line: string) => void;
  /** One line per request with its id (ops/log.ts); nothing is logged without it. */
  requestLog?: Logger;
  /** Run this desk's sync job (it idles until the desk is enrolled with `hms enroll`). Off unless asked. */
  sync?: boolean;
  /** How long a client may take to send its request (defaults: 10 s for headers, 30 s in all). */
  timeouts?: EdgeTimeouts;
}

export interface WebHost {
  /** The address to open, with the launch secret. */
  url: string;
  port: number;
  secret: string;
  router: Router;
  db: ClinicDb;
  close(): Promise<void>;
}

export const defaultRendererDir = fileURLToPath(new URL("../../dist", import.meta.url));

const MAX_BODY = 1024 * 1024;

const securityHeaders = {
  "content-security-policy":
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
};

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

function refuse(res: ServerResponse, status: number, code: string, message: string): void {
  const body: ApiReply = { ok: false, status, error: { code, message } };
  sendJson(res, status, body);
}

/** Refuses a request whose body (if any) is not wanted: answered at once, the rest of the body never read. */
function refuseUnread(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
) {
  const hasBody =
    req.headers["content-length"] !== undefined || req.headers["transfer-encoding"] !== undefined;
  if (!hasBody || req.readableEnded) return refuse(res, status, code, message);
  const body: ApiReply = { ok: false, status, error: { code, message } };
  answerAndClose(
    req,
    res,
    status,
    { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
    JSON.stringify(body),
  );
}

const sizeText = (bytes: number) =>
  bytes >= 1048576 ? `${Math.round(bytes / 1048576)} MB` : `${Math.round(bytes / 1024)} KB`;

export async function startWebHost(options: WebHostOptions = {}): Promise<WebHost> {
  const ownsDb = !options.db;
  if (!options.db && !options.dbPath) throw new Error("startWebHost needs a database: pass db or dbPath.");
  const db = options.db ?? openClinicDb(options.dbPath as string);
  const sync = options.sync ? createSyncJob(db) : null;
  sync?.start();
  // The host shares the router's sessions: a call that needs one is refused before its body is read.
  const auth = createAuthService(db, { now: options.now ?? (() => new Date()) });
  const router = createRouter({
    db,
    auth,
    ...(options.now ? { now: options.now } : {}),
    ...(options.log ? { log: options.log } : {}),
    ...(sync ? { sync } : {}),
  });
  const sessions = auth.sessions;
  const secret = options.secret ?? randomBytes(24).toString("base64url");
  const rendererDir = options.rendererDir ?? defaultRendererDir;
  const streams = new Set<ServerResponse>();
  let port = 0;

  const push = (info: ClinicChanged) => {
    const frame = `event: appended\ndata: ${JSON.stringify(info)}\n\n`;
    for (const s of streams) s.write(frame);
  };
  const stopEvents = db.events.onAppended((rows: readonly StoredEvent[]) => push(eventsChanged(rows)));
  const stopRecords = db.recordChanges.onChanged((kinds) => push(recordsChanged(kinds)));
  const unsubscribe = () => {
    stopEvents();
    stopRecords();
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    for (const [k, v] of Object.entries(securityHeaders)) res.setHeader(k, v);
    const guard = checkHost(req, port) ?? checkOrigin(req);
    if (guard) return refuseUnread(req, res, guard.status, guard.code, guard.message);
    const url = parseRequestUrl(req.url);
    if (!url)
      return refuseUnread(
        req,
        res,
        400,
        "BAD_URL",
        "The address is not valid (a malformed %-escape or path).",
      );

    // Opening the printed address: keep the secret in a cookie for this origin only, then drop it from the URL so
    // it does not linger in the address bar or the history.
    if (req.method === "GET" && url.searchParams.has("secret")) {
      if (!isSecretFor(url.searchParams.get("secret"), secret))
        return refuse(res, 403, "LAUNCH_SECRET_WRONG", "That launch secret is not this host's.");
      url.searchParams.delete("secret");
      res.writeHead(303, {
        "set-cookie": `${secretCookieName(port)}=${encodeURIComponent(secret)}; HttpOnly; SameSite=Strict; Path=/`,
        location: url.pathname + url.search,
        "cache-control": "no-store",
      });
      return void res.end();
    }
    const secretRefusal = checkSecret(req, secret, port);
    if (secretRefusal)
      return refuseUnread(req, res, secretRefusal.status, secretRefusal.code, secretRefusal.message);

    if (url.pathname === "/api" || url.pathname === "/api/") {
      if (req.method !== "GET") return refuseUnread(req, res, 405, "METHOD_NOT_ALLOWED", "Use GET /api.");
      const reply = await router.call("describe", {}, { sessionToken: null, transport: "http" });
      return sendJson(res, 200, reply.ok ? reply.value : reply);
    }
    if (url.pathname === "/api/events") {
      res.writeHead(200, {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-store",
        connection: "keep-alive",
      });
      res.write("retry: 2000\n: connected\n\n");
      streams.add(res);
      req.on("close", () => streams.delete(res));
      return;
    }
    if (url.pathname.startsWith("/api/")) return callChannel(req, res, url);
    if (req.method !== "GET" && req.method !== "HEAD")
      return refuseUnread(req, res, 405, "METHOD_NOT_ALLOWED", "Only GET is served here.");
    serveStatic(rendererDir, url.pathname, res);
  }

  /** POST /api/<channel>: everything that can be refused without the body is refused before it is read. */
  async function callChannel(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method !== "POST")
      return refuseUnread(
        req,
        res,
        405,
        "METHOD_NOT_ALLOWED",
        "Channels are called with POST /api/<channel>.",
      );
    // parseRequestUrl has checked every %-escape of the path.
    const channel = decodeURIComponent(url.pathname.slice("/api/".length));
    if (!isChannelName(channel))
      return refuseUnread(req, res, 404, "UNKNOWN_CHANNEL", `There is no channel "${channel.slice(0, 80)}".`);
    const def = channelDefinition(channel);
    const auth = req.headers.authorization;
    const sessionToken = auth?.startsWith("Bearer ") ? auth.slice(7).trim() : null;
    if (def.roles !== "public") {
      if (!sessionToken) return refuseUnread(req, res, 401, "NOT_SIGNED_IN", "Please sign in first.");
      const found = sessions.find(sessionToken);
      if (!found || found.kind === "expired")
        return refuseUnread(
          req,
          res,
          401,
          "SESSION_EXPIRED",
          "Your session has ended; please sign in again.",
        );
    }
    // File uploads declare their own, larger limit in the contract; everything else stays at 1 MB.
    const limit = def.maxRequestBytes ?? MAX_BODY;
    const body = await readBody(req, limit);
    if (!body.ok) {
      if (body.reason === "too-large")
        refuseUnread(req, res, 413, "TOO_LARGE", `The request is larger than ${sizeText(limit)}.`);
      return;
    }
    let input: unknown = {};
    if (body.text.trim() !== "") {
      try {
        input = JSON.parse(body.text);
      } catch {
        return refuse(res, 400, "INVALID_JSON", "The request body is not valid JSON.");
      }
    }
    const source = `http:${req.socket.remoteAddress ?? "unknown"}`;
    const reply = await router.call(channel, input, { sessionToken, transport: "http", source });
    return sendJson(res, reply.ok ? 200 : reply.status, reply);
  }

  const server = createServer(
    edgeServerOptions(options.timeouts),
    withRequestLog(options.requestLog ?? silentLog, (req, res) => {
      handle(req, res).catch((err: unknown) => {
        (options.log ?? ((l: string) => process.stderr.write(`${l}\n`)))(
          `hms web: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
        );
        if (!res.headersSent) refuse(res, 500, "INTERNAL", "Something went wrong on this host.");
        else res.end();
      });
    }),
  );
  const keepAlive = setInterval(() => {
    for (const s of streams) s.write(": keep-alive\n\n");
  }, 25_000);
  keepAlive.unref();

  const bindHost = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, bindHost, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const shownHost = bindHost === "0.0.0.0" || bindHost === "::" ? "127.0.0.1" : bindHost;
  const urlHost = shownHost.includes(":") ? `[${shownHost}]` : shownHost;

  return {
    url: `http://${urlHost}:${port}/?secret=${encodeURIComponent(secret)}`,
    port,
    secret,
    router,
    db,
    async close() {
      clearInterval(keepAlive);
      unsubscribe();
      for (const s of streams) s.end();
      streams.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      // The sync job writes pulled events: it stops before the database closes.
      await sync?.stop();
      if (ownsDb) db.close();
    },
  };
}

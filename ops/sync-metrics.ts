import type { IncomingMessage, ServerResponse } from "node:http";
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { SyncStorage } from "../server/storage.js";
import type { PushOutcome } from "../sync/protocol.js";
import type { RequestDone } from "./log.js";

// The sync server's /metrics (Prometheus text) and /health. Figures held by the database (events held, devices,
// clock offsets) are read from storage when Prometheus scrapes; figures about traffic (pushes, rejections,
// latency) are counted as requests are answered. Labels are bounded: routes are the server's own, never raw paths.

const ROUTES = new Set([
  "/health",
  "/metrics",
  "/v1/enroll",
  "/v1/events",
  "/v1/records",
  "/v1/wait",
  "/v1/status",
]);
/** Devices heard from within this long count as online. */
const ONLINE_MS = 10 * 60_000;

export interface SyncOps {
  /** True for the requests this module answers itself (GET /metrics, GET /health). */
  serves(req: IncomingMessage): boolean;
  answer(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Called with every answer of the sync API, to count pushes and rejections. */
  counted(method: string, url: string, answer: { status: number; body: unknown }): void;
  /** Called when any request has been answered, for the latency histogram. */
  timed(info: RequestDone): void;
  registry: Registry;
}

export function createSyncOps(storage: SyncStorage, now: () => Date = () => new Date()): SyncOps {
  const registry = new Registry();
  const latency = new Histogram({
    name: "hms_sync_request_duration_seconds",
    help: "Time to answer a request, by route, method and status",
    labelNames: ["route", "method", "status"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  const pushes = new Counter({
    name: "hms_sync_pushes_total",
    help: "Event pushes answered, by HTTP status",
    labelNames: ["status"],
    registers: [registry],
  });
  const pushed = new Counter({
    name: "hms_sync_events_pushed_total",
    help: "Events received in pushes, by outcome (accepted, duplicate, rejected)",
    labelNames: ["outcome"],
    registers: [registry],
  });
  const rejections = new Counter({
    name: "hms_sync_rejections_total",
    help: "Refused requests and rejected events, by code",
    labelNames: ["code"],
    registers: [registry],
  });
  for (const outcome of ["accepted", "duplicate", "rejected"]) pushed.inc({ outcome }, 0);

  // One scrape reads the status once for all three gauges below.
  let snapshot: { at: number; status: ReturnType<SyncStorage["status"]> } | null = null;
  const status = () => {
    if (!snapshot || Date.now() - snapshot.at > 1000) snapshot = { at: Date.now(), status: storage.status() };
    return snapshot.status;
  };

  // Read from the database at scrape time, so every server process sharing one database reports the same.
  new Gauge({
    name: "hms_sync_events_held",
    help: "Events the server holds, by clinic",
    labelNames: ["clinic"],
    registers: [registry],
    async collect() {
      this.reset();
      for (const c of await status()) this.set({ clinic: c.clinicId }, c.eventHead);
    },
  });
  new Gauge({
    name: "hms_sync_devices",
    help: "Enrolled devices, by clinic and state (online: heard from in the last 10 minutes)",
    labelNames: ["clinic", "state"],
    registers: [registry],
    async collect() {
      this.reset();
      const at = now().getTime();
      for (const c of await status()) {
        const count = { online: 0, offline: 0, revoked: 0 };
        for (const d of c.devices) {
          if (d.revokedAt) count.revoked++;
          else if (d.lastSeenAt && at - Date.parse(d.lastSeenAt) < ONLINE_MS) count.online++;
          else count.offline++;
        }
        for (const [state, n] of Object.entries(count)) this.set({ clinic: c.clinicId, state }, n);
      }
    },
  });
  new Gauge({
    name: "hms_sync_device_clock_offset_seconds",
    help: "Each device's clock minus the server's, from its last request",
    labelNames: ["clinic", "device"],
    registers: [registry],
    async collect() {
      this.reset();
      for (const c of await status())
        for (const d of c.devices)
          if (d.clockOffsetMs !== null && !d.revokedAt)
            this.set({ clinic: c.clinicId, device: d.id }, d.clockOffsetMs / 1000);
    },
  });

  const routeOf = (path: string) => {
    const p = path.replace(/\/+$/, "") || "/";
    return ROUTES.has(p) ? p : "other";
  };

  async function health(res: ServerResponse): Promise<void> {
    let status = 200;
    let body: Record<string, unknown>;
    try {
      // A real query: a missing, locked or damaged database fails here.
      await storage.listClinics();
      body = { ok: true, service: "hms-sync", protocol: 1, database: "ok", time: now().toISOString() };
    } catch (err) {
      status = 503;
      body = {
        ok: false,
        service: "hms-sync",
        database: "unusable",
        error: {
          code: "DATABASE_UNUSABLE",
          message: `The server cannot use its database: ${(err as Error).message}`,
        },
      };
    }
    res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
    res.end(JSON.stringify(body));
  }

  return {
    registry,
    serves: (req) => {
      const path = new URL(req.url ?? "/", "http://sync.invalid").pathname;
      return req.method === "GET" && (path === "/metrics" || path === "/health");
    },
    async answer(req, res) {
      const path = new URL(req.url ?? "/", "http://sync.invalid").pathname;
      if (path === "/health") return health(res);
      try {
        const text = await registry.metrics();
        res.writeHead(200, { "content-type": registry.contentType, "cache-control": "no-store" });
        res.end(text);
      } catch (err) {
        res.writeHead(503, { "content-type": "text/plain; charset=utf-8" });
        res.end(`metrics unavailable: ${(err as Error).message}\n`);
      }
    },
    counted(method, url, answer) {
      const path = routeOf(new URL(url, "http://sync.invalid").pathname);
      const body = answer.body as { error?: { code?: string }; results?: PushOutcome[] } | null;
      if (answer.status >= 400 && body?.error?.code) rejections.inc({ code: body.error.code });
      if (method !== "POST" || path !== "/v1/events") return;
      pushes.inc({ status: String(answer.status) });
      for (const r of body?.results ?? []) {
        pushed.inc({ outcome: r.status });
        if (r.status === "rejected") rejections.inc({ code: r.code });
      }
    },
    timed(info) {
      latency.observe(
        { route: routeOf(info.path), method: info.method, status: String(info.status) },
        info.seconds,
      );
    },
  };
}

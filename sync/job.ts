import type { ClinicDb } from "../db/open.js";
import { backoffDelay } from "./backoff.js";
import { createDeskSyncStore, readSyncSettings, type SyncSettings } from "./desk-store.js";
import { CLOCK_FLAG_MS, type ErrorAnswer, MAX_LONG_POLL_SECONDS } from "./protocol.js";
import { createRecordSync } from "./records.js";
import { type RoundSummary, SyncAnswerError, syncRound } from "./round.js";
import { createHttpTransport, SyncOffline, type SyncTransport } from "./transport.js";

// The desk's sync job. It runs in the Electron main process or the browser host, beside the app's own writes on
// the same connection, and never stands in their way: a round runs on a timer, right after a local append, when
// the server says another desk pushed (a long poll), and on demand; it fails softly (backoff with jitter, retried
// without waiting for a new local write); and whatever the server answers, local work goes on.

export interface SyncJobOptions {
  /** How to reach the server; by default HTTP to the server this desk enrolled with. */
  transport?: SyncTransport;
  /** Time between rounds when nothing else wakes the job (ms). */
  intervalMs?: number;
  pushBatch?: number;
  pullBatch?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** Keep a request open on the server so other desks' events arrive within a second. */
  longPoll?: boolean;
  longPollSeconds?: number;
  /** First and longest pause before asking the server again after a failed long poll or probe (ms). */
  watchRetryMs?: number;
  watchRetryMaxMs?: number;
  /** How far this desk's clock may be from the server's before it is flagged (ms). */
  clockFlagMs?: number;
  /** The desk's clock (epoch ms); tests move it. */
  now?: () => number;
  random?: () => number;
}

export type SyncState =
  | "not-enrolled"
  | "starting"
  | "syncing"
  | "idle"
  | "offline"
  | "failing"
  | "revoked"
  | "stopped";

/** Everything a screen needs to show sync at a glance. */
export interface SyncStatus {
  state: SyncState;
  enrolled: boolean;
  /** The last round reached the server. */
  online: boolean;
  clinicId: string | null;
  clinicName: string | null;
  serverUrl: string | null;
  deviceId: string;
  /** Events recorded here and not yet on the server. */
  pending: number;
  /** Events the server refused: kept here, flagged, no longer pushed. */
  rejected: number;
  /** Events the fold refused once the desks' histories met; for a person to resolve. */
  conflicts: number;
  /** Events of a newer app version, kept and not yet understood. */
  parked: number;
  recordsPending: number;
  lastSuccessAt: string | null;
  lastAttemptAt: string | null;
  lastError: { code: string; message: string; at: string } | null;
  nextAttemptAt: string | null;
  failures: number;
  /** This desk's clock minus the server's (ms); null until measured. */
  clockOffsetMs: number | null;
  clockFlagged: boolean;
  lastRound: Omit<RoundSummary, "problems"> | null;
  /** Recent things a person should look at (records the server refused or that could not be stored). */
  problems: string[];
}

export interface SyncJob {
  start(): void;
  stop(): Promise<void>;
  /** Runs a round now (after the one in progress, if any) and resolves with the status after it. */
  runNow(): Promise<SyncStatus>;
  status(): SyncStatus;
  onStatus(listener: (status: SyncStatus) => void): () => void;
}

const defaults = {
  intervalMs: 30_000,
  pushBatch: 1000,
  pullBatch: 2000,
  backoffBaseMs: 1000,
  backoffMaxMs: 5 * 60_000,
  longPoll: true,
  longPollSeconds: 25,
  watchRetryMs: 250,
  watchRetryMaxMs: 1000,
  clockFlagMs: CLOCK_FLAG_MS,
};

export function createSyncJob(db: ClinicDb, options: SyncJobOptions = {}): SyncJob {
  const o = { ...defaults, ...options };
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const longPollSeconds = Math.min(o.longPollSeconds, MAX_LONG_POLL_SECONDS);
  const store = createDeskSyncStore(db);
  const records = createRecordSync(db);
  const listeners = new Set<(s: SyncStatus) => void>();
  const iso = (ms: number) => new Date(ms).toISOString();

  let settings: SyncSettings | null = null;
  let http: (SyncTransport & { close(): void }) | null = null;
  let httpFor = "";
  let state: SyncState = "starting";
  let online = false;
  let failures = 0;
  let lastSuccessAt: string | null = null;
  let lastAttemptAt: string | null = null;
  let lastError: SyncStatus["lastError"] = null;
  let nextAttemptAt: string | null = null;
  let clockOffsetMs: number | null = null;
  let lastRound: SyncStatus["lastRound"] = null;
  let problems: string[] = [];

  let running = false;
  let kicked = false;
  let wake: (() => void) | null = null;
  let loopDone: Promise<void> | null = null;
  let chain: Promise<unknown> = Promise.resolve();

  const transport = (): SyncTransport | null => {
    settings = readSyncSettings(db);
    if (!settings) return null;
    if (options.transport) return options.transport;
    const key = `${settings.serverUrl} ${settings.caFile ?? ""}`;
    if (!http || httpFor !== key) {
      http?.close();
      http = createHttpTransport({ baseUrl: settings.serverUrl, caFile: settings.caFile });
      httpFor = key;
    }
    return http;
  };

  const status = (): SyncStatus => ({
    state,
    enrolled: settings !== null,
    online,
    clinicId: settings?.clinicId ?? null,
    clinicName: settings?.clinicName ?? null,
    serverUrl: settings?.serverUrl ?? null,
    deviceId: db.deviceId,
    pending: store.pendingCount(),
    rejected: store.rejectedCount(),
    conflicts: store.conflictCount(),
    parked: store.parkedCount(),
    recordsPending: records.outboxCount(),
    lastSuccessAt,
    lastAttemptAt,
    lastError,
    nextAttemptAt,
    failures,
    clockOffsetMs,
    clockFlagged: clockOffsetMs !== null && Math.abs(clockOffsetMs) > o.clockFlagMs,
    lastRound,
    problems,
  });

  const emit = () => {
    if (!listeners.size || !db.sqlite.open) return;
    const s = status();
    for (const l of listeners) {
      try {
        l(s);
      } catch {
        // A screen that fails to show the status must not stop sync.
      }
    }
  };

  async function round(): Promise<void> {
    const t = transport();
    if (!t || !settings) {
      state = "not-enrolled";
      emit();
      return;
    }
    lastAttemptAt = iso(now());
    state = "syncing";
    emit();
    let best: { offset: number; rtt: number } | null = null;
    try {
      const summary = await syncRound({
        db,
        store,
        records,
        transport: t,
        token: settings.token,
        now,
        pushBatch: o.pushBatch,
        pullBatch: o.pullBatch,
        onClock: (offset, rtt) => {
          if (!best || rtt < best.rtt) best = { offset, rtt };
        },
      });
      const { problems: found, ...counts } = summary;
      lastRound = counts;
      if (found.length) problems = [...problems, ...found].slice(-20);
      failures = 0;
      online = true;
      state = "idle";
      lastSuccessAt = iso(now());
      lastError = null;
      nextAttemptAt = null;
    } catch (err) {
      failures += 1;
      const at = iso(now());
      if (err instanceof SyncOffline) {
        online = false;
        state = "offline";
        lastError = { code: "OFFLINE", message: err.message, at };
      } else if (err instanceof SyncAnswerError) {
        online = true;
        state = err.code === "DEVICE_REVOKED" || err.status === 401 ? "revoked" : "failing";
        lastError = { code: err.code, message: err.message, at };
      } else {
        state = "failing";
        lastError = {
          code: (err as { code?: string }).code ?? "SYNC_FAILED",
          message: (err as Error).message,
          at,
        };
      }
      const delay = state === "revoked" ? o.backoffMaxMs : backoffDelay(failures, backoffOptions(), random);
      nextAttemptAt = iso(now() + delay);
    }
    // The server's clock minus ours: a desk clock ahead of the server gives a negative number here, and the
    // status reports the desk's offset (desk − server).
    if (best) clockOffsetMs = -Math.round((best as { offset: number }).offset);
    emit();
  }

  const backoffOptions = () => ({ baseMs: o.backoffBaseMs, maxMs: o.backoffMaxMs });

  const exclusive = (fn: () => Promise<void>): Promise<void> => {
    const next = chain.then(fn, fn);
    chain = next.catch(() => undefined);
    return next;
  };

  /**
   * Sleeps until the delay is over, a kick (local append, runNow, stop), or the server says something changed.
   * - "long-poll" (idle): a request held open by the server answers as soon as another desk pushes. If it fails
   *   (the server restarted, the network blinked) it is asked again after a short backoff, never left to the timer.
   * - "probe" (offline): the server is asked every second or so whether it is back; its first answer ends the sleep,
   *   so a desk is in sync again within about a second of the server's return, whatever its round backoff.
   */
  function sleep(ms: number, watch: "long-poll" | "probe" | null): Promise<void> {
    return new Promise<void>((resolve) => {
      const abort = new AbortController();
      let retry: ReturnType<typeof setTimeout> | null = null;
      let over = false;
      const done = () => {
        if (over) return;
        over = true;
        clearTimeout(timer);
        if (retry) clearTimeout(retry);
        abort.abort();
        wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      wake = done;
      if (!watch) return;
      const seconds = watch === "probe" ? 0 : longPollSeconds;
      let attempts = 0;
      const again = () => {
        if (over) return;
        attempts += 1;
        retry = setTimeout(
          ask,
          backoffDelay(attempts, { baseMs: o.watchRetryMs, maxMs: o.watchRetryMaxMs }, random),
        );
      };
      function ask() {
        const t = transport();
        if (over || !t || !settings) return;
        t({
          method: "GET",
          path: `/v1/wait?events=${store.cursor("events")}&records=${store.cursor("records")}&timeout=${seconds}`,
          token: settings.token,
          deviceTime: now(),
          signal: abort.signal,
          timeoutMs: seconds * 1000 + 10_000,
        }).then(
          // Any answer: changed (pull now), the wait ran out (a round is the regular check anyway), the server is back
          // (probe), or an error a round will report.
          (res) => (res.status === 200 || (res.body as ErrorAnswer | null)?.error ? done() : again()),
          again,
        );
      }
      ask();
    });
  }

  async function loop(): Promise<void> {
    while (running) {
      kicked = false;
      await exclusive(round);
      if (!running) break;
      if (kicked && failures === 0) continue;
      const delay = failures
        ? Math.max(0, Date.parse(nextAttemptAt ?? "") - now()) || o.backoffBaseMs
        : o.intervalMs;
      const watch = !o.longPoll
        ? null
        : failures === 0 && state === "idle"
          ? "long-poll"
          : state === "offline"
            ? "probe"
            : null;
      await sleep(delay, watch);
    }
  }

  const onAppended = (rows: readonly { serverSeq: number | null }[]) => {
    // Only this desk's new events call for a push; rows announced by sync itself already carry a sequence.
    if (!running || !rows.some((r) => r.serverSeq === null)) return;
    kicked = true;
    if (failures === 0) wake?.();
  };
  let unsubscribe: () => void = () => undefined;

  return {
    start() {
      if (running) return;
      running = true;
      unsubscribe = db.events.onAppended(onAppended);
      loopDone = loop();
    },
    async stop() {
      running = false;
      wake?.();
      await loopDone;
      await chain;
      unsubscribe();
      http?.close();
      http = null;
      state = "stopped";
      emit();
    },
    async runNow() {
      await exclusive(round);
      return status();
    },
    status: () => {
      settings = readSyncSettings(db);
      return status();
    },
    onStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

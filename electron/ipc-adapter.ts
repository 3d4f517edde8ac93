import { eventsChanged, type RecordKind, recordsChanged } from "../api/changes.js";
import type { ApiReply, Router } from "../api/router.js";
import type { EventsAppended } from "./bridge.js";
import { CLINIC_CALL, EVENTS_APPENDED } from "./ipc-names.js";
import { isTrustedSender, originOf, type SenderFrameLike } from "./trusted-sender.js";

/** The part of Electron's ipcMain the adapter uses. */
export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: { senderFrame: SenderFrameLike | null }, ...args: any[]) => unknown,
  ): void;
  removeHandler(channel: string): void;
}

export interface AdapterLog {
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

const refused = (status: number, code: string, message: string): ApiReply => ({
  ok: false,
  status,
  error: { code, message },
});

/**
 * Mounts the router on the one invoke channel. Every message's sender frame is checked first: only the main frame
 * of a page from `trustedOrigins` reaches the router. Malformed envelopes are answered with an error value, and a
 * router that throws answers a generic error (logged here) instead of sending a stack trace to the page.
 * Returns the function that unmounts it.
 */
export function mountRouter(options: {
  ipcMain: IpcMainLike;
  router: Router;
  trustedOrigins: readonly string[];
  log: AdapterLog;
}): () => void {
  const { ipcMain, router, trustedOrigins, log } = options;
  ipcMain.handle(CLINIC_CALL, async (event, channel: unknown, input: unknown, sessionToken: unknown) => {
    if (!isTrustedSender(event.senderFrame, trustedOrigins)) {
      log.warn(`Refused an IPC call from an untrusted frame (${event.senderFrame?.url ?? "no frame"})`);
      return refused(403, "UNTRUSTED_SENDER", "This window is not allowed to reach the clinic's data.");
    }
    if (typeof channel !== "string" || channel.length === 0)
      return refused(400, "BAD_REQUEST", "The call names no channel: expected a channel name as text.");
    if (sessionToken !== null && sessionToken !== undefined && typeof sessionToken !== "string")
      return refused(400, "BAD_REQUEST", "The session token must be text or null.");
    try {
      return await router.call(channel, input, { sessionToken: sessionToken ?? null, transport: "ipc" });
    } catch (err) {
      log.error(`The router failed on ${channel}`, err);
      return refused(
        500,
        "INTERNAL",
        "The app hit an unexpected problem with this request; it is in the app's log.",
      );
    }
  });
  return () => ipcMain.removeHandler(CLINIC_CALL);
}

/** The part of Electron's WebContents a push needs. */
export interface PushTarget {
  isDestroyed(): boolean;
  getURL(): string;
  send(channel: string, ...args: unknown[]): void;
}

/** The payload for one append: positions in order, each visit once. */
export function eventsAppendedPayload(
  rows: readonly { position: number; visitId: string }[],
): EventsAppended {
  return eventsChanged(rows);
}

/**
 * After every committed append (local or pulled by sync), tells every open window of ours which positions and
 * visits changed, and after records are written which kinds. Windows being torn down and pages not from our origins
 * are skipped. Returns the unsubscribe.
 */
export function relayEventsAppended(options: {
  events: {
    onAppended(listener: (rows: readonly { position: number; visitId: string }[]) => void): () => void;
  };
  records?: { onChanged(listener: (kinds: RecordKind[]) => void): () => void };
  targets: () => Iterable<PushTarget>;
  trustedOrigins: readonly string[];
}): () => void {
  const send = (payload: EventsAppended) => {
    for (const target of options.targets()) {
      if (target.isDestroyed()) continue;
      const origin = originOf(target.getURL());
      if (origin === null || !options.trustedOrigins.includes(origin)) continue;
      target.send(EVENTS_APPENDED, payload);
    }
  };
  const stopEvents = options.events.onAppended((rows) => {
    if (rows.length > 0) send(eventsAppendedPayload(rows));
  });
  const stopRecords = options.records?.onChanged((kinds) => send(recordsChanged(kinds)));
  return () => {
    stopEvents();
    stopRecords?.();
  };
}

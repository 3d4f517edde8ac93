import type { ClinicChanged, RecordKind } from "../api/changes.js";
import type { ApiReply } from "../api/reply.js";
import { CLINIC_CALL, EVENTS_APPENDED } from "./ipc-names.js";

/** What main pushes to every open window after events or records are committed: enough to decide what to refresh. */
export type EventsAppended = ClinicChanged;

/**
 * The one object the preload hands to the page as `window.clinic`. Plain data in, plain data out: no Electron
 * object (IpcRenderer, IpcRendererEvent) ever crosses into the page.
 */
export interface ClinicBridge {
  /** Sends one API call to the main process; answers with the router's reply value (never throws for refusals). */
  call(channel: string, input: unknown, sessionToken: string | null): Promise<ApiReply>;
  /** Calls the listener after every committed append; returns the function that stops it. */
  onEventsAppended(listener: (info: EventsAppended) => void): () => void;
  readonly transport: "ipc";
  readonly platform: string;
  readonly versions: { readonly electron: string; readonly chrome: string };
}

/** The part of ipcRenderer the bridge uses; the preload passes the real one. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export function createClinicBridge(
  ipc: IpcRendererLike,
  host: { platform: string; versions: { electron?: string; chrome?: string } },
): ClinicBridge {
  return Object.freeze({
    // The main process's handler answers an ApiReply for every call (see ipc-adapter.ts mountRouter).
    call: (channel: string, input: unknown, sessionToken: string | null) =>
      ipc.invoke(CLINIC_CALL, channel, input, sessionToken) as Promise<ApiReply>,
    onEventsAppended(listener: (info: EventsAppended) => void) {
      // The IPC event carries `sender` (the raw ipcRenderer): drop it and hand over only the payload, copied.
      const relay = (_event: unknown, info: unknown) => {
        if (isEventsAppended(info))
          listener({
            positions: [...info.positions],
            visitIds: [...info.visitIds],
            records: [...((info as { records?: RecordKind[] }).records ?? [])],
          });
      };
      ipc.on(EVENTS_APPENDED, relay);
      return () => {
        ipc.removeListener(EVENTS_APPENDED, relay);
      };
    },
    transport: "ipc" as const,
    platform: host.platform,
    versions: Object.freeze({ electron: host.versions.electron ?? "", chrome: host.versions.chrome ?? "" }),
  });
}

function isEventsAppended(value: unknown): value is EventsAppended {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    Array.isArray(v.positions) &&
    v.positions.every((p) => typeof p === "number") &&
    Array.isArray(v.visitIds) &&
    v.visitIds.every((id) => typeof id === "string") &&
    (v.records === undefined || (Array.isArray(v.records) && v.records.every((k) => typeof k === "string")))
  );
}

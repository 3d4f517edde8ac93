import type { ClinicChanged } from "../../api/changes.js";
import type { ApiError, ApiReply, ChannelName, InputOf, OutputOf } from "../../api/contract.js";

// The one way screens reach the clinic's data. Two small implementations sit behind it: ipc-client.ts (the desktop
// app, through window.clinic from electron/preload.ts) and http-client.ts (the browser host). connect.ts picks one;
// screens cannot tell which they have.

export type Reply<C extends ChannelName> =
  | { ok: true; value: OutputOf<C> }
  | { ok: false; status: number; error: ApiError };

/** The push after any window or desk changed something: the visits touched and the record kinds written. */
export type EventsAppended = ClinicChanged;

export interface ClinicClient {
  call<C extends ChannelName>(channel: C, input: InputOf<C>): Promise<Reply<C>>;
  /** Called after any window or desk recorded events or wrote records; returns the unsubscribe function. */
  onEventsAppended(listener: (info: EventsAppended) => void): () => void;
}

/**
 * What electron/preload.ts exposes as `window.clinic`: one call function and one subscription, nothing else.
 * The renderer keeps the session token and passes it with each call; the main process hands it to the router as
 * CallContext.sessionToken.
 */
export interface ClinicBridge {
  call(channel: string, input: unknown, sessionToken: string | null): Promise<ApiReply>;
  onEventsAppended(listener: (info: EventsAppended) => void): () => void;
}

declare global {
  interface Window {
    clinic?: ClinicBridge;
  }
}

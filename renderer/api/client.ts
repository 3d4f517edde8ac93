import type { ApiError, ApiReply, ChannelName, InputOf, OutputOf } from "../../api/contract.js";

// The one way screens reach the clinic's data. Two small implementations sit behind it: ipc-client.ts (the desktop
// app, through window.clinic from electron/preload.ts) and http-client.ts (the browser host). connect.ts picks one;
// screens cannot tell which they have.

export type Reply<C extends ChannelName> =
  | { ok: true; value: OutputOf<C> }
  | { ok: false; status: number; error: ApiError };

export interface EventsAppended {
  /** Local positions of the new events (the order they were stored in). */
  positions: number[];
  /** The visits they belong to, each once. */
  visitIds: string[];
}

export interface ClinicClient {
  call<C extends ChannelName>(channel: C, input: InputOf<C>): Promise<Reply<C>>;
  /** Called after any window or desk recorded events; returns the unsubscribe function. */
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

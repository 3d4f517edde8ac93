import type { ApiReply } from "../../api/contract.js";
import type { ClinicBridge, ClinicClient } from "./client.js";
import { createTokenKeeper } from "./session-token.js";

// The desktop app's client: every call goes through `window.clinic` (electron/preload.ts) to the main process,
// which checks the sending frame and hands the call to the same router the browser host uses. The session token is
// kept here, exactly as the HTTP client keeps it, and travels with each call.

type Storage = Parameters<typeof createTokenKeeper>[0];

export function createIpcClient(
  bridge: ClinicBridge,
  storage: Storage = typeof sessionStorage === "undefined" ? null : sessionStorage,
): ClinicClient {
  const tokens = createTokenKeeper(storage);
  return {
    async call(channel, input) {
      let reply: ApiReply;
      try {
        reply = await bridge.call(channel, input ?? {}, tokens.get());
      } catch {
        // invoke rejects only when the main process has no handler (still starting, or shutting down).
        reply = {
          ok: false,
          status: 503,
          error: {
            code: "UNREACHABLE",
            message: "The app is not ready to answer; wait a moment or restart it.",
          },
        };
      }
      tokens.observe(channel, reply);
      return reply as never;
    },
    onEventsAppended: (listener) => bridge.onEventsAppended(listener),
  };
}

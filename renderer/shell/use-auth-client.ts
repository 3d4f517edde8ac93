import { useMemo, useRef } from "react";
import type { ClinicClient } from "../api/client.js";

// The client the screens get: the real one, watched for the router saying the session is locked or over, so the
// shell can show the lock screen or the sign-in form whichever screen made the call.

export function useAuthWatchedClient(
  client: ClinicClient,
  on: { locked(): void; signedOut(): void; activity(): void },
): ClinicClient {
  const handlers = useRef(on);
  handlers.current = on;
  return useMemo<ClinicClient>(
    () => ({
      async call(channel, input) {
        const reply = await client.call(channel, input);
        if (reply.ok) handlers.current.activity();
        else if (reply.error.code === "SESSION_LOCKED") handlers.current.locked();
        else if (reply.error.code === "SESSION_EXPIRED" || reply.error.code === "NOT_SIGNED_IN")
          handlers.current.signedOut();
        return reply;
      },
      onEventsAppended: (listener) => client.onEventsAppended(listener),
    }),
    [client],
  );
}

import type { ApiReply } from "../../api/contract.js";
import type { ClinicClient, EventsAppended } from "./client.js";
import { createTokenKeeper } from "./session-token.js";

// The browser host's client: POST /api/<channel> with the JSON input, the session token as a bearer token; the
// launch secret travels in the cookie the host set when the page was opened from its printed address. "Events
// appended" arrive as server-sent events on /api/events.

export function createHttpClient(base = ""): ClinicClient {
  const tokens = createTokenKeeper(typeof sessionStorage === "undefined" ? null : sessionStorage);
  const listeners = new Set<(info: EventsAppended) => void>();
  let source: EventSource | null = null;

  const ensureStream = () => {
    if (source || typeof EventSource === "undefined") return;
    source = new EventSource(`${base}/api/events`);
    source.addEventListener("appended", (e) => {
      const info = JSON.parse((e as MessageEvent<string>).data) as Partial<EventsAppended>;
      const change: EventsAppended = {
        positions: info.positions ?? [],
        visitIds: info.visitIds ?? [],
        records: info.records ?? [],
      };
      for (const l of listeners) l(change);
    });
  };

  return {
    async call(channel, input) {
      let reply: ApiReply;
      try {
        const token = tokens.get();
        const res = await fetch(`${base}/api/${encodeURIComponent(channel)}`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          body: JSON.stringify(input ?? {}),
          credentials: "same-origin",
        });
        reply = (await res.json()) as ApiReply;
      } catch {
        reply = {
          ok: false,
          status: 503,
          error: {
            code: "UNREACHABLE",
            message: "The clinic host is not answering. Is `npm run web` still running?",
          },
        };
      }
      tokens.observe(channel, reply);
      return reply as never;
    },
    onEventsAppended(listener) {
      listeners.add(listener);
      ensureStream();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) {
          source?.close();
          source = null;
        }
      };
    },
  };
}

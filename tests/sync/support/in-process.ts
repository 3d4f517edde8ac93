import type { SyncApi } from "../../../server/api.js";
import { SERVER_TIME_HEADER } from "../../../sync/protocol.js";
import { SyncOffline, type SyncTransport } from "../../../sync/transport.js";

// The sync job talking to the server's request handler directly, with no sockets, and a network that does what the
// test says: a request lost on the way there, an answer lost on the way back (after the server committed), or a
// request delivered twice.

export type Fault = "none" | "lose-request" | "lose-answer" | "deliver-twice";

export interface FaultyTransport {
  transport: SyncTransport;
  /** Faults for the next requests, in order; once used up, requests go through. */
  plan(faults: Fault[]): void;
}

export function inProcessTransport(api: SyncApi): FaultyTransport {
  let faults: Fault[] = [];
  const deliver = async (req: Parameters<SyncTransport>[0]) => {
    const headers: Record<string, string> = {};
    if (req.token) headers.authorization = `Bearer ${req.token}`;
    if (req.deviceTime !== undefined) headers["x-device-time"] = String(req.deviceTime);
    const answer = await api.handle({
      method: req.method,
      url: req.path,
      headers,
      body: req.body === undefined ? "" : JSON.stringify(req.body),
    });
    // Through JSON, as on the wire: nothing shared by reference between server and desk.
    return { status: answer.status, body: JSON.parse(JSON.stringify(answer.body)), serverTime: Date.now() };
  };
  return {
    plan(next) {
      faults = [...next];
    },
    transport: async (req) => {
      if (req.path.startsWith("/v1/wait"))
        return { status: 200, body: { changed: false, heads: {} }, serverTime: null };
      const fault = faults.shift() ?? "none";
      if (fault === "lose-request") throw new SyncOffline("request lost");
      const answer = await deliver(req);
      if (fault === "lose-answer") throw new SyncOffline("answer lost");
      if (fault === "deliver-twice") return deliver(req);
      return answer;
    },
  };
}

export { SERVER_TIME_HEADER };

import type { ApiReply } from "../../api/contract.js";

// Both clients keep the session token the same way: taken from a successful sign-in or first-run setup, dropped on
// sign-out or when the router says the session is over. Kept in sessionStorage so a reload of the same tab stays
// signed in, while another tab or a restarted browser must sign in.

const KEY = "hms.sessionToken";
const dropOn = new Set(["NOT_SIGNED_IN", "SESSION_EXPIRED"]);

export interface TokenKeeper {
  get(): string | null;
  /** Learns from a reply: a new token, or the end of the session. */
  observe(channel: string, reply: ApiReply): void;
}

export function createTokenKeeper(
  storage: Pick<Storage, "getItem" | "setItem" | "removeItem"> | null,
): TokenKeeper {
  let token = storage?.getItem(KEY) ?? null;
  const set = (value: string | null) => {
    token = value;
    if (value === null) storage?.removeItem(KEY);
    else storage?.setItem(KEY, value);
  };
  return {
    get: () => token,
    observe(channel, reply) {
      if (reply.ok) {
        if (channel === "signIn" || channel === "setupClinic") set((reply.value as { token: string }).token);
        else if (channel === "signOut") set(null);
      } else if (dropOn.has(reply.error.code)) set(null);
    },
  };
}

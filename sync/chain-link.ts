// Each device's events form one hash chain (domain/event-hash.ts): an event's prevHash is the hash of the event
// its device recorded just before it. The server checks the link of every pushed event against the device's head
// before giving it a sequence, and every desk checks it again before storing a pulled event, so one device (or a
// stolen token) cannot leave a broken chain on the server or on any other desk. Pure: the caller reads the head.

export interface ChainLinkProblem {
  code: "CHAIN_BROKEN";
  reason: string;
}

/**
 * Whether an event extends its device's chain. `head` is the hash of that device's latest held event (null when
 * none is held); `held(hash)` says whether an earlier event of the device has that hash (to tell a fork from a gap).
 */
export function chainLinkProblem(
  e: { id: string; deviceId: string; prevHash: string | null },
  head: string | null,
  held: (hash: string) => boolean,
): ChainLinkProblem | null {
  if (e.prevHash === head) return null;
  if (e.prevHash === null)
    return {
      code: "CHAIN_BROKEN",
      reason: `Event ${e.id} claims to be the first event of device ${e.deviceId}, which already has events: a second start of its chain.`,
    };
  if (head === null)
    return {
      code: "CHAIN_BROKEN",
      reason: `Event ${e.id} follows an event of device ${e.deviceId} that was never received: its chain has a gap.`,
    };
  if (held(e.prevHash))
    return {
      code: "CHAIN_BROKEN",
      reason: `Event ${e.id} follows an earlier event of device ${e.deviceId} than its latest one: a fork of its chain.`,
    };
  return {
    code: "CHAIN_BROKEN",
    reason: `Event ${e.id} follows an event of device ${e.deviceId} that was never received: its chain has a gap.`,
  };
}

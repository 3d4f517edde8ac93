import { type ChannelName, contract } from "../../api/contract.js";

// Every command a screen sends carries a command id made once per intended action: if the same message reaches the
// router twice (a resent IPC message, a retry after a lost answer) the router answers the first result again and
// records nothing more. Queries take none.

export function withCommandId<T>(channel: ChannelName, input: T): T {
  if (contract[channel].kind !== "command" || typeof input !== "object" || input === null) return input;
  if ("commandId" in input) return input;
  return { ...input, commandId: crypto.randomUUID() };
}

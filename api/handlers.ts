import type { ChannelName, Contract } from "./contract.js";
import type { AreaHandlers } from "./handler.js";
import { refused } from "./handler.js";

// Every channel's handler, gathered from the areas. The type demands exactly one handler per channel of the
// contract, so a channel added without its handler does not compile.

const notYet = () => refused("NOT_IMPLEMENTED", "This channel is not implemented yet.", undefined, 501);

export const handlers: AreaHandlers<Contract> = new Proxy({} as AreaHandlers<Contract>, {
  get: () => notYet,
}) as AreaHandlers<Contract> & Record<ChannelName, unknown>;

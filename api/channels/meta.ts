import { z } from "zod";
import { defineChannels } from "../channel.js";
import { noInput } from "./common.js";

// The contract describes itself, so tools and tests discover the channels instead of copying a list.

export const channelDescription = z.object({
  name: z.string(),
  kind: z.enum(["command", "query"]),
  summary: z.string(),
  roles: z.union([z.literal("public"), z.array(z.string())]),
  input: z.unknown(),
  output: z.unknown(),
});

export const metaChannels = defineChannels({
  describe: {
    kind: "query",
    roles: "public",
    summary: "Every channel with its roles and the JSON Schema of its input and output",
    input: noInput,
    output: z.object({ channels: z.array(channelDescription) }),
  },
});

import { z } from "zod";
import type { ChannelDefinition } from "../channel.js";
import { contract } from "../contract.js";
import type { AreaHandlers } from "../handler.js";
import { done } from "../handler.js";
import type { metaChannels } from "./meta.js";

// The description is computed once: the contract does not change while the app runs.
let described: z.input<(typeof metaChannels)["describe"]["output"]> | null = null;

const jsonSchema = (schema: z.ZodType, io: "input" | "output") =>
  // "any" keeps the few shapes JSON Schema cannot express (refinements, transforms) as open schemas instead of
  // failing the whole description.
  z.toJSONSchema(schema, { io, unrepresentable: "any" });

export function describeContract() {
  described ??= {
    channels: Object.entries(contract as Record<string, ChannelDefinition>).map(([name, def]) => ({
      name,
      kind: def.kind,
      summary: def.summary,
      roles: def.roles === "public" ? ("public" as const) : [...def.roles],
      input: jsonSchema(def.input, "input"),
      output: jsonSchema(def.output, "output"),
    })),
  };
  return described;
}

export const metaHandlers: AreaHandlers<typeof metaChannels> = {
  describe: () => done(describeContract()),
};

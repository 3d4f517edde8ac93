import type { z } from "zod";
import type { ChannelDefinition, ChannelMap } from "./channel.js";
import { adminChannels } from "./channels/admin.js";
import { analyticsChannels } from "./channels/analytics.js";
import { auditExportChannels } from "./channels/audit-export.js";
import { authChannels } from "./channels/auth.js";
import { billingChannels } from "./channels/billing.js";
import { clinicChannels } from "./channels/clinic.js";
import { consultationChannels } from "./channels/consultation.js";
import { documentChannels } from "./channels/documents.js";
import { labChannels } from "./channels/lab.js";
import { metaChannels } from "./channels/meta.js";
import { patientChannels } from "./channels/patients.js";
import { queueChannels } from "./channels/queue.js";
import { syncChannels } from "./channels/sync.js";
import { visitChannels } from "./channels/visits.js";

// The contract: every channel the screens and other programs may call, by name. Each area's channels are defined in
// api/channels/<area>.ts and handled in api/channels/<area>.handlers.ts; adding a channel means editing those two
// files only. This module holds schemas and words, no database code, so the renderer may import it.

function compose<T extends ChannelMap[]>(...areas: T): UnionToIntersection<T[number]> {
  const all: ChannelMap = {};
  for (const area of areas)
    for (const [name, def] of Object.entries(area)) {
      // Two areas defining one name would silently shadow each other; refuse at start-up instead.
      if (Object.hasOwn(all, name)) throw new Error(`Channel "${name}" is defined twice in the contract.`);
      all[name] = def;
    }
  return all as UnionToIntersection<T[number]>;
}

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void
  ? I
  : never;

export const contract = compose(
  metaChannels,
  authChannels,
  adminChannels,
  patientChannels,
  visitChannels,
  queueChannels,
  consultationChannels,
  documentChannels,
  billingChannels,
  labChannels,
  analyticsChannels,
  clinicChannels,
  auditExportChannels,
  syncChannels,
);

export type Contract = typeof contract;
export type ChannelName = keyof Contract & string;
/** What a caller sends (before defaults are filled in). */
export type InputOf<C extends ChannelName> = z.input<Contract[C]["input"]>;
/** What the handler receives (after parsing). */
export type ParsedInputOf<C extends ChannelName> = z.output<Contract[C]["input"]>;
/** What the caller receives. */
export type OutputOf<C extends ChannelName> = z.output<Contract[C]["output"]>;

export const channelNames = Object.keys(contract) as ChannelName[];

export const isChannelName = (name: string): name is ChannelName => Object.hasOwn(contract, name);

export const channelDefinition = (name: ChannelName): ChannelDefinition =>
  contract[name] as ChannelDefinition;

export type { ApiError, ApiReply } from "./reply.js";
export type { Role } from "./roles.js";

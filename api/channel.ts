import type { z } from "zod";
import type { AuditAction } from "../audit/security-log.js";
import type { Role } from "./roles.js";

// One channel of the contract: what it takes, what it gives, who may call it. Definitions hold zod schemas and
// words only (no database code), so the renderer can import them for form validation; each area's handlers live
// beside its definitions in api/channels/<area>.handlers.ts.

export interface ChannelDefinition<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  /** The roles allowed to call it, or "public" for calls made before signing in. */
  roles: readonly Role[] | "public";
  kind: "command" | "query";
  /** One sentence in the clinic's words; `describe` and GET /api show it. */
  summary: string;
  /** A locked session may still make this call (unlock, sign out, read who is signed in). */
  whenLocked?: boolean;
  /**
   * The security-log action a refused call is written as: a wrong role, or input that does not parse from someone
   * signed in. Unset, only wrong roles are written, as forbidden_call.
   */
  refusedAs?: AuditAction;
  /** A larger request body than the browser host's 1 MB default (file uploads). */
  maxRequestBytes?: number;
}

export type ChannelMap = Record<string, ChannelDefinition>;

/** Keeps each definition's exact schema types while checking it has the contract's shape. */
export const defineChannels = <T extends ChannelMap>(channels: T): T => channels;

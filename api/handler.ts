import type { z } from "zod";
import type { CommandRef } from "../db/command-replies.js";
import type { ClinicDb } from "../db/open.js";
import { type Refusal, type RefusalCode, refuse } from "../domain/refusal.js";
import type { SyncJob } from "../sync/index.js";
import type { AuthService } from "./auth/service.js";
import type { ChannelMap } from "./channel.js";
import type { ApiError } from "./reply.js";
import type { Role } from "./roles.js";

// What a handler gets and gives. Handlers never see the raw input (the router parsed it) nor decide who is calling
// (the router authenticated the session). A refusal is returned, never thrown.

export interface SignedInStaff {
  id: string;
  name: string;
  role: Role;
  username: string | null;
}

export interface HandlerContext {
  db: ClinicDb;
  /** The signed-in member of staff, or null for a public channel called without a session. */
  staff: SignedInStaff | null;
  /** The caller's session token (public channels such as signIn may still receive one). */
  sessionToken: string | null;
  transport: "ipc" | "http";
  /** Who is asking, for per-source limits: "ipc" (the desktop window) or "http:<client address>". */
  source: string;
  now(): Date;
  /** Sessions and the security audit. */
  auth: AuthService;
  /** This desk's sync job, where the host runs one. */
  sync: SyncJob | null;
  /** The command being carried out, when the caller sent a command id; recorded with what it writes. */
  command: CommandRef | null;
}

/** A signed-in handler's context: the router guarantees `staff` for every non-public channel. */
export interface StaffContext extends HandlerContext {
  staff: SignedInStaff;
}

/** A handler's refusal; `status` overrides the default mapping of its code (api/reply.ts). */
export type HandlerError = ApiError & { status?: number };

export type HandlerResult<T> = { ok: true; value: T } | { ok: false; error: HandlerError };

type Ctx<D> = D extends { roles: "public" } ? HandlerContext : StaffContext;

/** The handlers of one area: exactly one per channel it defines, typed by that channel's schemas. */
export type AreaHandlers<T extends ChannelMap> = {
  [K in keyof T]: (
    input: z.output<T[K]["input"]>,
    ctx: Ctx<T[K]>,
  ) => HandlerResult<z.input<T[K]["output"]>> | Promise<HandlerResult<z.input<T[K]["output"]>>>;
};

export const done = <T>(value: T): HandlerResult<T> => ({ ok: true, value });
/** A handler's refusal; `facts` become params (plain texts and numbers) and details (lists), as domain/refusal.ts. */
export const refused = <T = never>(
  code: string,
  message: string,
  facts?: Record<string, unknown>,
  status?: number,
  field?: string,
): HandlerResult<T> => {
  // Older handlers name the field among the facts ({ field: "password" }).
  const { field: named, ...rest } = facts ?? {};
  const about = field ?? (typeof named === "string" ? named : undefined);
  return {
    ok: false,
    error: {
      ...refuse(code as RefusalCode, message, facts ? rest : undefined, about),
      ...(status === undefined ? {} : { status }),
    },
  };
};

/** A domain refusal passed on as the handler's answer. */
export const refusedWith = <T = never>(r: Refusal): HandlerResult<T> => ({ ok: false, error: r });

/** Bad input found by a handler (a rule no schema can say): one field error, shaped as the router's. */
export function invalidField<T = never>(
  field: string,
  message: string,
  code = "INVALID",
  params: Record<string, string | number> = {},
): HandlerResult<T> {
  const path = field.split(".").map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  return {
    ok: false,
    error: {
      code: "INVALID_INPUT",
      message,
      field,
      params,
      details: [{ field, code, params, message, path }],
      status: 400,
    },
  };
}

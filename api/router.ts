import type { ClinicDb } from "../db/open.js";
import type { SyncJob } from "../sync/index.js";
import { type AuthService, createAuthService } from "./auth/service.js";
import { recordsChangedBy } from "./changes.js";
import type { ChannelDefinition } from "./channel.js";
import { channelDefinition, isChannelName } from "./contract.js";
import type { HandlerContext, HandlerResult } from "./handler.js";
import { handlers } from "./handlers.js";
import { type ApiReply, statusOfRefusal } from "./reply.js";

// The one gate for both transports (Electron IPC and the browser host's HTTP): parse the input, authenticate the
// session, check the role, run the handler, check the output. Every answer is an ApiReply; a refused call writes
// nothing (the forbidden-call audit row is the only exception, and it is the point).

export interface CallContext {
  sessionToken: string | null;
  transport: "ipc" | "http";
}

export type { ApiReply } from "./reply.js";

export interface Router {
  call(channel: string, input: unknown, ctx: CallContext): Promise<ApiReply>;
}

export interface RouterDeps {
  db: ClinicDb;
  /** The clock; tests may pin it. */
  now?: () => Date;
  /** Where unexpected failures are reported (never to the caller). Defaults to stderr. */
  log?: (line: string) => void;
  /** The auth service, when the host needs to share it (e.g. to sign everyone out on shutdown). */
  auth?: AuthService;
  /** The desk's sync job, for the sync channels; absent where the host runs none. */
  sync?: SyncJob;
}

const refusal = (status: number, code: string, message: string, details?: unknown): ApiReply => ({
  ok: false,
  status,
  error: details === undefined ? { code, message } : { code, message, details },
});

export function createRouter(deps: RouterDeps): Router {
  const now = deps.now ?? (() => new Date());
  const log = deps.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const auth = deps.auth ?? createAuthService(deps.db, { now });

  async function call(channel: string, input: unknown, ctx: CallContext): Promise<ApiReply> {
    if (typeof channel !== "string" || !isChannelName(channel))
      return refusal(404, "UNKNOWN_CHANNEL", `There is no channel "${String(channel).slice(0, 80)}".`);
    const def: ChannelDefinition = channelDefinition(channel);

    const parsed = def.input.safeParse(input ?? {});
    if (!parsed.success)
      return refusal(400, "INVALID_INPUT", describe(parsed.error.issues), parsed.error.issues);

    const token = typeof ctx.sessionToken === "string" && ctx.sessionToken !== "" ? ctx.sessionToken : null;
    const found = token ? auth.sessions.find(token) : null;
    if (def.roles !== "public") {
      if (!token) return refusal(401, "NOT_SIGNED_IN", "Please sign in first.");
      if (!found || found.kind === "expired")
        return refusal(401, "SESSION_EXPIRED", "Your session has ended; please sign in again.");
      const { session } = found;
      if (session.locked && !def.whenLocked)
        return refusal(401, "SESSION_LOCKED", "The screen is locked; unlock it with your password.");
      if (!def.roles.includes(session.staff.role)) {
        auth.audit.record({
          action: "forbidden_call",
          outcome: "refused",
          staffId: session.staff.id,
          username: session.staff.username,
          detail: { channel, role: session.staff.role, transport: ctx.transport },
        });
        return refusal(
          403,
          "FORBIDDEN",
          `A ${session.staff.role} account cannot use "${channel}"; it is for: ${def.roles.join(", ")}.`,
        );
      }
      auth.sessions.touch(token);
    }

    const hctx: HandlerContext = {
      db: deps.db,
      staff: found?.kind === "active" && !found.session.locked ? found.session.staff : null,
      sessionToken: token,
      transport: ctx.transport,
      now,
      auth,
      sync: deps.sync ?? null,
    };
    if (def.roles !== "public" && found?.kind === "active") hctx.staff = found.session.staff;

    let result: HandlerResult<unknown>;
    try {
      const handler = handlers[channel] as (input: unknown, ctx: HandlerContext) => unknown;
      result = (await handler(parsed.data, hctx)) as HandlerResult<unknown>;
    } catch (err) {
      log(`hms api: ${channel} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      return refusal(500, "INTERNAL", "Something went wrong on this workstation; nothing was recorded.");
    }
    if (!result.ok) {
      const { status, ...error } = result.error;
      return { ok: false, status: status ?? statusOfRefusal(error.code), error };
    }
    // The output is checked too: a screen must never receive something the contract does not promise.
    const out = def.output.safeParse(result.value);
    if (!out.success) {
      log(`hms api: ${channel} answered outside its contract: ${describe(out.error.issues)}`);
      return refusal(500, "INTERNAL", "Something went wrong on this workstation.");
    }
    // Records change outside the event log: say so, so that every window (and, through sync, every desk) shows it.
    const records = recordsChangedBy[channel];
    if (records) deps.db.recordChanges.notify(records);
    return { ok: true, value: out.data };
  }

  return { call };
}

function describe(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues
    .map((i) => (i.path.length ? `${i.path.map(String).join(".")}: ${i.message}` : i.message))
    .join("; ");
}

import type { z } from "zod";
import {
  type CommandRef,
  findCommandReply,
  type StoredReply,
  saveCommandReply,
} from "../db/command-replies.js";
import type { ClinicDb } from "../db/open.js";
import { describeFieldErrors, fieldErrors } from "../domain/field-errors.js";
import type { SyncJob } from "../sync/index.js";
import { type AuthService, createAuthService } from "./auth/service.js";
import { recordsChangedBy } from "./changes.js";
import type { ChannelDefinition } from "./channel.js";
import { type ChannelName, channelDefinition, isChannelName } from "./contract.js";
import type { HandlerContext, HandlerResult } from "./handler.js";
import { handlers } from "./handlers.js";
import { type ApiReply, statusOfRefusal } from "./reply.js";

// The one gate for both transports (Electron IPC and the browser host's HTTP): parse the input, authenticate the
// session, check the role, run the handler, check the output. Every answer is an ApiReply; a refused call writes
// nothing (the forbidden-call audit row is the only exception, and it is the point).

export interface CallContext {
  sessionToken: string | null;
  transport: "ipc" | "http";
  /** Where the call came from (the browser host passes "http:<client address>"); defaults to the transport. */
  source?: string;
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

/** Bad input: one field error per problem, in plain sentences; `field` when exactly one field is at fault. */
function invalidInput(issues: readonly z.core.$ZodIssue[], input: unknown): ApiReply {
  const details = fieldErrors(issues, input);
  const fields = new Set(details.map((d) => d.field));
  const [only] = details;
  return {
    ok: false,
    status: 400,
    error: {
      code: "INVALID_INPUT",
      message: describeFieldErrors(details),
      ...(fields.size === 1 && only?.field ? { field: only.field } : {}),
      ...(details.length === 1 && only ? { params: only.params } : {}),
      details,
    },
  };
}

export function createRouter(deps: RouterDeps): Router {
  const now = deps.now ?? (() => new Date());
  const log = deps.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const auth = deps.auth ?? createAuthService(deps.db, { now });
  /** Commands being carried out, by person and command id, with the answer they will give. */
  const inFlight = new Map<string, Promise<{ channel: string; reply: ApiReply }>>();

  async function call(channel: string, input: unknown, ctx: CallContext): Promise<ApiReply> {
    if (typeof channel !== "string" || !isChannelName(channel))
      return refusal(404, "UNKNOWN_CHANNEL", `There is no channel "${String(channel).slice(0, 80)}".`);
    const def: ChannelDefinition = channelDefinition(channel);

    const sent =
      def.kind === "command" ? takeCommandId(input ?? {}) : { commandId: null, input: input ?? {} };
    if ("error" in sent) return sent.error;
    const token = typeof ctx.sessionToken === "string" && ctx.sessionToken !== "" ? ctx.sessionToken : null;
    const parsed = def.input.safeParse(sent.input);
    if (!parsed.success) {
      const reply = invalidInput(parsed.error.issues, sent.input);
      if (def.refusedAs && token) auditRefusedInput(def.refusedAs, channel, token, reply, ctx);
      return reply;
    }

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
          action: def.refusedAs ?? "forbidden_call",
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
      source: typeof ctx.source === "string" && ctx.source !== "" ? ctx.source : ctx.transport,
      now,
      auth,
      sync: deps.sync ?? null,
      command: null,
    };
    if (def.roles !== "public" && found?.kind === "active") hctx.staff = found.session.staff;
    if (!sent.commandId || !hctx.staff) return run(channel, def, parsed.data, hctx);

    // The same command again (same person, same id) answers as the first time and records nothing. A copy that
    // arrives while the first is still being carried out waits for the first's answer.
    const command: CommandRef = { staffId: hctx.staff.id, commandId: sent.commandId, channel };
    const key = `${command.staffId} ${command.commandId}`;
    const running = inFlight.get(key);
    if (running) return sameCommand(command, await running);
    const stored = findCommandReply(deps.db.sqlite, command.staffId, command.commandId);
    if (stored) return replay(command, stored);
    const answer = run(channel, def, parsed.data, { ...hctx, command }).then((reply) => {
      if (reply.ok) saveCommandReply(deps.db.sqlite, command, reply.value, now());
      return reply;
    });
    inFlight.set(
      key,
      answer.then((reply) => ({ channel, reply })),
    );
    try {
      return await answer;
    } finally {
      inFlight.delete(key);
    }
  }

  /** Bad input to a channel whose refusals are audited, from a person signed in (others are not known). */
  function auditRefusedInput(
    action: NonNullable<ChannelDefinition["refusedAs"]>,
    channel: string,
    token: string,
    reply: ApiReply,
    ctx: CallContext,
  ): void {
    const found = auth.sessions.find(token);
    if (found?.kind !== "active" || found.session.locked || reply.ok) return;
    auth.audit.record({
      action,
      outcome: "refused",
      staffId: found.session.staff.id,
      username: found.session.staff.username,
      detail: { channel, code: reply.error.code, reason: reply.error.message, transport: ctx.transport },
    });
  }

  async function run(
    channel: ChannelName,
    def: ChannelDefinition,
    input: unknown,
    hctx: HandlerContext,
  ): Promise<ApiReply> {
    let result: HandlerResult<unknown>;
    try {
      const handler = handlers[channel] as (input: unknown, ctx: HandlerContext) => unknown;
      result = (await handler(input, hctx)) as HandlerResult<unknown>;
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
      log(
        `hms api: ${channel} answered outside its contract: ${JSON.stringify(out.error.issues).slice(0, 2000)}`,
      );
      return refusal(500, "INTERNAL", "Something went wrong on this workstation.");
    }
    // Records change outside the event log: say so, so that every window (and, through sync, every desk) shows it.
    const records = recordsChangedBy[channel];
    if (records) deps.db.recordChanges.notify(records);
    return { ok: true, value: out.data };
  }

  return { call };
}

const COMMAND_ID = /^[0-9A-Za-z_-]{8,64}$/;

/**
 * Every command may carry `commandId`, made by the client once per intended action (a ULID, say): the router takes
 * it off before the channel's own schema sees the input.
 */
function takeCommandId(input: unknown): { commandId: string | null; input: unknown } | { error: ApiReply } {
  if (typeof input !== "object" || input === null || Array.isArray(input) || !("commandId" in input))
    return { commandId: null, input };
  const { commandId, ...rest } = input as Record<string, unknown>;
  if (commandId === undefined || commandId === null) return { commandId: null, input: rest };
  if (typeof commandId !== "string" || !COMMAND_ID.test(commandId)) {
    const message = "Command id must be 8 to 64 letters, digits, '_' or '-' (a ULID, for example).";
    const params = { field: "Command id" };
    return {
      error: {
        ok: false,
        status: 400,
        error: {
          code: "INVALID_INPUT",
          message,
          field: "commandId",
          params,
          details: [{ field: "commandId", code: "INVALID_FORMAT", params, message, path: ["commandId"] }],
        },
      },
    };
  }
  return { commandId, input: rest };
}

/** An answer given before, for the same command id. */
function replay(command: CommandRef, stored: StoredReply): ApiReply {
  if (stored.channel !== command.channel)
    return refusal(
      409,
      "COMMAND_ID_REUSED",
      `This command id was already used for "${stored.channel}"; make a new one for each action.`,
    );
  if (stored.reply === null)
    return refusal(
      409,
      "COMMAND_ALREADY_RECORDED",
      "This was already recorded, but its answer was lost when the workstation stopped; refresh to see it.",
    );
  return { ok: true, value: JSON.parse(stored.reply) as unknown };
}

/** The answer of the same command still being carried out when its copy arrived. */
function sameCommand(command: CommandRef, first: { channel: string; reply: ApiReply }): ApiReply {
  if (first.channel !== command.channel) return replay(command, { channel: first.channel, reply: null });
  return first.reply;
}

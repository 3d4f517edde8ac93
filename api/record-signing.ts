import type { KeyObject } from "node:crypto";
import type { ClinicDb } from "../db/open.js";
import { setStaffKeys } from "../db/staff.js";
import { type ChangeSigner, captureRecordChanges } from "../sync/records.js";
import { newStaffKey, unsealStaffKey } from "../sync/staff-keys.js";
import type { HandlerContext, HandlerResult } from "./handler.js";
import { refused } from "./handler.js";

// Changes of staff and clinic settings are signed by the person who makes them (sync/authority.ts). A person's key
// is unsealed with their password when they sign in and kept with their session, in memory only, for as long as it
// lasts; the handlers that change staff or settings sign what they wrote before answering.

const sessionKeys = new WeakMap<object, KeyObject>();

/**
 * The signing key of someone who just proved their password: unsealed from their staff record, or, for an account
 * made before staff had keys, made now and stored sealed under that password (the change is signed by them; the
 * clinic's other desks accept it only from an administrator, see docs/sync-protocol.md).
 */
export async function keyAfterPassword(
  db: ClinicDb,
  account: { id: string; sealedKey: string | null },
  password: string,
): Promise<KeyObject | null> {
  const key = await unsealStaffKey(account.sealedKey, password);
  if (key || account.sealedKey) return key;
  const made = await newStaffKey(password);
  setStaffKeys(db, account.id, made, new Date());
  captureRecordChanges(db, { staffId: account.id, key: made.privateKey });
  return made.privateKey;
}

/** Keeps a session's key for signing; `session` is the session object the store keeps. */
export const rememberSigningKey = (session: object, key: KeyObject | null): void => {
  if (key) sessionKeys.set(session, key);
};

export function sessionSigner(ctx: HandlerContext): ChangeSigner | null {
  const found = ctx.auth.sessions.find(ctx.sessionToken ?? "");
  if (found?.kind !== "active" || !ctx.staff) return null;
  const key = sessionKeys.get(found.session);
  return key ? { staffId: ctx.staff.id, key } : null;
}

/** The refusal for a change that cannot be signed (the session has no key). */
export const cannotSign = (): HandlerResult<never> =>
  refused(
    "SIGN_IN_AGAIN",
    "This change must be signed with your password: sign out and sign in again, then repeat it.",
    undefined,
    401,
  );

/** Signs and queues for sync what the handler just wrote to staff or settings. */
export const signWrittenChanges = (ctx: HandlerContext, signer: ChangeSigner): number =>
  captureRecordChanges(ctx.db, signer, ctx.now());

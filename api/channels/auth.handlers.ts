import type { KeyObject } from "node:crypto";
import { accountById, accountByUsername, activeAdminCount, setPasswordHash } from "../../db/accounts.js";
import { readSetting, writeSetting } from "../../db/clinic-settings.js";
import { addStaff, sealedKeyOf, setStaffKeys } from "../../db/staff.js";
import { newStaffKey, publicKeyText, sealStaffKey, unsealStaffKey } from "../../sync/staff-keys.js";
import { gatedPasswordCheck, seconds } from "../auth/password-check.js";
import { hashPassword, passwordWeakness, verifyPassword } from "../auth/passwords.js";
import type { AreaHandlers, HandlerContext, SignedInStaff, StaffContext } from "../handler.js";
import { done, refused } from "../handler.js";
import { keyAfterPassword, rememberSigningKey, signWrittenChanges } from "../record-signing.js";
import { readSettings, writeSettings } from "../settings.js";
import { type authChannels, screenLanguages } from "./auth.js";

const MAX_FAILED_UNLOCKS = 5;

const readLanguage = (ctx: StaffContext) => {
  const saved = readSetting(ctx.db.sqlite, `language.${ctx.staff.id}`);
  return (screenLanguages as readonly string[]).includes(saved ?? "")
    ? (saved as (typeof screenLanguages)[number])
    : null;
};
const failedUnlocks = new WeakMap<object, number>();

function signedIn(ctx: HandlerContext, staff: SignedInStaff, key: KeyObject | null) {
  const session = ctx.auth.sessions.create(staff);
  rememberSigningKey(session, key);
  const settings = readSettings(ctx.db);
  return done({
    token: session.token,
    staff: { ...staff, active: true },
    clinicName: settings.clinicName,
    lockAfterMinutes: settings.lockAfterMinutes,
  });
}

const weak = (message: string) => refused("WEAK_PASSWORD", message, { field: "password" });

export const authHandlers: AreaHandlers<typeof authChannels> = {
  setupStatus(_input, ctx) {
    const settings = readSettings(ctx.db);
    return done({ needsSetup: activeAdminCount(ctx.db) === 0, clinicName: settings.clinicName || null });
  },

  async setupClinic(input, ctx) {
    if (activeAdminCount(ctx.db) > 0)
      return refused("ALREADY_SET_UP", "This clinic is already set up; sign in instead.");
    const weakness = passwordWeakness(input.password, [input.adminName, input.username, input.clinicName]);
    if (weakness) return weak(weakness);
    const hash = await hashPassword(input.password);
    const key = await newStaffKey(input.password);
    // Checked again after the (slow) hashing: two first-run forms submitted at once must not make two admins.
    const created = ctx.db.sqlite
      .transaction(() => {
        if (activeAdminCount(ctx.db) > 0) return null;
        const added = addStaff(ctx.db, { name: input.adminName, role: "admin", username: input.username });
        if (!added.ok) return added;
        setPasswordHash(ctx.db, added.value.id, hash, ctx.now());
        setStaffKeys(ctx.db, added.value.id, key, ctx.now());
        writeSettings(ctx.db, { clinicName: input.clinicName });
        // The founding administrator signs their own record and the clinic's name.
        signWrittenChanges(ctx, { staffId: added.value.id, key: key.privateKey });
        return added;
      })
      .immediate();
    if (!created) return refused("ALREADY_SET_UP", "This clinic is already set up; sign in instead.");
    if (!created.ok) return refused("INVALID_INPUT", created.error.message);
    const staff = created.value;
    ctx.auth.audit.record({
      action: "setup",
      outcome: "ok",
      staffId: staff.id,
      username: staff.username,
      detail: { clinicName: input.clinicName },
    });
    ctx.auth.audit.record({ action: "sign_in", outcome: "ok", staffId: staff.id, username: staff.username });
    return signedIn(
      ctx,
      { id: staff.id, name: staff.name, role: staff.role, username: staff.username },
      key.privateKey,
    );
  },

  async signIn(input, ctx) {
    const { username } = input;
    const account = accountByUsername(ctx.db, username);
    const checked = await gatedPasswordCheck(
      ctx,
      { kind: "sign_in", username, staffId: account?.id ?? null },
      async () => {
        const matches = await verifyPassword(input.password, account?.passwordHash ?? null);
        if (account && matches && account.active) {
          ctx.auth.audit.record({ action: "sign_in", outcome: "ok", staffId: account.id, username });
          return { account, matches };
        }
        const reason = !account ? "unknown username" : !matches ? "wrong password" : "account deactivated";
        ctx.auth.audit.record({
          action: "sign_in_failed",
          outcome: "failed",
          staffId: account?.id ?? null,
          username,
          detail: { reason, source: ctx.source },
        });
        return { account: null, matches };
      },
    );
    if (!checked.ok) return checked.refusal;
    const signedInAccount = checked.value.account;
    if (!signedInAccount) {
      if (account && checked.value.matches && !account.active)
        return refused(
          "ACCOUNT_DEACTIVATED",
          "This account has been deactivated; ask the administrator.",
          undefined,
          401,
        );
      const next = ctx.auth.passwords.personWait(username);
      return refused(
        "WRONG_CREDENTIALS",
        `The username or password is not right.${next > 0 ? ` Wait ${seconds(next)} before trying again.` : ""}`,
        next > 0 ? { retryAfterSeconds: next } : undefined,
      );
    }
    const key = await keyAfterPassword(
      ctx.db,
      { id: signedInAccount.id, sealedKey: sealedKeyOf(ctx.db, signedInAccount.id) },
      input.password,
    );
    return signedIn(
      ctx,
      {
        id: signedInAccount.id,
        name: signedInAccount.name,
        role: signedInAccount.role,
        username: signedInAccount.username,
      },
      key,
    );
  },

  signOut(_input, ctx) {
    ctx.auth.sessions.end(ctx.sessionToken ?? "");
    ctx.auth.audit.record({
      action: "sign_out",
      outcome: "ok",
      staffId: ctx.staff.id,
      username: ctx.staff.username,
    });
    return done({ signedOut: true as const });
  },

  session(_input, ctx) {
    const found = ctx.auth.sessions.find(ctx.sessionToken ?? "");
    const settings = readSettings(ctx.db);
    return done({
      staff: { ...ctx.staff, active: true },
      locked: found?.kind === "active" ? found.session.locked : true,
      clinicName: settings.clinicName,
      lockAfterMinutes: settings.lockAfterMinutes,
      language: readLanguage(ctx),
    });
  },

  // Kept beside the clinic's settings (record-synced), so the choice follows the person to every desk.
  setMyLanguage(input, ctx) {
    writeSetting(ctx.db.sqlite, `language.${ctx.staff.id}`, input.language);
    return done({ language: readLanguage(ctx) });
  },

  lock(_input, ctx) {
    const found = ctx.auth.sessions.find(ctx.sessionToken ?? "");
    if (found?.kind === "active" && !found.session.locked) {
      ctx.auth.sessions.lock(found.session.token);
      ctx.auth.audit.record({
        action: "lock",
        outcome: "ok",
        staffId: ctx.staff.id,
        username: ctx.staff.username,
        detail: { reason: "manual" },
      });
    }
    return done({ locked: true as const });
  },

  async unlock(input, ctx) {
    const found = ctx.auth.sessions.find(ctx.sessionToken ?? "");
    if (found?.kind !== "active")
      return refused("SESSION_EXPIRED", "Your session has ended; please sign in again.");
    const session = found.session;
    const username = ctx.staff.username ?? ctx.staff.id;
    const checked = await gatedPasswordCheck(
      ctx,
      { kind: "unlock", username, staffId: ctx.staff.id },
      async () => {
        const account = accountById(ctx.db, ctx.staff.id);
        const ok = account?.active === true && (await verifyPassword(input.password, account.passwordHash));
        if (ok) {
          ctx.auth.audit.record({
            action: "unlock",
            outcome: "ok",
            staffId: ctx.staff.id,
            username: ctx.staff.username,
          });
          return 0;
        }
        const failures = (failedUnlocks.get(session) ?? 0) + 1;
        failedUnlocks.set(session, failures);
        ctx.auth.audit.record({
          action: "unlock_failed",
          outcome: "failed",
          staffId: ctx.staff.id,
          username: ctx.staff.username,
          detail: { failures, source: ctx.source },
        });
        return failures;
      },
    );
    if (!checked.ok) return checked.refusal;
    const failures = checked.value;
    if (failures > 0) {
      // Guessing at a locked screen ends the session: whoever it is must then sign in fully (and is throttled).
      if (failures >= MAX_FAILED_UNLOCKS) {
        ctx.auth.sessions.end(session.token);
        return refused(
          "SESSION_EXPIRED",
          "Too many wrong passwords; the session has ended. Please sign in again.",
        );
      }
      return refused("WRONG_CREDENTIALS", `That is not ${ctx.staff.name}'s password.`);
    }
    failedUnlocks.delete(session);
    ctx.auth.sessions.unlock(session.token);
    return done({ locked: false as const });
  },

  async changePassword(input, ctx) {
    const account = accountById(ctx.db, ctx.staff.id);
    const username = ctx.staff.username ?? ctx.staff.id;
    const failed = (reason: string, outcome: "failed" | "refused") =>
      ctx.auth.audit.record({
        action: "password_change_failed",
        outcome,
        staffId: ctx.staff.id,
        username: ctx.staff.username,
        detail: { reason, source: ctx.source },
      });
    const checked = await gatedPasswordCheck(
      ctx,
      { kind: "change_password", username, staffId: ctx.staff.id },
      async () => {
        const ok =
          account !== undefined && (await verifyPassword(input.currentPassword, account.passwordHash));
        if (!ok) failed("wrong current password", "failed");
        return ok;
      },
    );
    if (!checked.ok) return checked.refusal;
    if (!checked.value || !account)
      return refused("WRONG_CREDENTIALS", "That is not your current password.", { field: "currentPassword" });
    const weakness = passwordWeakness(input.newPassword, [account.name, account.username ?? ""]);
    if (weakness) {
      failed("weak new password", "refused");
      return refused("WEAK_PASSWORD", weakness, { field: "newPassword" });
    }
    // The person's key stays theirs: unsealed with the old password, sealed again under the new one.
    const key =
      (await unsealStaffKey(sealedKeyOf(ctx.db, account.id), input.currentPassword)) ??
      (await newStaffKey(input.newPassword)).privateKey;
    const hash = await hashPassword(input.newPassword);
    const sealedKey = await sealStaffKey(key, input.newPassword);
    ctx.db.sqlite.transaction(() => {
      setPasswordHash(ctx.db, account.id, hash, ctx.now());
      setStaffKeys(ctx.db, account.id, { publicKey: publicKeyText(key), sealedKey }, ctx.now());
      signWrittenChanges(ctx, { staffId: account.id, key });
    })();
    ctx.auth.audit.record({
      action: "password_changed",
      outcome: "ok",
      staffId: account.id,
      username: account.username,
    });
    return done({ staffId: account.id });
  },
};

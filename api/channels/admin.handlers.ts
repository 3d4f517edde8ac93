import {
  type Account,
  accountById,
  activeAdminCount,
  publicStaff,
  setActive,
  setPasswordHash,
  setRole,
} from "../../db/accounts.js";
import { activeDoctors, addStaff, setStaffKeys, staffRoster } from "../../db/staff.js";
import { newStaffKey } from "../../sync/staff-keys.js";
import { hashPassword, passwordWeakness } from "../auth/passwords.js";
import type { AreaHandlers, StaffContext } from "../handler.js";
import { done, refused } from "../handler.js";
import { doctorLetters } from "../queue-token.js";
import { cannotSign, sessionSigner, signWrittenChanges } from "../record-signing.js";
import { readSettings, writeSettings } from "../settings.js";
import type { adminChannels } from "./admin.js";

const unknownStaff = (id: string) => refused("UNKNOWN_STAFF", `There is no member of staff ${id}.`);

/** Would this change leave the clinic without an administrator who can sign in? */
const removesLastAdmin = (ctx: StaffContext, who: Account) =>
  who.role === "admin" && who.active && who.passwordHash !== null && activeAdminCount(ctx.db) <= 1;

export const adminHandlers: AreaHandlers<typeof adminChannels> = {
  staffList(_input, ctx) {
    return done({ staff: staffRoster(ctx.db) });
  },

  doctors(_input, ctx) {
    const letters = doctorLetters(ctx.db);
    return done({
      doctors: activeDoctors(ctx.db).map((d) => ({ ...d, queueLetter: letters.get(d.id) ?? "?" })),
    });
  },

  async addStaff(input, ctx) {
    const weakness = passwordWeakness(input.password, [input.name, input.username]);
    if (weakness) return refused("WEAK_PASSWORD", weakness, { field: "password" });
    const signer = sessionSigner(ctx);
    if (!signer) return cannotSign();
    const hash = await hashPassword(input.password);
    const key = await newStaffKey(input.password);
    const added = ctx.db.sqlite
      .transaction(() => {
        const r = addStaff(ctx.db, { name: input.name, role: input.role, username: input.username });
        if (r.ok) {
          setPasswordHash(ctx.db, r.value.id, hash, ctx.now());
          setStaffKeys(ctx.db, r.value.id, key, ctx.now());
          signWrittenChanges(ctx, signer);
        }
        return r;
      })
      .immediate();
    if (!added.ok) return refused("USERNAME_TAKEN", added.error.message, { field: "username" });
    ctx.auth.audit.record({
      action: "staff_added",
      outcome: "ok",
      staffId: ctx.staff.id,
      username: ctx.staff.username,
      detail: {
        staffId: added.value.id,
        name: added.value.name,
        role: added.value.role,
        username: added.value.username,
      },
    });
    return done({ staff: added.value });
  },

  changeRole(input, ctx) {
    const who = accountById(ctx.db, input.staffId);
    if (!who) return unknownStaff(input.staffId);
    if (who.role === input.role) return done({ staff: publicStaff(who) });
    if (removesLastAdmin(ctx, who))
      return refused("LAST_ADMIN", `${who.name} is the only administrator; add another administrator first.`);
    const signer = sessionSigner(ctx);
    if (!signer) return cannotSign();
    setRole(ctx.db, who.id, input.role, ctx.now());
    signWrittenChanges(ctx, signer);
    // Their open sessions carry the old role: end them so the new role applies from their next sign-in.
    ctx.auth.sessions.endForStaff(who.id);
    ctx.auth.audit.record({
      action: "role_changed",
      outcome: "ok",
      staffId: ctx.staff.id,
      username: ctx.staff.username,
      detail: { staffId: who.id, from: who.role, to: input.role },
    });
    return done({ staff: { ...publicStaff(who), role: input.role } });
  },

  setStaffActive(input, ctx) {
    const who = accountById(ctx.db, input.staffId);
    if (!who) return unknownStaff(input.staffId);
    if (who.active === input.active) return done({ staff: publicStaff(who) });
    if (!input.active && who.id === ctx.staff.id)
      return refused("CANNOT_DEACTIVATE_SELF", "You cannot deactivate your own account.");
    if (!input.active && removesLastAdmin(ctx, who))
      return refused("LAST_ADMIN", `${who.name} is the only administrator; add another administrator first.`);
    const signer = sessionSigner(ctx);
    if (!signer) return cannotSign();
    setActive(ctx.db, who.id, input.active, ctx.now());
    signWrittenChanges(ctx, signer);
    if (!input.active) ctx.auth.sessions.endForStaff(who.id);
    ctx.auth.audit.record({
      action: input.active ? "staff_reactivated" : "staff_deactivated",
      outcome: "ok",
      staffId: ctx.staff.id,
      username: ctx.staff.username,
      detail: { staffId: who.id, name: who.name },
    });
    return done({ staff: { ...publicStaff(who), active: input.active } });
  },

  async resetPassword(input, ctx) {
    const who = accountById(ctx.db, input.staffId);
    if (!who) return unknownStaff(input.staffId);
    const weakness = passwordWeakness(input.newPassword, [who.name, who.username ?? ""]);
    if (weakness) return refused("WEAK_PASSWORD", weakness, { field: "newPassword" });
    const signer = sessionSigner(ctx);
    if (!signer) return cannotSign();
    // Their old key is sealed under a password nobody here knows: they get a new key under the new password.
    const hash = await hashPassword(input.newPassword);
    const key = await newStaffKey(input.newPassword);
    ctx.db.sqlite.transaction(() => {
      setPasswordHash(ctx.db, who.id, hash, ctx.now());
      setStaffKeys(ctx.db, who.id, key, ctx.now());
      signWrittenChanges(ctx, signer);
    })();
    ctx.auth.sessions.endForStaff(who.id);
    ctx.auth.audit.record({
      action: "password_reset",
      outcome: "ok",
      staffId: ctx.staff.id,
      username: who.username,
      detail: { staffId: who.id, by: ctx.staff.id },
    });
    return done({ staffId: who.id });
  },

  settings(_input, ctx) {
    return done(readSettings(ctx.db));
  },

  updateSettings(input, ctx) {
    const signer = sessionSigner(ctx);
    if (!signer) return cannotSign();
    const before = readSettings(ctx.db);
    const after = writeSettings(ctx.db, input);
    signWrittenChanges(ctx, signer);
    ctx.auth.audit.record({
      action: "settings_changed",
      outcome: "ok",
      staffId: ctx.staff.id,
      username: ctx.staff.username,
      detail: { before, after },
    });
    return done(after);
  },

  securityAudit(input, ctx) {
    const entries = ctx.auth.audit.list(input.limit, input.beforeSeq).map((e) => ({
      seq: e.seq,
      id: e.id,
      action: e.action,
      outcome: e.outcome,
      staffId: e.staffId,
      username: e.username,
      detail: e.detail === null ? null : (JSON.parse(e.detail) as unknown),
      deviceId: e.deviceId,
      occurredAt: e.occurredAt,
    }));
    return done({ entries });
  },
};

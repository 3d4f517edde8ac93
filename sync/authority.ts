import type { KeyObject } from "node:crypto";
import { type Fields, signedKinds } from "./record-shapes.js";
import { signText, verifyText } from "./staff-keys.js";

// Who may change what. A device token proves a device, not a person, so every change of a staff record (creating
// staff, a role, a password, deactivating) and of a clinic setting carries the Ed25519 signature of the person who
// made it, and the server and every desk apply the same rules to the same state (the staff records as the server's
// order has them just before the change):
//   - an active administrator may make any such change;
//   - a person may change their own password hash and sealed key (a password change keeps their key);
//   - the clinic's first administrator signs their own record (the founding admin): accepted only while the clinic
//     has no staff record at all, so it is the first staff record the server orders for the clinic (pushed by the
//     clinic's first desk right after it enrols).
// Anything else is refused, and the refusal is written down where it happens. Patients need no signature: any desk
// of the clinic may register them, as any of its receptionists may.

export interface Signer {
  role: string | null;
  active: boolean;
  publicKey: string | null;
}

/** The staff state a change is judged against. */
export interface AuthorityView {
  signer(staffId: string): Signer | null;
  /** Whether the clinic has any staff record yet: only the very first can be a founding administrator. */
  hasStaff(): boolean;
}

export interface Proof {
  by: string;
  sig: string;
}

export interface RecordChange {
  kind: string;
  id: string;
  changeId: string;
  fields: Fields;
  proof: Proof | null;
}

export type Judgement =
  | { ok: true; signer: { staffId: string; patch: Partial<Signer> } | null }
  | { ok: false; code: "UNSIGNED_CHANGE" | "NOT_AUTHORISED" | "BAD_SIGNATURE"; reason: string };

const SELF_FIELDS = new Set(["passwordHash", "sealedKey"]);

/** Canonical JSON of any JSON value: keys sorted, no whitespace (numbers as JavaScript writes them). */
export function canonical(value: unknown): string {
  if (value === null || value === undefined || typeof value !== "object")
    return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  const o = value as Record<string, unknown>;
  const keys = Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(",")}}`;
}

/** The exact text a signer signs: the change's identity and fields, nothing a desk or server could vary. */
export const signedText = (c: Omit<RecordChange, "proof">): string =>
  canonical(["hms-record-change-v1", c.kind, c.id, c.changeId, c.fields]);

export const signChange = (c: Omit<RecordChange, "proof">, by: string, key: KeyObject): Proof => ({
  by,
  sig: signText(key, signedText(c)),
});

const isActive = (v: unknown) => v === true || v === 1;

/** What an accepted staff change does to the state later changes are judged against. */
function signerPatch(fields: Fields): Partial<Signer> {
  const patch: Partial<Signer> = {};
  if ("role" in fields) patch.role = typeof fields.role === "string" ? fields.role : null;
  if ("active" in fields) patch.active = isActive(fields.active);
  if ("publicKey" in fields) patch.publicKey = typeof fields.publicKey === "string" ? fields.publicKey : null;
  return patch;
}

export function judgeChange(c: RecordChange, view: AuthorityView): Judgement {
  if (!signedKinds.has(c.kind)) return { ok: true, signer: null };
  const what = c.kind === "staff" ? `staff record ${c.id}` : `clinic setting ${c.id}`;
  if (!c.proof)
    return {
      ok: false,
      code: "UNSIGNED_CHANGE",
      reason: `The change to ${what} is not signed by a person; a device token alone cannot change it.`,
    };
  const accepted = (): Judgement => ({
    ok: true,
    signer: c.kind === "staff" ? { staffId: c.id, patch: signerPatch(c.fields) } : null,
  });
  const checks = (publicKey: string | null) =>
    publicKey !== null && verifyText(publicKey, signedText(c), c.proof?.sig ?? "");
  const by = view.signer(c.proof.by);
  const badSignature: Judgement = {
    ok: false,
    code: "BAD_SIGNATURE",
    reason: `The change to ${what} claims to be signed by ${c.proof.by}, but the signature does not match their key.`,
  };

  if (by?.active && by.role === "admin") return checks(by.publicKey) ? accepted() : badSignature;

  if (c.kind === "staff" && c.proof.by === c.id) {
    const keys = Object.keys(c.fields);
    if (by?.active && keys.length > 0 && keys.every((k) => SELF_FIELDS.has(k)))
      return checks(by.publicKey) ? accepted() : badSignature;
    const founding =
      !by &&
      !view.hasStaff() &&
      c.fields.role === "admin" &&
      isActive(c.fields.active) &&
      typeof c.fields.publicKey === "string";
    if (founding) return checks(c.fields.publicKey as string) ? accepted() : badSignature;
  }
  return {
    ok: false,
    code: "NOT_AUTHORISED",
    reason: `The change to ${what} is signed by ${c.proof.by}, who is not an active administrator allowed to make it.`,
  };
}

/** The state after an accepted change: for views kept in memory (the desk's pull, tests). */
export function applySignerPatch(current: Signer | null, patch: Partial<Signer>): Signer {
  return {
    role: patch.role !== undefined ? patch.role : (current?.role ?? null),
    active: patch.active !== undefined ? patch.active : (current?.active ?? false),
    publicKey: patch.publicKey !== undefined ? patch.publicKey : (current?.publicKey ?? null),
  };
}

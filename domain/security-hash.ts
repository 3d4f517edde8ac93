import { sha256Hex } from "./event-hash.js";

// Tamper evidence for the security audit, built exactly like the visit events' chain (domain/event-hash.ts): each
// entry's hash is the SHA-256 (lowercase hex) of the UTF-8 bytes of this JSON array, in this order, with `detail`
// kept as the exact JSON text stored (or null), and `prevHash` the hash of the previous entry from the same device:
//   ["hms-security-v1", id, action, outcome, staffId, username, detail, deviceId, occurredAt, prevHash]

export interface SecurityHashedFields {
  id: string;
  action: string;
  outcome: string;
  staffId: string | null;
  username: string | null;
  detail: string | null;
  deviceId: string;
  occurredAt: string;
  prevHash: string | null;
}

export const SECURITY_HASH_TAG = "hms-security-v1";

/** The hashed fields in their canonical order (the audit export and its verifier read this same list). */
export const SECURITY_HASHED_FIELDS = [
  "id",
  "action",
  "outcome",
  "staffId",
  "username",
  "detail",
  "deviceId",
  "occurredAt",
  "prevHash",
] as const satisfies readonly (keyof SecurityHashedFields)[];

export function canonicalSecurityEntry(e: SecurityHashedFields): string {
  return JSON.stringify([SECURITY_HASH_TAG, ...SECURITY_HASHED_FIELDS.map((f) => e[f])]);
}

export const securityEntryHash = (e: SecurityHashedFields): string => sha256Hex(canonicalSecurityEntry(e));

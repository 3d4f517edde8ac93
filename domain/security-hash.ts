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

export function canonicalSecurityEntry(e: SecurityHashedFields): string {
  return JSON.stringify([
    SECURITY_HASH_TAG,
    e.id,
    e.action,
    e.outcome,
    e.staffId,
    e.username,
    e.detail,
    e.deviceId,
    e.occurredAt,
    e.prevHash,
  ]);
}

export const securityEntryHash = (e: SecurityHashedFields): string => sha256Hex(canonicalSecurityEntry(e));

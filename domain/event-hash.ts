import { hash } from "node:crypto";

// Tamper evidence: each device's events form a hash chain. An event's hash is the SHA-256 (lowercase hex) of the
// UTF-8 bytes of its canonical form, which includes the hash of the previous event recorded by the same device.
// The canonical form is a JSON array in this fixed order, metadata kept as the exact JSON text stored:
//   ["hms-event-v1", id, visitId, eventType, description, metadata, performedBy, performedAt, deviceId,
//    schemaVersion, recordedAt, prevHash]
// JSON.stringify of an array of strings, numbers and nulls is the same in every language that follows RFC 8259's
// escaping as JavaScript does, so anyone can re-implement the check (docs/audit-format.md).

export interface HashedFields {
  id: string;
  visitId: string;
  eventType: string;
  description: string | null;
  metadata: string | null;
  performedBy: string | null;
  performedAt: string;
  deviceId: string;
  schemaVersion: number;
  recordedAt: string;
  prevHash: string | null;
}

export const EVENT_HASH_TAG = "hms-event-v1";

/** The hashed fields in their canonical order (the audit export and its verifier read this same list). */
export const EVENT_HASHED_FIELDS = [
  "id",
  "visitId",
  "eventType",
  "description",
  "metadata",
  "performedBy",
  "performedAt",
  "deviceId",
  "schemaVersion",
  "recordedAt",
  "prevHash",
] as const satisfies readonly (keyof HashedFields)[];

// Written out field by field rather than mapped over EVENT_HASHED_FIELDS: it runs for every event appended, synced and
// verified, and the literal is the cheaper of the two (tests/core/event-hash checks the two orders agree).
export function canonicalEvent(e: HashedFields): string {
  return JSON.stringify([
    EVENT_HASH_TAG,
    e.id,
    e.visitId,
    e.eventType,
    e.description,
    e.metadata,
    e.performedBy,
    e.performedAt,
    e.deviceId,
    e.schemaVersion,
    e.recordedAt,
    e.prevHash,
  ]);
}

// One-shot hashing: a third of the cost of createHash().update().digest() for strings this small.
export const sha256Hex = (text: string): string => hash("sha256", text, "hex");

export const eventHash = (e: HashedFields): string => sha256Hex(canonicalEvent(e));

import { canonicalEvent, EVENT_HASH_TAG, EVENT_HASHED_FIELDS, sha256Hex } from "../domain/event-hash.js";
import {
  canonicalSecurityEntry,
  SECURITY_HASH_TAG,
  SECURITY_HASHED_FIELDS,
} from "../domain/security-hash.js";

// An audit record is one hashed row of a chained log, format-free: the export writes it as an NDJSON line, a CSV
// row or a FHIR AuditEvent, and the verifier reads each of those back into this shape and recomputes its hash.
// Every field that the hash covers is carried, exactly as stored, so the check needs nothing but the file.

export type FieldValue = string | number | null;

export interface KindSpec {
  kind: string;
  /** The tag that starts the hashed array; names the canonical form and its version. */
  tag: string;
  /** The hashed fields in their canonical order; the last is always prevHash. */
  fields: readonly string[];
  /** Fields that may be null; every other field is a non-empty string or, if listed in `integers`, an integer. */
  nullable: ReadonlySet<string>;
  integers: ReadonlySet<string>;
  /** The hashed text (the preimage of `hash`). */
  canonical(fields: Readonly<Record<string, FieldValue>>): string;
}

export interface AuditRecord {
  kind: string;
  fields: Record<string, FieldValue>;
  hash: string;
}

export const visitEventKind: KindSpec = {
  kind: "visit_event",
  tag: EVENT_HASH_TAG,
  fields: EVENT_HASHED_FIELDS,
  nullable: new Set(["description", "metadata", "performedBy", "prevHash"]),
  integers: new Set(["schemaVersion"]),
  canonical: (f) => canonicalEvent(f as unknown as Parameters<typeof canonicalEvent>[0]),
};

export const securityEventKind: KindSpec = {
  kind: "security_event",
  tag: SECURITY_HASH_TAG,
  fields: SECURITY_HASHED_FIELDS,
  nullable: new Set(["staffId", "username", "detail", "prevHash"]),
  integers: new Set(),
  canonical: (f) => canonicalSecurityEntry(f as unknown as Parameters<typeof canonicalSecurityEntry>[0]),
};

const kinds = new Map<string, KindSpec>([
  [visitEventKind.kind, visitEventKind],
  [securityEventKind.kind, securityEventKind],
]);

export const allKinds: readonly KindSpec[] = [visitEventKind, securityEventKind];

export const kindByTag = (tag: unknown): KindSpec | undefined => allKinds.find((k) => k.tag === tag);

export const kindSpec = (kind: string): KindSpec | undefined => kinds.get(kind);

export const recordHash = (spec: KindSpec, r: AuditRecord): string => sha256Hex(spec.canonical(r.fields));

/** Chains are per log and per device: a device's visit events form one chain, its security events another. */
export const chainKey = (r: AuditRecord): string => `${r.kind}:${String(r.fields.deviceId)}`;

/** What is wrong with a record's shape, or null. Runs before its hash is checked. */
export function shapeProblem(spec: KindSpec, fields: Readonly<Record<string, unknown>>): string | null {
  for (const name of spec.fields) {
    const v = fields[name];
    if (v === null || v === undefined) {
      if (!spec.nullable.has(name)) return `${name} is missing`;
      continue;
    }
    if (spec.integers.has(name)) {
      if (typeof v !== "number" || !Number.isSafeInteger(v)) return `${name} must be a whole number`;
    } else if (typeof v !== "string") return `${name} must be text`;
  }
  const prev = fields.prevHash;
  if (prev !== null && prev !== undefined && !/^[0-9a-f]{64}$/.test(String(prev)))
    return "prevHash must be 64 lowercase hex characters";
  return null;
}

export const isHashHex = (s: unknown): s is string => typeof s === "string" && /^[0-9a-f]{64}$/.test(s);

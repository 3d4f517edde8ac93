import { createPublicKey, type KeyObject, sign, verify } from "node:crypto";
import { z } from "zod";
import { keyFingerprint } from "../db/device-keys.js";
import { canonicalJson, type Json } from "./canonical-json.js";
import { exportFormats } from "./formats/format.js";
import { exportFilterSchema } from "./options.js";

// The manifest written beside every export (FILE.manifest.json): what was asked, what was written, where each
// device's chain stood, who exported it and when, signed with the exporting device's Ed25519 key. The signature
// covers the UTF-8 bytes of canonicalJson(manifest without "signature") (RFC 8785 for these values), so the file
// may be pretty-printed or re-indented without breaking it, but no value can change.

export const MANIFEST_VERSION = "hms-audit-manifest-v1";

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, "must be 64 lowercase hex characters");
const count = z.number().int().nonnegative();
const recordRef = z.strictObject({ kind: z.string(), id: z.string(), at: z.string(), hash: hex64 });

export const manifestSchema = z.strictObject({
  manifest: z.literal(MANIFEST_VERSION),
  exportId: z.string().min(1),
  file: z.strictObject({
    name: z.string().min(1),
    format: z.enum(exportFormats),
    bytes: count,
    sha256: hex64,
  }),
  request: exportFilterSchema.extend({ format: z.enum(exportFormats), filtered: z.boolean() }),
  counts: z.strictObject({
    records: count,
    byKind: z.record(z.string(), count),
    /** Per chain ("kind:deviceId"). */
    byChain: z.record(z.string(), count),
    /** Places where two consecutive exported records of one chain are not neighbours in it (filtered exports). */
    chainGaps: count,
  }),
  firstRecord: recordRef.nullable(),
  lastRecord: recordRef.nullable(),
  /** Every chain of the logs exported, as it stood in the database when the export read it. */
  chainHeads: z.array(z.strictObject({ kind: z.string(), deviceId: z.string(), head: hex64, length: count })),
  /** The running digest over the records' text (audit/entry-digest.ts) and its checkpoints. */
  entries: z.strictObject({ digest: hex64, every: z.number().int().positive(), checkpoints: z.array(hex64) }),
  app: z.strictObject({ name: z.string(), version: z.string() }),
  exportedBy: z.strictObject({ staffId: z.string(), name: z.string(), role: z.string() }),
  exportedAt: z.string(),
  device: z.strictObject({ deviceId: z.string(), publicKey: z.string(), fingerprint: hex64 }),
  /**
   * The newest checkpoint of the clinic's event log the sync server signed and this desk verified (a C2SP signed
   * note, sync/checkpoint.ts), with the server's verifier key the desk pinned at enrolment; null when the desk
   * had none (never synced). Absent in manifests written before checkpoints were carried.
   */
  checkpoint: z
    .strictObject({ note: z.string().min(1), serverKey: z.string().min(1) })
    .nullable()
    .optional(),
  signature: z.strictObject({ algorithm: z.literal("Ed25519"), value: z.string().min(1) }),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type ServerCheckpoint = NonNullable<Manifest["checkpoint"]>;
export type UnsignedManifest = Omit<Manifest, "signature">;

/** The exact bytes that are signed. */
export const signedBytes = (m: UnsignedManifest): Buffer =>
  Buffer.from(canonicalJson(m as unknown as Json), "utf8");

export function signManifest(m: UnsignedManifest, privateKey: KeyObject): Manifest {
  return {
    ...m,
    signature: { algorithm: "Ed25519", value: sign(null, signedBytes(m), privateKey).toString("base64") },
  };
}

/** Why the manifest's signature or key is not to be trusted, or null when it holds. */
export function signatureProblem(m: Manifest): string | null {
  let key: KeyObject;
  try {
    key = createPublicKey(m.device.publicKey);
  } catch {
    return "its public key cannot be read";
  }
  if (key.asymmetricKeyType !== "ed25519") return "its public key is not an Ed25519 key";
  if (keyFingerprint(m.device.publicKey) !== m.device.fingerprint)
    return "its key fingerprint does not match its public key";
  const { signature, ...unsigned } = m;
  const good = verify(null, signedBytes(unsigned), key, Buffer.from(signature.value, "base64"));
  return good
    ? null
    : "its Ed25519 signature does not verify: the manifest was changed or signed by another key";
}

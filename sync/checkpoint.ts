import { createHash, createPublicKey, hash, type KeyObject, sign, verify } from "node:crypto";

// Checkpoints of a clinic's event log, signed by the sync server, in the C2SP tlog-checkpoint text form inside a
// C2SP signed note:
//
//   hms-sync/<clinicId>            origin
//   <size>                          how many events the log held (the last sequence)
//   <root, base64>                  the running hash of those events, in sequence order
//   time <ISO-8601>                 an extension line: when it was signed
//   (blank line)
//   — <key name> <base64(key id (4 bytes) || Ed25519 signature (64 bytes))>
//
// The running hash: root(0) = 32 zero bytes; root(n) = SHA-256(root(n-1) || hash of event n), the event hashes
// as their 32 bytes. Anyone holding the clinic's events in sequence order can recompute it; a desk checks each
// checkpoint it pulls against its own copy, and an auditor checks an export's against the events it holds.

export const EMPTY_ROOT = "0".repeat(64);

// One-shot hashing of the 64 bytes: a log of a million events takes a million of these.
export const nextRoot = (root: string, eventHash: string): string =>
  hash("sha256", Buffer.from(root + eventHash, "hex"), "hex");

export const originOf = (clinicId: string) => `hms-sync/${clinicId}`;

export interface Checkpoint {
  origin: string;
  size: number;
  /** Hex. */
  root: string;
  time: string;
}

const rawPublicKey = (publicKey: KeyObject): Buffer =>
  publicKey.export({ format: "der", type: "spki" }).subarray(-32);

/** The C2SP signed-note key id: the first 4 bytes of SHA-256(name || "\n" || 0x01 || 32-byte Ed25519 key). */
export const noteKeyId = (name: string, publicKey: KeyObject): Buffer =>
  createHash("sha256")
    .update(Buffer.concat([Buffer.from(`${name}\n`, "utf8"), Buffer.from([1]), rawPublicKey(publicKey)]))
    .digest()
    .subarray(0, 4);

/** The C2SP verifier key text an auditor is given out of band: <name>+<key id hex>+<base64(0x01 || key)>. */
export const verifierKey = (name: string, publicKey: KeyObject): string =>
  `${name}+${noteKeyId(name, publicKey).toString("hex")}+${Buffer.concat([Buffer.from([1]), rawPublicKey(publicKey)]).toString("base64")}`;

export function checkpointBody(c: Checkpoint): string {
  return `${c.origin}\n${c.size}\n${Buffer.from(c.root, "hex").toString("base64")}\ntime ${c.time}\n`;
}

export function signCheckpoint(c: Checkpoint, keyName: string, privateKey: KeyObject): string {
  const body = checkpointBody(c);
  const sig = sign(null, Buffer.from(body, "utf8"), privateKey);
  const publicKey = createPublicKey(privateKey);
  return `${body}\n\u2014 ${keyName} ${Buffer.concat([noteKeyId(keyName, publicKey), sig]).toString("base64")}\n`;
}

/** Parses a verifier key (name+id+key); null when it is not one. */
export function parseVerifierKey(text: string): { name: string; publicKey: KeyObject } | null {
  const m = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/=]+)$/.exec(text.trim());
  if (!m) return null;
  const raw = Buffer.from(m[3] as string, "base64");
  if (raw.length !== 33 || raw[0] !== 1) return null;
  try {
    const publicKey = createPublicKey({
      key: Buffer.concat([Buffer.from("302a300506032b6570032100", "hex"), raw.subarray(1)]),
      format: "der",
      type: "spki",
    });
    if (noteKeyId(m[1] as string, publicKey).toString("hex") !== m[2]) return null;
    return { name: m[1] as string, publicKey };
  } catch {
    return null;
  }
}

/** Reads a signed checkpoint and checks its signature by the given key; the problem in words otherwise. */
export function openCheckpoint(
  note: string,
  key: { name: string; publicKey: KeyObject },
): { ok: true; checkpoint: Checkpoint } | { ok: false; problem: string } {
  const split = note.indexOf("\n\n");
  if (split < 0) return { ok: false, problem: "the checkpoint is not a signed note (no blank line)" };
  const body = note.slice(0, split + 1);
  const lines = body.split("\n");
  const [origin, size, root, time] = lines;
  if (!origin || !/^\d+$/.test(size ?? "") || !root || !time?.startsWith("time "))
    return { ok: false, problem: "the checkpoint's text is not origin, size, root and time" };
  const sigLine = note
    .slice(split + 2)
    .split("\n")
    .find((l) => l.startsWith(`\u2014 ${key.name} `));
  if (!sigLine) return { ok: false, problem: `the checkpoint carries no signature by ${key.name}` };
  const blob = Buffer.from(sigLine.slice(`\u2014 ${key.name} `.length), "base64");
  if (blob.length !== 68 || !blob.subarray(0, 4).equals(noteKeyId(key.name, key.publicKey)))
    return { ok: false, problem: "the checkpoint's signature is by another key" };
  if (!verify(null, Buffer.from(body, "utf8"), key.publicKey, blob.subarray(4)))
    return { ok: false, problem: "the checkpoint's signature does not verify: its text was changed" };
  return {
    ok: true,
    checkpoint: {
      origin,
      size: Number(size),
      root: Buffer.from(root, "base64").toString("hex"),
      time: time.slice(5),
    },
  };
}

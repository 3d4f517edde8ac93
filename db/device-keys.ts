import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from "node:crypto";
import type Database from "better-sqlite3";
import { appendSecurityEntry } from "../audit/security-log.js";
import type { ClinicDb } from "./open.js";

// Each device signs what it vouches for (audit export manifests) with its own Ed25519 key, made once on first
// start. The private key stays in this file's app_meta: whoever holds the database file holds the key, which is
// the same trust boundary as the event log itself. The public key is what an auditor needs: it is recorded in the
// device's chained security log when made (action device_key_created, detail {publicKey, fingerprint}), it travels
// in every manifest, and its fingerprint (SHA-256 of the 32 raw key bytes) is short enough to read out and pin.

export interface DeviceKey {
  deviceId: string;
  /** SPKI, PEM: loadable by openssl and every crypto library. */
  publicKeyPem: string;
  /** SHA-256 (lowercase hex) of the raw 32-byte Ed25519 public key. */
  fingerprint: string;
  createdAt: string;
  privateKey: KeyObject;
}

const PUBLIC = "deviceKey.publicKey";
const PRIVATE = "deviceKey.privateKey";
const CREATED = "deviceKey.createdAt";

/** The raw 32 bytes of an Ed25519 public key (the SPKI DER minus its fixed 12-byte header). */
export function rawPublicKey(publicKeyPem: string): Buffer {
  const der = createPublicKey(publicKeyPem).export({ format: "der", type: "spki" });
  return der.subarray(der.length - 32);
}

export const keyFingerprint = (publicKeyPem: string): string =>
  createHash("sha256").update(rawPublicKey(publicKeyPem)).digest("hex");

function read(sqlite: Database.Database, key: string): string | undefined {
  return sqlite.prepare("SELECT value FROM app_meta WHERE key = ?").pluck().get(key) as string | undefined;
}

/**
 * Makes this device's key pair if it has none and records its public key in the security log, in one transaction.
 * Safe when two processes open a new file at once: the immediate transaction lets one make the key, and the other
 * finds it made.
 */
export function ensureDeviceKey(
  sqlite: Database.Database,
  deviceId: string,
  newId: () => string,
): { created: boolean } {
  if (read(sqlite, PUBLIC) && read(sqlite, PRIVATE)) return { created: false };
  const make = sqlite.transaction(() => {
    if (read(sqlite, PUBLIC) && read(sqlite, PRIVATE)) return false;
    const { publicKey, privateKey } = generateKeyPairSync("ed25519");
    const publicKeyPem = publicKey.export({ format: "pem", type: "spki" }).toString();
    const now = new Date();
    const put = sqlite.prepare(
      "INSERT INTO app_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    );
    put.run(PUBLIC, publicKeyPem);
    put.run(PRIVATE, privateKey.export({ format: "pem", type: "pkcs8" }).toString());
    put.run(CREATED, now.toISOString());
    appendSecurityEntry(
      sqlite,
      deviceId,
      newId,
      {
        action: "device_key_created",
        outcome: "ok",
        staffId: null,
        username: null,
        detail: { algorithm: "Ed25519", publicKey: publicKeyPem, fingerprint: keyFingerprint(publicKeyPem) },
      },
      now,
    );
    return true;
  });
  return { created: make.immediate() };
}

/** This device's key, made by openClinicDb on first start (or now, for a file opened before keys existed). */
export function getDeviceKey(db: Pick<ClinicDb, "sqlite" | "deviceId" | "newId">): DeviceKey {
  const { sqlite, deviceId } = db;
  ensureDeviceKey(sqlite, deviceId, db.newId);
  const publicKeyPem = read(sqlite, PUBLIC) as string;
  return {
    deviceId,
    publicKeyPem,
    fingerprint: keyFingerprint(publicKeyPem),
    createdAt: read(sqlite, CREATED) ?? "",
    privateKey: createPrivateKey(read(sqlite, PRIVATE) as string),
  };
}

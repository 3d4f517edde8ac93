import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  scrypt,
  sign,
  verify,
} from "node:crypto";

// Each member of staff holds an Ed25519 key pair. The public key is part of their staff record, so every desk and
// the server can check what they sign; the private key travels with the record only sealed under their password:
// scrypt (the password hash's OWASP parameters, its own salt) derives an AES-256-GCM key that encrypts the PKCS#8
// private key. A desk, a backup or a stolen device token holds only the sealed form; signing needs the password.

const SCRYPT = { N: 2 ** 17, r: 8, p: 1 } as const;

interface SealedKey {
  v: 1;
  kdf: "scrypt";
  N: number;
  r: number;
  p: number;
  salt: string;
  iv: string;
  tag: string;
  key: string;
}

export interface StaffKey {
  /** SPKI DER, base64: the staff record's publicKey. */
  publicKey: string;
  /** JSON text: the staff record's sealedKey. */
  sealedKey: string;
  privateKey: KeyObject;
}

function derive(password: string, salt: Buffer, p: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize("NFC"), salt, 32, { ...p, maxmem: 256 * p.N * p.r }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

export const publicKeyText = (privateKey: KeyObject): string =>
  createPublicKey(privateKey).export({ type: "spki", format: "der" }).toString("base64");

/** Seals an existing private key under a (new) password: a password change keeps the person's key. */
export async function sealStaffKey(privateKey: KeyObject, password: string): Promise<string> {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", await derive(password, salt, SCRYPT), iv);
  const der = privateKey.export({ type: "pkcs8", format: "der" });
  const key = Buffer.concat([cipher.update(der), cipher.final()]);
  const sealed: SealedKey = {
    v: 1,
    kdf: "scrypt",
    ...SCRYPT,
    salt: salt.toString("base64"),
    iv: iv.toString("base64"),
    tag: cipher.getAuthTag().toString("base64"),
    key: key.toString("base64"),
  };
  return JSON.stringify(sealed);
}

/** A new key pair for a person, sealed under their password. */
export async function newStaffKey(password: string): Promise<StaffKey> {
  const { privateKey } = generateKeyPairSync("ed25519");
  return {
    privateKey,
    publicKey: publicKeyText(privateKey),
    sealedKey: await sealStaffKey(privateKey, password),
  };
}

/** The private key, or null when the password is not the one it was sealed under (or the text is not a seal). */
export async function unsealStaffKey(sealedKey: string | null, password: string): Promise<KeyObject | null> {
  if (!sealedKey) return null;
  let s: SealedKey;
  try {
    s = JSON.parse(sealedKey) as SealedKey;
  } catch {
    return null;
  }
  if (s?.v !== 1 || s.kdf !== "scrypt") return null;
  try {
    const key = await derive(password, Buffer.from(s.salt, "base64"), { N: s.N, r: s.r, p: s.p });
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(s.iv, "base64"));
    decipher.setAuthTag(Buffer.from(s.tag, "base64"));
    const der = Buffer.concat([decipher.update(Buffer.from(s.key, "base64")), decipher.final()]);
    return createPrivateKey({ key: der, format: "der", type: "pkcs8" });
  } catch {
    return null;
  }
}

export const signText = (privateKey: KeyObject, text: string): string =>
  sign(null, Buffer.from(text, "utf8"), privateKey).toString("base64");

/** Whether `sig` is an Ed25519 signature of `text` by the key `publicKey` (SPKI DER base64); false for junk. */
export function verifyText(publicKey: string, text: string, sig: string): boolean {
  try {
    const key = createPublicKey({ key: Buffer.from(publicKey, "base64"), format: "der", type: "spki" });
    if (key.asymmetricKeyType !== "ed25519") return false;
    return verify(null, Buffer.from(text, "utf8"), key, Buffer.from(sig, "base64"));
  } catch {
    return false;
  }
}

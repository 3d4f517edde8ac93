import { createHash, randomBytes } from "node:crypto";

// Device tokens and enrolment codes. Both are random and long enough that a fast hash is the right way to store
// them (slow hashes protect guessable passwords, not 256-bit randoms); the server keeps only the SHA-256.

/** A device token: 32 random bytes, prefixed so a leaked one is recognisable in a log or a paste. */
export const newDeviceToken = (): string => `hms_dev_${randomBytes(32).toString("base64url")}`;

// Crockford's base32 without I, L, O, U: codes are read aloud and typed at a desk.
const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** A one-time enrolment code of 15 characters (75 bits) in groups of five, e.g. 7KQ2M-XD9PA-0RT4E. */
export function newEnrolmentCode(): string {
  const bytes = randomBytes(15);
  const chars = [...bytes].map((b) => alphabet[b % 32]).join("");
  return `${chars.slice(0, 5)}-${chars.slice(5, 10)}-${chars.slice(10, 15)}`;
}

/** Codes are compared without dashes, spaces or case, and with the letters people confuse mapped back. */
export function normaliseEnrolmentCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, "").replace(/[IL]/g, "1").replace(/O/g, "0");
}

export const hashSecret = (secret: string): string =>
  createHash("sha256").update(secret, "utf8").digest("hex");

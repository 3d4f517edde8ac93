import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from "node:crypto";
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";

// Passwords are stored as scrypt hashes at OWASP's parameters (N=2^17, r=8, p=1). scrypt needs 128*N*r bytes
// (128 MiB) of memory, above Node's 32 MiB default, hence maxmem. The stored text carries its parameters so they
// can be raised later without locking anyone out:  scrypt$N$r$p$<salt base64>$<key base64>

const N = 2 ** 17;
const r = 8;
const p = 1;
const KEY_LENGTH = 32;
const maxmemFor = (n: number, rr: number) => 256 * n * rr;

function derive(password: string, salt: Buffer, opts: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...opts, maxmem: maxmemFor(opts.N, opts.r) };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize("NFC"), salt, KEY_LENGTH, options, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, { N, r, p });
  return `scrypt$${N}$${r}$${p}$${salt.toString("base64")}$${key.toString("base64")}`;
}

export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const parts = stored?.split("$");
  if (!parts || parts.length !== 6 || parts[0] !== "scrypt") {
    // Spend the same time as a real check, so a missing account cannot be told from a wrong password.
    await derive(password, Buffer.alloc(16), { N, r, p });
    return false;
  }
  const [, n, rr, pp, salt, key] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(key, "base64");
  const actual = await derive(password, Buffer.from(salt, "base64"), {
    N: Number(n),
    r: Number(rr),
    p: Number(pp),
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

let estimator: ZxcvbnFactory | null = null;

/**
 * Why a new password may not be used, or null when it may. Length is checked by the input schema; here the
 * common-password lists and the guessability estimate of zxcvbn-ts (a score of 0 or 1 means guessable within
 * about a million tries), with the staff member's own name and username counted as known words.
 */
export function passwordWeakness(password: string, personal: string[] = []): string | null {
  estimator ??= new ZxcvbnFactory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs });
  const words = personal.flatMap((w) => w.toLowerCase().split(/\s+/)).filter((w) => w.length >= 3);
  if (estimator.check(password, words).score >= 2) return null;
  return "This password is too common or too easy to guess; choose a longer one, for example a few unrelated words.";
}

import { ulid } from "ulid";

// A small seeded random source. Every choice the demo clinic makes comes from one of these, drawn in a fixed
// order, so the same seed always produces the same clinic, byte for byte. (Math.random cannot be seeded.)

export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** A whole number in [min, max], both included. */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Picks by weight: [[item, weight], ...]. */
  weighted<T>(items: readonly (readonly [T, number])[]): T;
  /** A few distinct items, in the list's order. */
  some<T>(items: readonly T[], count: number): T[];
  /** A ULID whose time part is `ms`: ids sort in the order the steps happened, like the app's own. */
  ulid(ms: number): string;
}

/** 32-bit FNV-1a of the text: turns any --random-seed (a word or a number) into PRNG state. */
export function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** sfc32: fast, passes PractRand to 2^40 bytes, and its whole state is four integers. */
function sfc32(a: number, b: number, c: number, d: number): () => number {
  return () => {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

export function createRandom(seed: string): Random {
  const next = sfc32(
    hashSeed(`${seed}:a`),
    hashSeed(`${seed}:b`),
    hashSeed(`${seed}:c`),
    hashSeed(`${seed}:d`),
  );
  // Warm up: the first outputs of sfc32 from related seeds are correlated.
  for (let i = 0; i < 15; i++) next();
  const random: Random = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick(items) {
      if (items.length === 0) throw new Error("pick from an empty list");
      return items[Math.floor(next() * items.length)] as (typeof items)[number];
    },
    weighted(items) {
      const total = items.reduce((sum, [, w]) => sum + w, 0);
      let r = next() * total;
      for (const [item, w] of items) {
        r -= w;
        if (r < 0) return item;
      }
      return (items.at(-1) as (typeof items)[number])[0];
    },
    some(items, count) {
      const chosen = new Set<number>();
      const n = Math.min(count, items.length);
      while (chosen.size < n) chosen.add(Math.floor(next() * items.length));
      return [...chosen].sort((x, y) => x - y).map((i) => items[i] as (typeof items)[number]);
    },
    ulid: (ms) => ulid(ms, next),
  };
  return random;
}

// Waiting after failed rounds: exponential, capped, with jitter so that the desks of a clinic do not all knock on
// the server in the same second after it comes back. Pure.

export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

/** The delay before attempt `failures + 1`: base·2^(failures-1), capped, then scaled by a random 50–100 %. */
export function backoffDelay(
  failures: number,
  { baseMs, maxMs }: BackoffOptions,
  random: () => number,
): number {
  if (failures <= 0) return 0;
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(failures - 1, 30));
  return Math.round(ceiling * (0.5 + 0.5 * random()));
}

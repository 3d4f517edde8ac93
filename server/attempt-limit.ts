// A sliding-window limit of attempts per key (a source address). `reserve` counts the attempt before the caller
// does any work, so concurrent attempts cannot all pass a check made before any of them is counted. Keys live in
// a Map (never an object), so no key can reach a prototype.

export interface AttemptLimit {
  /** Counts an attempt; 0 if allowed, else the milliseconds until the oldest counted attempt leaves the window. */
  reserve(key: string, nowMs: number): number;
}

export function createAttemptLimit(max: number, windowMs: number): AttemptLimit {
  const attempts = new Map<string, number[]>();
  return {
    reserve(key, nowMs) {
      const recent = (attempts.get(key) ?? []).filter((t) => nowMs - t < windowMs);
      if (recent.length >= max) {
        attempts.set(key, recent);
        return windowMs - (nowMs - (recent[0] as number));
      }
      recent.push(nowMs);
      attempts.set(key, recent);
      // Forget quiet keys now and then, so a scan of many addresses cannot grow the map without end.
      if (attempts.size > 10_000)
        for (const [k, ts] of attempts) if (ts.every((t) => nowMs - t >= windowMs)) attempts.delete(k);
      return 0;
    },
  };
}

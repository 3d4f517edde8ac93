// Small measuring helpers for the benchmark: a monotonic clock in milliseconds and percentiles.

export const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;

/** The p-th percentile (0-100) by nearest rank. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}

export const median = (samples: readonly number[]): number => percentile(samples, 50);

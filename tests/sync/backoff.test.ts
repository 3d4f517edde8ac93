import { describe, expect, it } from "vitest";
import { backoffDelay } from "../../sync/backoff.js";

describe("backoff after failed sync rounds", () => {
  const o = { baseMs: 1000, maxMs: 300_000 };
  it("doubles from the base, stays within 50-100 % of the ceiling, and stops at the cap", () => {
    expect([1, 2, 3, 4].map((f) => backoffDelay(f, o, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect([1, 2, 3, 4].map((f) => backoffDelay(f, o, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect(backoffDelay(40, o, () => 1)).toBe(300_000);
    expect(backoffDelay(0, o, () => 1)).toBe(0);
  });
});

import { expect } from "vitest";
import type { DeskState } from "./desk-state.js";
import { type DeskProcess, waitFor } from "./processes.js";

/** Waits until every desk has pushed everything and holds the same events and read models, then returns them. */
export async function converged(desks: DeskProcess[], expectedEvents?: number): Promise<DeskState> {
  const states = await waitFor("the desks to converge", async () => {
    for (const d of desks) await d.call("runNow");
    const statuses = await Promise.all(desks.map((d) => d.status()));
    if (statuses.some((s) => s.pending > 0 || s.recordsPending > 0)) return false;
    const all = await Promise.all(desks.map((d) => d.state()));
    const first = JSON.stringify(all[0]);
    if (!all.every((s) => JSON.stringify(s) === first)) return false;
    if (expectedEvents !== undefined && all[0]?.events.length !== expectedEvents) return false;
    return all;
  });
  const [first, ...rest] = states;
  for (const s of rest) expect(s).toEqual(first);
  // Nothing doubled: each event once, and the server's sequence numbers 1..n with no gaps.
  const ids = first?.events.map((e) => e.id) ?? [];
  expect(new Set(ids).size).toBe(ids.length);
  expect(first?.events.map((e) => e.serverSeq)).toEqual(ids.map((_, i) => i + 1));
  return first as DeskState;
}

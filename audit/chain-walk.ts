import { type AuditRecord, chainKey, isHashHex, type KindSpec, recordHash, shapeProblem } from "./record.js";

// Walks records in chain order and checks each one: its shape, its hash against its fields, and its link to the
// record before it in the same chain. Shared by the export verifier (no database) and the live database check.
// In a complete walk every chain must start at its first record (prevHash null) and link without a gap; in a
// filtered export a record whose prevHash is not the previous exported record of its chain is a gap, counted.

export interface ChainState {
  lastHash: string;
  /** Where the last record was (a line number, a position). */
  lastAt: number;
  count: number;
}

export interface ChainWalk {
  /** The problem with this record, or null. `at` names it in messages about later records. */
  check(spec: KindSpec, r: AuditRecord, at: number): string | null;
  readonly chains: ReadonlyMap<string, ChainState>;
  readonly gaps: number;
}

export function chainWalk(options: { complete: boolean; atName: string }): ChainWalk {
  const chains = new Map<string, ChainState>();
  let gaps = 0;
  return {
    check(spec, r, at) {
      const shape = shapeProblem(spec, r.fields);
      if (shape) return shape;
      if (!isHashHex(r.hash)) return "its hash is not 64 lowercase hex characters";
      if (recordHash(spec, r) !== r.hash)
        return "its hash does not match its contents: a field was changed after it was recorded";
      const key = chainKey(r);
      const prev = chains.get(key);
      const prevHash = r.fields.prevHash as string | null;
      if (!prev) {
        if (options.complete && prevHash !== null)
          return `it is the first record of ${key} here but its prevHash points to an earlier record: records are missing before it`;
      } else if (prevHash !== prev.lastHash) {
        if (options.complete)
          return prevHash === null
            ? `it claims to start ${key} again after ${options.atName} ${prev.lastAt}`
            : `its prevHash is not the hash of the previous record of ${key} (${options.atName} ${prev.lastAt}): a record was removed, added or moved`;
        gaps += 1;
      }
      chains.set(key, { lastHash: r.hash, lastAt: at, count: (prev?.count ?? 0) + 1 });
      return null;
    },
    chains,
    get gaps() {
      return gaps;
    },
  };
}

import { count, desc, eq, isNotNull, lte, max, sql } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import { preparedOnce } from "./prepared.js";
import { securityAudit, visitEvents } from "./schema.js";

// Where an audit export's snapshot of the two chained logs ends, and each device's chain in it. The logs are
// append-only, so the rows up to these bounds never change: an export reads up to them in pages and is still one
// consistent snapshot. Read together in one transaction by the caller.

/** Each bound on its own, so SQLite answers it from the end of an index rather than by reading the table. */
const lastPosition = preparedOnce((orm) =>
  orm
    .select({ v: max(visitEvents.position) })
    .from(visitEvents)
    .prepare(),
);
const lastServerSeq = preparedOnce((orm) =>
  orm
    .select({ v: visitEvents.serverSeq })
    .from(visitEvents)
    .where(isNotNull(visitEvents.serverSeq))
    .orderBy(desc(visitEvents.serverSeq))
    .limit(1)
    .prepare(),
);
const lastSecuritySeq = preparedOnce((orm) =>
  orm
    .select({ v: max(securityAudit.seq) })
    .from(securityAudit)
    .prepare(),
);

/** The last visit event's position and the highest server sequence held (0 when there is none). */
export const visitEventBound = (db: Parameters<typeof lastPosition>[0]) => ({
  last: lastPosition(db).get()?.v ?? 0,
  lastSeq: lastServerSeq(db).get()?.v ?? 0,
});

/** The last security entry's sequence (0 when there is none). */
export const securityBound = (db: Parameters<typeof lastSecuritySeq>[0]): number =>
  lastSecuritySeq(db).get()?.v ?? 0;

export interface StoredChainHead {
  deviceId: string;
  /** How many records the device's chain has up to the bound. */
  length: number;
  /** The hash of the device's last record up to the bound. */
  head: string;
}

/** What a chained log's heads are read from: its device column, its order within a chain and its hash. */
interface ChainColumns {
  table: SQLiteTable;
  deviceId: SQLiteColumn;
  order: SQLiteColumn;
  hash: SQLiteColumn;
}

/**
 * Each device's chain length and last record up to a bound, for any chained log: the visit events (ordered by
 * position) and the security log (by seq) differ only in their columns.
 */
const chainHeadsOf = ({ table, deviceId, order, hash }: ChainColumns) =>
  preparedOnce((orm) => {
    const chains = orm
      .select({
        device: sql<string>`${deviceId}`.as("device"),
        length: count().as("length"),
        last: max(order).as("last"),
      })
      .from(table)
      .where(lte(order, sql.placeholder("upTo")))
      .groupBy(deviceId)
      .as("chains");
    // The row joined is the chain's last, so its device column is the chain's: ordering by it orders the chains.
    return orm
      .select({ deviceId: chains.device, length: chains.length, head: sql<string>`${hash}` })
      .from(chains)
      .innerJoin(table, eq(order, chains.last))
      .orderBy(deviceId)
      .prepare();
  });

const visitHeads = chainHeadsOf({
  table: visitEvents,
  deviceId: visitEvents.deviceId,
  order: visitEvents.position,
  hash: visitEvents.hash,
});
const securityHeads = chainHeadsOf({
  table: securityAudit,
  deviceId: securityAudit.deviceId,
  order: securityAudit.seq,
  hash: securityAudit.hash,
});

/** Each device's visit-event chain up to position `upTo`, by device. */
export const visitEventChainHeads = (db: Parameters<typeof visitHeads>[0], upTo: number): StoredChainHead[] =>
  visitHeads(db).all({ upTo });

/** Each device's security-log chain up to sequence `upTo`, by device. */
export const securityChainHeads = (
  db: Parameters<typeof securityHeads>[0],
  upTo: number,
): StoredChainHead[] => securityHeads(db).all({ upTo });

import { count, desc, eq, isNotNull, lte, max, sql } from "drizzle-orm";
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

const visitHeads = preparedOnce((orm) => {
  const chains = orm
    .select({
      deviceId: visitEvents.deviceId,
      length: count().as("length"),
      last: max(visitEvents.position).as("last"),
    })
    .from(visitEvents)
    .where(lte(visitEvents.position, sql.placeholder("upTo")))
    .groupBy(visitEvents.deviceId)
    .as("chains");
  return orm
    .select({ deviceId: chains.deviceId, length: chains.length, head: visitEvents.hash })
    .from(chains)
    .innerJoin(visitEvents, eq(visitEvents.position, chains.last))
    .orderBy(chains.deviceId)
    .prepare();
});

const securityHeads = preparedOnce((orm) => {
  const chains = orm
    .select({
      deviceId: securityAudit.deviceId,
      length: count().as("length"),
      last: max(securityAudit.seq).as("last"),
    })
    .from(securityAudit)
    .where(lte(securityAudit.seq, sql.placeholder("upTo")))
    .groupBy(securityAudit.deviceId)
    .as("chains");
  return orm
    .select({ deviceId: chains.deviceId, length: chains.length, head: securityAudit.hash })
    .from(chains)
    .innerJoin(securityAudit, eq(securityAudit.seq, chains.last))
    .orderBy(chains.deviceId)
    .prepare();
});

/** Each device's visit-event chain up to position `upTo`, by device. */
export const visitEventChainHeads = (db: Parameters<typeof visitHeads>[0], upTo: number): StoredChainHead[] =>
  visitHeads(db).all({ upTo });

/** Each device's security-log chain up to sequence `upTo`, by device. */
export const securityChainHeads = (
  db: Parameters<typeof securityHeads>[0],
  upTo: number,
): StoredChainHead[] => securityHeads(db).all({ upTo });

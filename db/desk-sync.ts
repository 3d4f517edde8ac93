import { and, asc, count, desc, eq, gt, isNotNull, isNull, lte, ne, notExists, sql } from "drizzle-orm";
import { withEventContext } from "./event-context.js";
import type { ClinicDb } from "./open.js";
import { preparedOnce } from "./prepared.js";
import { patients, staff, syncRejections, visitEvents, visits } from "./schema.js";

// The desk's sync bookkeeping in its own file (sync/desk-store.ts decides; this file reads and writes): the events
// waiting to be pushed, the server's sequences and refusals, and the chain facts a pulled event is checked against.
// The pulled events' insert is the event store's shared one.

export type StoredEventRow = typeof visitEvents.$inferSelect;

const notRejected = (orm: ClinicDb["orm"]) =>
  notExists(
    orm.select({ one: sql`1` }).from(syncRejections).where(eq(syncRejections.eventId, visitEvents.id)),
  );

// This desk's own events. The unary plus keeps SQLite off the (deviceId, position) index: through it a desk would
// walk every event it ever recorded, all but the newest already sent, where the pending index holds only the unsent.
const ownEvent = sql`+${visitEvents.deviceId} = ${sql.placeholder("deviceId")}`;

const pending = preparedOnce((orm) =>
  orm
    .select()
    .from(visitEvents)
    .where(
      and(
        isNull(visitEvents.serverSeq),
        gt(visitEvents.position, sql.placeholder("after")),
        ownEvent,
        notRejected(orm),
      ),
    )
    .orderBy(asc(visitEvents.position))
    .limit(sql.placeholder("limit"))
    .prepare(),
);

/**
 * This desk's events no server has sequenced yet and none refused, in the order they were stored, from after a
 * position (a batch still on its way to the server is not yet sequenced, so the next one starts after it). Another
 * desk's event is without a sequence only after the server was restored (forgetSequencesAfter): it is that desk's
 * to push again, and it gets its new sequence when it is pulled.
 */
export const pendingEvents = (db: ClinicDb, limit: number, after = 0): StoredEventRow[] =>
  pending(db).all({ limit, after, deviceId: db.deviceId });

const pendingTotal = preparedOnce((orm) =>
  orm
    .select({ n: count() })
    .from(visitEvents)
    .where(and(isNull(visitEvents.serverSeq), ownEvent, notRejected(orm)))
    .prepare(),
);

export const pendingCount = (db: ClinicDb): number => pendingTotal(db).get({ deviceId: db.deviceId })?.n ?? 0;

const highest = preparedOnce((orm) =>
  // The filter lets SQLite read the maximum off the sequence's partial index instead of scanning every row.
  orm
    .select({ seq: sql<number | null>`MAX(${visitEvents.serverSeq})` })
    .from(visitEvents)
    .where(isNotNull(visitEvents.serverSeq))
    .prepare(),
);

/** The highest server sequence this desk holds (0 when none): a server whose log ends before it was restored. */
export const highestServerSeq = (db: ClinicDb): number => highest(db).get()?.seq ?? 0;

const atSeq = preparedOnce((orm) =>
  orm
    .select({ id: visitEvents.id })
    .from(visitEvents)
    .where(eq(visitEvents.serverSeq, sql.placeholder("seq")))
    .prepare(),
);

/** The id of the event this desk holds at a server sequence, if any. */
export const eventIdAtSeq = (db: ClinicDb, seq: number): string | null => atSeq(db).get({ seq })?.id ?? null;

const othersWaiting = preparedOnce((orm) =>
  orm
    .select({ one: sql<number>`1` })
    .from(visitEvents)
    .where(and(isNull(visitEvents.serverSeq), ne(visitEvents.deviceId, sql.placeholder("deviceId"))))
    .limit(1)
    .prepare(),
);

/**
 * Whether this desk holds another desk's event without a sequence (only after the server was restored). It walks
 * every event waiting to be pushed, so the caller asks only while a restore left some (sync/desk-store.ts).
 */
export const othersUnsequenced = (db: ClinicDb): boolean =>
  othersWaiting(db).get({ deviceId: db.deviceId }) !== undefined;

const sequencedAfter = preparedOnce((orm) =>
  orm
    .select({ visitId: visitEvents.visitId, deviceId: visitEvents.deviceId })
    .from(visitEvents)
    .where(gt(visitEvents.serverSeq, sql.placeholder("head")))
    .prepare(),
);

const forgetAfter = preparedOnce((orm) =>
  orm
    .update(visitEvents)
    .set({ serverSeq: null })
    .where(gt(visitEvents.serverSeq, sql.placeholder("head")))
    .prepare(),
);

/**
 * Forgets the sequences past `head` (the append-only trigger allows setting a sequence back to none, and nothing
 * else): this desk's own events among them are pending again. Returns the visits whose order changed and how many
 * events were this desk's and other desks'.
 */
export const forgetSequencesAfter = (
  db: ClinicDb,
  head: number,
): { visitIds: Set<string>; own: number; others: number } => {
  const rows = sequencedAfter(db).all({ head });
  forgetAfter(db).run({ head });
  const own = rows.filter((r) => r.deviceId === db.deviceId).length;
  return { visitIds: new Set(rows.map((r) => r.visitId)), own, others: rows.length - own };
};

const last = preparedOnce((orm) =>
  orm
    .select({ position: sql<number>`COALESCE(MAX(${visitEvents.position}), 0)` })
    .from(visitEvents)
    .prepare(),
);

/** The position of the latest event stored here (0 when none). */
export const lastPosition = (db: ClinicDb): number => last(db).get()?.position ?? 0;

const rejections = preparedOnce((orm) => orm.select({ n: count() }).from(syncRejections).prepare());

export const rejectedCount = (db: ClinicDb): number => rejections(db).get()?.n ?? 0;

const reject = preparedOnce((orm) =>
  orm
    .insert(syncRejections)
    .values({
      eventId: sql.placeholder("eventId"),
      code: sql.placeholder("code"),
      message: sql.placeholder("message"),
      rejectedAt: sql.placeholder("rejectedAt"),
    })
    .onConflictDoUpdate({
      target: syncRejections.eventId,
      set: {
        code: sql`excluded.code`,
        message: sql`excluded.message`,
        rejectedAt: sql`excluded.rejectedAt`,
      },
    })
    .prepare(),
);

const rejectedEntries = preparedOnce((orm) =>
  withEventContext(
    orm
      .select({
        eventId: syncRejections.eventId,
        code: syncRejections.code,
        message: syncRejections.message,
        rejectedAt: syncRejections.rejectedAt,
        visitId: visitEvents.visitId,
        eventType: visitEvents.eventType,
        performedAt: visitEvents.performedAt,
        performedBy: staff.name,
        tokenNumber: visits.tokenNumber,
        patientName: patients.name,
      })
      .from(syncRejections)
      .$dynamic(),
    syncRejections.eventId,
  )
    .orderBy(asc(visitEvents.position))
    .prepare(),
);

/** The events the server refused, in the order they were recorded here, with their visit, patient and author. */
export const listRejections = (db: ClinicDb) => rejectedEntries(db).all();

/** Flags an event the server refused: kept in the log, no longer pushed. A second refusal replaces the first. */
export const recordRejection = (db: ClinicDb, r: typeof syncRejections.$inferInsert): void => {
  reject(db).run(r);
};

const setSeq = preparedOnce((orm) =>
  orm
    .update(visitEvents)
    .set({ serverSeq: sql`${sql.placeholder("seq")}` })
    .where(and(eq(visitEvents.id, sql.placeholder("id")), isNull(visitEvents.serverSeq)))
    .prepare(),
);

/** Records the server's sequence of an event once (the append-only trigger allows exactly this); 1 if it did. */
export const setServerSeq = (db: ClinicDb, id: string, seq: number): number =>
  setSeq(db).run({ id, seq }).changes;

const setSeqs = preparedOnce((orm) =>
  orm
    .update(visitEvents)
    .set({ serverSeq: sql`answered.seq` })
    .from(
      sql`(SELECT value ->> 0 AS id, value ->> 1 AS seq FROM json_each(${sql.placeholder("answers")})) AS answered`,
    )
    .where(and(eq(visitEvents.id, sql`answered.id`), isNull(visitEvents.serverSeq)))
    .prepare(),
);

/**
 * Records the server's sequences of a pushed batch's events in one statement (a statement per event was most of
 * the desk's time in a push); events already sequenced are left as they are. How many it recorded.
 */
export const setServerSeqs = (
  db: ClinicDb,
  answers: readonly (readonly [id: string, seq: number])[],
): number => (answers.length ? setSeqs(db).run({ answers: JSON.stringify(answers) }).changes : 0);

const held = preparedOnce((orm) =>
  orm
    .select({ serverSeq: visitEvents.serverSeq, hash: visitEvents.hash, visitId: visitEvents.visitId })
    .from(visitEvents)
    .where(eq(visitEvents.id, sql.placeholder("id")))
    .prepare(),
);

/** What this desk holds of an event, if it holds it. */
export const heldEvent = (db: ClinicDb, id: string) => held(db).get({ id });

const head = preparedOnce((orm) =>
  orm
    .select({ hash: visitEvents.hash })
    .from(visitEvents)
    .where(eq(visitEvents.deviceId, sql.placeholder("deviceId")))
    .orderBy(desc(visitEvents.position))
    .limit(1)
    .prepare(),
);

/** The hash of the latest event this desk holds from a device: where that device's chain ends here. */
export const deviceChainHead = (db: ClinicDb, deviceId: string): string | null =>
  head(db).get({ deviceId })?.hash ?? null;

const holds = preparedOnce((orm) =>
  orm
    .select({ one: sql<number>`1` })
    .from(visitEvents)
    .where(
      and(
        eq(visitEvents.deviceId, sql.placeholder("deviceId")),
        eq(visitEvents.hash, sql.placeholder("hash")),
      ),
    )
    .limit(1)
    .prepare(),
);

/** Whether this desk holds an event of that device with that hash. */
export const deviceHoldsHash = (db: ClinicDb, deviceId: string, hash: string): boolean =>
  holds(db).get({ deviceId, hash }) !== undefined;

const sequenced = preparedOnce((orm) =>
  orm
    .select({ serverSeq: visitEvents.serverSeq, hash: visitEvents.hash })
    .from(visitEvents)
    .where(
      and(
        gt(visitEvents.serverSeq, sql.placeholder("after")),
        lte(visitEvents.serverSeq, sql.placeholder("upTo")),
      ),
    )
    .orderBy(asc(visitEvents.serverSeq))
    .prepare(),
);

/** The events the server sequenced in (after, upTo], by sequence: what a checkpoint of that size covers. */
export const eventsSequencedBetween = (db: ClinicDb, after: number, upTo: number) =>
  sequenced(db)
    .all({ after, upTo })
    .flatMap((e) => (e.serverSeq === null ? [] : [{ serverSeq: e.serverSeq, hash: e.hash }]));

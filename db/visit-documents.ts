import { and, asc, desc, eq, inArray, notExists, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { ClinicDb } from "./open.js";
import { type Orm, preparedOnce } from "./prepared.js";
import { staff, visitEvents } from "./schema.js";

// A visit's documents are found through its events (uploads, shares, lab reports, deliveries), never through a
// current state: every report ever made stays part of the record. A voided event is left out.

const e = alias(visitEvents, "e");
const voiding = alias(visitEvents, "v");

/** No EVENT_VOIDED of the same visit names the event `e`. */
const notVoided = (orm: Orm) =>
  notExists(
    orm
      .select({ one: sql`1` })
      .from(voiding)
      .where(
        and(
          eq(voiding.visitId, e.visitId),
          eq(voiding.eventType, "EVENT_VOIDED"),
          sql`json_extract(${voiding.metadata}, '$.voidedEventId') = ${e.id}`,
        ),
      ),
  );

const documentTypes = ["DOCUMENT_UPLOADED", "DOCUMENT_SHARED", "REPORT_GENERATED", "REPORT_DELIVERED"];

const documentEvents = preparedOnce((orm) =>
  orm
    .select({
      id: e.id,
      eventType: e.eventType,
      metadata: e.metadata,
      performedAt: e.performedAt,
      staffName: staff.name,
    })
    .from(e)
    .leftJoin(staff, eq(staff.id, e.performedBy))
    .where(
      and(eq(e.visitId, sql.placeholder("visitId")), inArray(e.eventType, documentTypes), notVoided(orm)),
    )
    .orderBy(asc(e.position))
    .prepare(),
);

/** The visit's document events that stand, in the order they were recorded, with who recorded each. */
export const documentEventsOf = (db: ClinicDb, visitId: string) => documentEvents(db).all({ visitId });

const testOrderId = sql.placeholder("testOrderId");
const latestReport = preparedOnce((orm) =>
  orm
    .select({
      reportUrl: sql<string | null>`json_extract(${e.metadata}, '$.reportUrl')`,
      sha256: sql<string | null>`json_extract(${e.metadata}, '$.sha256')`,
    })
    .from(e)
    .where(
      and(
        eq(e.visitId, sql.placeholder("visitId")),
        eq(e.eventType, "REPORT_GENERATED"),
        sql`(${testOrderId} IS NULL OR json_extract(${e.metadata}, '$.testOrderId') = ${testOrderId})`,
        notVoided(orm),
      ),
    )
    .orderBy(desc(e.position))
    .limit(1)
    .prepare(),
);

/** The latest lab report that stands for a visit (or one of its tests): its stored path and SHA-256. */
export const latestLabReport = (db: ClinicDb, visitId: string, testOrderIdOrNull: string | null) =>
  latestReport(db).get({ visitId, testOrderId: testOrderIdOrNull });

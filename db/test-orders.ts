import { and, asc, eq, notInArray, sql } from "drizzle-orm";
import type { ClinicDb } from "./open.js";
import { preparedOnce } from "./prepared.js";
import { patients, testOrders, visits } from "./schema.js";

// The test_orders read model: the lab's worklist and the facts of one ordered test.

const p = {
  visitId: sql.placeholder("visitId"),
  testOrderId: sql.placeholder("testOrderId"),
  status: sql.placeholder("status"),
  includeDone: sql.placeholder("includeDone"),
};

const oneTest = preparedOnce((orm) =>
  orm
    .select({
      name: testOrders.name,
      priority: testOrders.priority,
      status: testOrders.status,
      collectedAt: testOrders.collectedAt,
      completedAt: testOrders.completedAt,
      reviewedBy: testOrders.reviewedBy,
      approvedBy: testOrders.approvedBy,
      approvedAt: testOrders.approvedAt,
      amendedCount: testOrders.amendedCount,
      results: testOrders.results,
    })
    .from(testOrders)
    .where(and(eq(testOrders.visitId, p.visitId), eq(testOrders.testOrderId, p.testOrderId)))
    .prepare(),
);

/** One ordered test of a visit, as its report prints it; undefined when the visit has no such test. */
export const orderedTest = (db: ClinicDb, visitId: string, testOrderId: string) =>
  oneTest(db).get({ visitId, testOrderId });

const ofVisit = preparedOnce((orm) =>
  orm
    .select({ testOrderId: testOrders.testOrderId, name: testOrders.name })
    .from(testOrders)
    .where(eq(testOrders.visitId, p.visitId))
    .orderBy(asc(testOrders.orderedAt), asc(testOrders.testOrderId))
    .prepare(),
);

/** The tests ordered on a visit, in the order they were ordered. */
export const testsOfVisit = (db: ClinicDb, visitId: string) => ofVisit(db).all({ visitId });

/** The reports' finished statuses: off the worklist unless asked for. */
const finished = ["reported", "delivered"];

const worklist = preparedOnce((orm) =>
  orm
    .select({
      visitId: testOrders.visitId,
      testOrderId: testOrders.testOrderId,
      name: testOrders.name,
      priority: testOrders.priority,
      status: testOrders.status,
      orderedAt: testOrders.orderedAt,
      orderedBy: testOrders.orderedBy,
      collectedAt: testOrders.collectedAt,
      completedAt: testOrders.completedAt,
      reviewedBy: testOrders.reviewedBy,
      approvedAt: testOrders.approvedAt,
      rejectedCount: testOrders.rejectedCount,
      results: testOrders.results,
      patientName: patients.name,
      patientNumber: patients.patientNumber,
      tokenNumber: visits.tokenNumber,
    })
    .from(testOrders)
    .innerJoin(visits, eq(visits.id, testOrders.visitId))
    .leftJoin(patients, eq(patients.id, visits.patientId))
    .where(
      sql`(${p.status} IS NULL OR ${testOrders.status} = ${p.status})
        AND (${p.visitId} IS NULL OR ${testOrders.visitId} = ${p.visitId})
        AND (${p.includeDone} = 1 OR ${p.status} IS NOT NULL OR ${notInArray(testOrders.status, finished)})
        AND ${notInArray(visits.status, ["cancelled", "rescheduled"])}`,
    )
    .orderBy(
      sql`CASE ${testOrders.priority} WHEN 'stat' THEN 0 WHEN 'urgent' THEN 1 ELSE 2 END`,
      asc(testOrders.orderedAt),
    )
    .prepare(),
);

/** The lab's worklist: urgent first, then in the order tests were ordered; finished tests only when asked. */
export const labWorklist = (
  db: ClinicDb,
  filter: { status: string | null; visitId: string | null; includeDone: boolean },
) => worklist(db).all({ ...filter, includeDone: filter.includeDone ? 1 : 0 });

import { and, desc, eq, gte, lt, sql } from "drizzle-orm";
import type { ClinicDb } from "./open.js";
import { preparedOnce } from "./prepared.js";
import { bills, patients, visitEvents, visits } from "./schema.js";

// The bills read model: what a visit's bills come to, what is left on one, the money of a period.

const balance = preparedOnce((orm) =>
  orm
    .select({ balanceCents: bills.balanceCents })
    .from(bills)
    .where(and(eq(bills.visitId, sql.placeholder("visitId")), eq(bills.billId, sql.placeholder("billId"))))
    .prepare(),
);

/** What is left to pay on one bill, in cents; undefined for a bill this desk does not hold. */
export const billBalanceCents = (db: ClinicDb, visitId: string, billId: string): number | undefined =>
  balance(db).get({ visitId, billId })?.balanceCents;

const p = {
  visitId: sql.placeholder("visitId"),
  status: sql.placeholder("status"),
  from: sql.placeholder("from"),
  to: sql.placeholder("to"),
};

const list = preparedOnce((orm) =>
  orm
    .select({
      visitId: bills.visitId,
      billId: bills.billId,
      kind: bills.kind,
      amountCents: bills.amountCents,
      discountCents: bills.discountCents,
      paidCents: bills.paidCents,
      refundedCents: bills.refundedCents,
      balanceCents: bills.balanceCents,
      status: bills.status,
      items: bills.items,
      billedAt: bills.billedAt,
      billedBy: bills.billedBy,
      patientName: patients.name,
      patientNumber: patients.patientNumber,
      tokenNumber: visits.tokenNumber,
    })
    .from(bills)
    .leftJoin(visits, eq(visits.id, bills.visitId))
    .leftJoin(patients, eq(patients.id, visits.patientId))
    .where(
      sql`(${p.visitId} IS NULL OR ${bills.visitId} = ${p.visitId})
        AND (${p.status} IS NULL OR ${bills.status} = ${p.status} OR (${p.status} = 'owing' AND ${bills.balanceCents} > 0))
        AND (${p.from} IS NULL OR (${bills.billedAt} >= ${p.from} AND ${bills.billedAt} < ${p.to}))`,
    )
    .orderBy(desc(bills.billedAt))
    .limit(sql.placeholder("limit"))
    .prepare(),
);

export interface BillFilter {
  visitId: string | null;
  /** A bill status, or "owing" for any bill with something left to pay. */
  status: string | null;
  /** Billed in [from, to), when given. */
  from: string | null;
  to: string | null;
  limit: number;
}

/** Bills with their patient and token, newest first. */
export const findBills = (db: ClinicDb, filter: BillFilter) => list(db).all({ ...filter });

const money = preparedOnce((orm) =>
  orm
    .select({
      billed: sql<number>`COALESCE(SUM(${bills.amountCents} - ${bills.discountCents}), 0)`,
      paid: sql<number>`COALESCE(SUM(${bills.paidCents}), 0)`,
      outstanding: sql<number>`COALESCE(SUM(MAX(${bills.balanceCents}, 0)), 0)`,
      refunded: sql<number>`COALESCE(SUM(${bills.refundedCents}), 0)`,
    })
    .from(bills)
    .where(and(gte(bills.billedAt, sql.placeholder("from")), lt(bills.billedAt, sql.placeholder("to"))))
    .prepare(),
);

/** The money of the bills made in [from, to), in cents: billed after discounts, paid, still owed, refunded. */
export const moneyBetween = (db: ClinicDb, range: { from: string; to: string }) =>
  money(db).get(range) ?? { billed: 0, paid: 0, outstanding: 0, refunded: 0 };

const billings = preparedOnce((orm) =>
  orm
    .select({ metadata: visitEvents.metadata })
    .from(visitEvents)
    .where(
      and(eq(visitEvents.visitId, sql.placeholder("visitId")), eq(visitEvents.eventType, "TESTS_BILLED")),
    )
    .prepare(),
);

/** The ordered tests that a TESTS_BILLED event of the visit already charges for. */
export const billedTestOrderIds = (db: ClinicDb, visitId: string): Set<string> =>
  new Set(
    billings(db)
      .all({ visitId })
      .flatMap((e) => (JSON.parse(e.metadata ?? "{}") as { testOrderIds?: string[] }).testOrderIds ?? []),
  );

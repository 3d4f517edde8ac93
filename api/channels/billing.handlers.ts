import { statement } from "../../db/statements.js";
import type { AreaHandlers } from "../handler.js";
import { done } from "../handler.js";
import { localDayRange } from "../queries/visit-summary.js";
import { recordStep } from "../record.js";
import { readSettings } from "../settings.js";
import type { billingChannels } from "./billing.js";

interface BillRow {
  visitId: string;
  billId: string;
  kind: string;
  amountCents: number;
  discountCents: number;
  paidCents: number;
  refundedCents: number;
  balanceCents: number;
  status: "unpaid" | "partial" | "paid";
  items: string;
  billedAt: string;
  billedBy: string | null;
  patientName: string | null;
  patientNumber: string | null;
  tokenNumber: string | null;
}

const balanceCents = (db: Parameters<typeof statement>[0], visitId: string, billId: string) =>
  statement(db, "SELECT balanceCents FROM bills WHERE visitId = ? AND billId = ?")
    .pluck()
    .get(visitId, billId) as number | undefined;

export const billingHandlers: AreaHandlers<typeof billingChannels> = {
  bills(input, ctx) {
    const day = input.date ? localDayRange(input.date, ctx.now()) : null;
    const rows = statement(
      ctx.db.sqlite,
      `SELECT b.*, p.name AS patientName, p.patientNumber, v.tokenNumber FROM bills b
       LEFT JOIN visits v ON v.id = b.visitId LEFT JOIN patients p ON p.id = v.patientId
       WHERE (@visitId IS NULL OR b.visitId = @visitId)
         AND (@status IS NULL OR b.status = @status OR (@status = 'owing' AND b.balanceCents > 0))
         AND (@from IS NULL OR (b.billedAt >= @from AND b.billedAt < @to))
       ORDER BY b.billedAt DESC LIMIT @limit`,
    ).all({
      visitId: input.visitId ?? null,
      status: input.status ?? null,
      from: day?.from ?? null,
      to: day?.to ?? null,
      limit: input.limit,
    }) as BillRow[];
    return done({
      bills: rows.map((b) => ({
        visitId: b.visitId,
        billId: b.billId,
        kind: b.kind,
        amount: b.amountCents / 100,
        discount: b.discountCents / 100,
        paid: b.paidCents / 100,
        refunded: b.refundedCents / 100,
        balance: b.balanceCents / 100,
        status: b.status,
        items: JSON.parse(b.items) as unknown[],
        billedAt: b.billedAt,
        billedBy: b.billedBy,
        patientName: b.patientName,
        patientNumber: b.patientNumber,
        tokenNumber: b.tokenNumber,
      })),
    });
  },

  owingVisits(input, ctx) {
    const rows = statement(
      ctx.db.sqlite,
      `SELECT v.id AS visitId, v.patientId, p.name AS patientName, p.patientNumber, p.phone, v.tokenNumber,
         v.status, v.registeredAt, v.closedAt, v.dueCents, v.paidCents, v.balanceCents
       FROM visits v LEFT JOIN patients p ON p.id = v.patientId
       WHERE v.balanceCents > 0 AND v.status IN ('completed', 'cancelled', 'rescheduled')
       ORDER BY v.closedAt LIMIT ?`,
    ).all(input.limit) as (Record<string, unknown> & {
      dueCents: number;
      paidCents: number;
      balanceCents: number;
    })[];
    return done({
      currency: readSettings(ctx.db).currency,
      visits: rows.map(({ dueCents, paidCents, balanceCents, ...v }) => ({
        ...v,
        due: dueCents / 100,
        paid: paidCents / 100,
        balance: balanceCents / 100,
      })) as never,
    });
  },

  billTests(input, ctx) {
    const billId = `bill_${ctx.db.newId()}`;
    // The bill names its tests, so the receipt and the owing list say what the money is for.
    const names = new Map(
      (
        statement(ctx.db.sqlite, "SELECT testOrderId, name FROM test_orders WHERE visitId = ?").all(
          input.visitId,
        ) as { testOrderId: string; name: string | null }[]
      ).map((t) => [t.testOrderId, t.name ?? t.testOrderId]),
    );
    const r = recordStep(ctx, input.visitId, "TESTS_BILLED", {
      billId,
      amount: input.amount,
      discount: input.discount,
      currency: readSettings(ctx.db).currency,
      billItems: input.testOrderIds.map((t) => names.get(t) ?? t),
      testOrderIds: input.testOrderIds,
    });
    return r.ok ? done({ ...r.value, billId }) : r;
  },

  recordPayment(input, ctx) {
    // The desk types the amount; whether it settles the bill is a fact of the balance, so the event type is ours.
    const balance = balanceCents(ctx.db.sqlite, input.visitId, input.billId);
    const amount = Math.round(input.amount * 100);
    const type = balance !== undefined && amount < balance ? "PAYMENT_PARTIAL" : "PAYMENT_RECEIVED";
    const r = recordStep(ctx, input.visitId, type, {
      billId: input.billId,
      amount: input.amount,
      currency: readSettings(ctx.db).currency,
      paymentMethod: input.paymentMethod,
      reference: input.reference,
    });
    if (!r.ok) return r;
    const left = balanceCents(ctx.db.sqlite, input.visitId, input.billId) ?? 0;
    return done({ ...r.value, balance: left / 100, paidInFull: left <= 0 });
  },

  refundPayment: (input, ctx) =>
    recordStep(ctx, input.visitId, "PAYMENT_REFUNDED", {
      billId: input.billId,
      amount: input.amount,
      currency: readSettings(ctx.db).currency,
      reason: input.reason,
      paymentMethod: input.paymentMethod,
    }),
};

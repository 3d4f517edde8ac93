import { billBalanceCents, findBills } from "../../db/bills.js";
import { testsOfVisit } from "../../db/test-orders.js";
import { owingVisits } from "../../db/visits.js";
import type { AreaHandlers } from "../handler.js";
import { done } from "../handler.js";
import { localDayRange } from "../local-day.js";
import { recordStep } from "../record.js";
import { readSettings } from "../settings.js";
import type { billingChannels } from "./billing.js";

export const billingHandlers: AreaHandlers<typeof billingChannels> = {
  bills(input, ctx) {
    const day = input.date ? localDayRange(input.date, ctx.now()) : null;
    const rows = findBills(ctx.db, {
      visitId: input.visitId ?? null,
      status: input.status ?? null,
      from: day?.from ?? null,
      to: day?.to ?? null,
      limit: input.limit,
    });
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
    const rows = owingVisits(ctx.db, input.limit);
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
      testsOfVisit(ctx.db, input.visitId).map((t) => [t.testOrderId, t.name ?? t.testOrderId]),
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
    const balance = billBalanceCents(ctx.db, input.visitId, input.billId);
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
    const left = billBalanceCents(ctx.db, input.visitId, input.billId) ?? 0;
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

import { z } from "zod";
import { paymentMethods } from "../../domain/metadata-schemas.js";
import { defineChannels } from "../channel.js";
import { id, isoDate, money, positiveMoney, recorded, visitId } from "./common.js";

// The cash desk. recordPayment picks PAYMENT_RECEIVED or PAYMENT_PARTIAL from the bill's balance, so the desk only
// types the amount.

export const billRow = z.object({
  visitId: z.string(),
  billId: z.string(),
  kind: z.string(),
  amount: z.number(),
  discount: z.number(),
  paid: z.number(),
  refunded: z.number(),
  balance: z.number(),
  status: z.enum(["unpaid", "partial", "paid"]),
  items: z.array(z.unknown()),
  billedAt: z.string(),
  billedBy: z.string().nullable(),
  patientName: z.string().nullable(),
  patientNumber: z.string().nullable(),
  tokenNumber: z.string().nullable(),
});

export const billingChannels = defineChannels({
  bills: {
    kind: "query",
    roles: ["reception", "admin"],
    summary: "Bills, newest first: all, unpaid, part-paid or paid; for one visit or one day",
    input: z.strictObject({
      status: z.enum(["unpaid", "partial", "paid", "owing"]).optional(),
      visitId: id.optional(),
      date: isoDate.optional(),
      limit: z.number().int().min(1).max(500).default(200),
    }),
    output: z.object({ bills: z.array(billRow) }),
  },
  owingVisits: {
    kind: "query",
    roles: ["reception", "admin"],
    summary: "Closed visits (completed, cancelled, rescheduled) with money still owed, oldest first",
    input: z.strictObject({ limit: z.number().int().min(1).max(500).default(200) }),
    output: z.object({
      currency: z.string().nullable(),
      visits: z.array(
        z.object({
          visitId: z.string(),
          patientId: z.string().nullable(),
          patientName: z.string().nullable(),
          patientNumber: z.string().nullable(),
          phone: z.string().nullable(),
          tokenNumber: z.string().nullable(),
          status: z.string(),
          registeredAt: z.string().nullable(),
          closedAt: z.string().nullable(),
          due: z.number(),
          paid: z.number(),
          balance: z.number(),
        }),
      ),
    }),
  },
  billTests: {
    kind: "command",
    roles: ["reception", "admin"],
    summary: "Bill the lab tests ordered on a visit",
    input: z.strictObject({
      visitId,
      testOrderIds: z.array(id).min(1, "must name at least one test"),
      amount: positiveMoney,
      discount: money.optional(),
    }),
    output: recorded.extend({ billId: z.string() }),
  },
  recordPayment: {
    kind: "command",
    roles: ["reception", "admin"],
    summary: "Record a payment on a bill (in full or in part), also after the visit is closed",
    input: z.strictObject({
      visitId,
      billId: id,
      amount: positiveMoney,
      paymentMethod: z.enum(paymentMethods).default("CASH"),
      reference: z.string().trim().max(200).optional(),
    }),
    output: recorded.extend({ balance: z.number(), paidInFull: z.boolean() }),
  },
  refundPayment: {
    kind: "command",
    roles: ["reception", "admin"],
    summary: "Refund money paid on a bill, with the reason",
    input: z.strictObject({
      visitId,
      billId: id,
      amount: positiveMoney,
      reason: z.string().trim().min(1, "must not be empty").max(2000),
      paymentMethod: z.enum(paymentMethods).optional(),
    }),
    output: recorded,
  },
});

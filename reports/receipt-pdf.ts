import {
  accent,
  danger,
  factsGrid,
  faint,
  heading,
  ink,
  newPage,
  paragraph,
  table,
  when,
} from "./pdf-page.js";
import { isolate } from "./script-runs.js";

// Draws a visit's receipt as a PDF: who, which visit, what was billed and for what, every payment and refund, and
// what is still owed, in the clinic's currency. Pure apart from pdfkit: receipt-file.ts gathers the data from the
// visit's events.

export interface ReceiptItem {
  /** What the money is for: "Consultation", a test's name. */
  description: string;
  /** Known when the bill listed item prices; otherwise only the bill's total is known. */
  amount: number | null;
}

export interface ReceiptBill {
  billId: string;
  kind: "consultation" | "tests";
  billedAt: string;
  items: ReceiptItem[];
  /** Before discount. */
  amount: number;
  discount: number;
}

export interface ReceiptMoneyMove {
  kind: "payment" | "refund";
  billId: string;
  at: string;
  amount: number;
  method: string | null;
  reference: string | null;
  reason: string | null;
}

export interface ReceiptData {
  clinicName: string;
  currency: string | null;
  locale: string | null;
  patient: { name: string; patientNumber: string };
  visit: {
    visitId: string;
    tokenNumber: string | null;
    registeredAt: string | null;
    doctorName: string | null;
  };
  bills: ReceiptBill[];
  moves: ReceiptMoneyMove[];
  issuedAt: string;
  issuedBy: string;
}

export interface ReceiptTotals {
  billed: number;
  paid: number;
  refunded: number;
  balance: number;
}

/** Sums in cents, so 0.1 + 0.2 is 0.30 on paper as on the bill. */
export function receiptTotals(data: Pick<ReceiptData, "bills" | "moves">): ReceiptTotals {
  const cents = (n: number) => Math.round(n * 100);
  const billed = data.bills.reduce((s, b) => s + cents(b.amount) - cents(b.discount), 0);
  const paid = data.moves.filter((m) => m.kind === "payment").reduce((s, m) => s + cents(m.amount), 0);
  const refunded = data.moves.filter((m) => m.kind === "refund").reduce((s, m) => s + cents(m.amount), 0);
  return {
    billed: billed / 100,
    paid: paid / 100,
    refunded: refunded / 100,
    balance: (billed - paid + refunded) / 100,
  };
}

/** Money as the clinic writes it; an unknown currency code falls back to a plain amount with the code after it. */
export function moneyWriter(currency: string | null, locale: string | null): (amount: number) => string {
  const loc = locale || "en";
  try {
    if (currency) {
      const f = new Intl.NumberFormat(loc, { style: "currency", currency, currencyDisplay: "code" });
      return (n) => f.format(n);
    }
  } catch {
    // An unknown currency code: written after a plain number below.
  }
  const plain = new Intl.NumberFormat(loc, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return (n) => (currency ? `${plain.format(n)} ${currency}` : plain.format(n));
}

const methodWords: Record<string, string> = {
  CASH: "Cash",
  CARD: "Card",
  MOBILE_MONEY: "Mobile money",
  INSURANCE: "Insurance",
  BANK_TRANSFER: "Bank transfer",
  OTHER: "Other",
};
const kindWords = { consultation: "Consultation", tests: "Lab tests" } as const;

export function renderReceipt(data: ReceiptData): Promise<Buffer> {
  const money = moneyWriter(data.currency, data.locale);
  const totals = receiptTotals(data);
  const page = newPage({
    size: "A5",
    margin: 36,
    info: {
      Title: `Receipt – ${data.patient.name}`,
      Author: data.clinicName,
      Subject: `Visit ${data.visit.visitId}`,
    },
    footer: `${data.clinicName || "Clinic"} · Receipt of ${isolate(data.patient.name)} · ${data.patient.patientNumber}`,
  });
  const { doc, left, width } = page;

  page.y += page.text.draw(data.clinicName || "Clinic", left, page.y, width, {
    size: 16,
    weight: "bold",
    color: accent,
  });
  page.y +=
    page.text.draw(`Receipt · ${when(data.issuedAt)}`, left, page.y, width, { size: 10, color: faint }) + 5;
  doc
    .moveTo(left, page.y)
    .lineTo(left + width, page.y)
    .strokeColor(accent)
    .lineWidth(1.2)
    .stroke();
  page.y += 10;

  factsGrid(page, [
    ["Patient", data.patient.name],
    ["Patient number", data.patient.patientNumber],
    [
      "Visit",
      data.visit.tokenNumber ? `${data.visit.tokenNumber} (${data.visit.visitId})` : data.visit.visitId,
    ],
    ["Visit date", when(data.visit.registeredAt)],
    ["Doctor", data.visit.doctorName ?? "—"],
    ["Currency", data.currency ?? "—"],
  ]);
  page.y += 6;

  heading(page, "Billed");
  const billRows = data.bills.flatMap((b) => {
    const kind = kindWords[b.kind];
    // One unpriced item is the whole bill; several unpriced items share the bill's total.
    const items =
      b.items.length === 0
        ? [{ description: kind, amount: b.amount }]
        : b.items.length === 1 && b.items[0]?.amount === null
          ? [{ description: b.items[0].description, amount: b.amount }]
          : b.items;
    const rows = items.map((i) => [
      { text: i.description },
      { text: i.amount === null ? "" : money(i.amount) },
    ]);
    if (items.some((i) => i.amount === null))
      rows.push([{ text: `${kind}, total` }, { text: money(b.amount) }]);
    if (b.discount > 0)
      rows.push([{ text: `Discount on ${kind.toLowerCase()}` }, { text: `−${money(b.discount)}` }]);
    return rows;
  });
  table(
    page,
    [
      { header: "For", width: "*" },
      { header: "Amount", width: 100, align: "right" },
    ],
    billRows.length ? billRows : [[{ text: "Nothing billed on this visit" }, { text: "" }]],
    "Billed, continued",
  );
  page.y += 12;

  heading(page, "Payments and refunds");
  table(
    page,
    [
      { header: "When", width: 112 },
      { header: "How", width: "*" },
      { header: "Amount", width: 100, align: "right" },
    ],
    data.moves.length
      ? data.moves.map((m) => {
          const how = [methodWords[m.method ?? ""] ?? m.method, m.reference, m.reason]
            .filter(Boolean)
            .join(" · ");
          return m.kind === "payment"
            ? [{ text: when(m.at) }, { text: how || "Payment" }, { text: money(m.amount) }]
            : [
                { text: when(m.at) },
                { text: `Refund${how ? `: ${how}` : ""}` },
                { text: `−${money(m.amount)}`, color: danger },
              ];
        })
      : [[{ text: "—" }, { text: "No payment yet" }, { text: "" }]],
    "Payments and refunds, continued",
  );
  page.y += 12;

  const owing = totals.balance > 0;
  table(
    page,
    [
      { header: "Summary", width: "*" },
      { header: "", width: 100, align: "right" },
    ],
    [
      [{ text: "Billed, after discounts" }, { text: money(totals.billed) }],
      [{ text: "Paid" }, { text: money(totals.paid) }],
      [{ text: "Refunded" }, { text: money(totals.refunded) }],
      [
        {
          text: owing ? "Balance owed" : totals.balance < 0 ? "Credit to the patient" : "Balance",
          bold: true,
        },
        { text: money(Math.abs(totals.balance)), bold: true, color: owing ? danger : ink },
      ],
    ],
    "Summary, continued",
    { keepTogether: true },
  );
  page.y += 12;
  paragraph(
    page,
    `Issued ${when(data.issuedAt)} by ${isolate(data.issuedBy)}. Visit ${data.visit.visitId}.`,
    {
      size: 8,
      color: faint,
    },
  );
  return page.finish();
}

import { readSetting } from "../db/clinic-settings.js";
import type { ClinicDb } from "../db/open.js";
import { getPatient } from "../db/patients.js";
import { staffName as nameOfStaff } from "../db/staff.js";
import type { VisitEvent } from "../domain/event.js";
import { fail, ok, type Result, refuse } from "../domain/refusal.js";
import type { VisitState } from "../domain/visit-state.js";
import { type ReceiptBill, type ReceiptData, type ReceiptMoneyMove, renderReceipt } from "./receipt-pdf.js";

// A visit's receipt, drawn from its events as they stand (voided and parked events left out by the fold). It is not
// stored: the events are the record, and a receipt printed again later shows the payments made since.

type Meta = Record<string, unknown>;
const metaOf = (e: VisitEvent): Meta =>
  e.metadata && typeof e.metadata === "object" ? (e.metadata as Meta) : {};
const text = (m: Meta, k: string) => (typeof m[k] === "string" ? (m[k] as string) : null);
const number = (m: Meta, k: string) => (typeof m[k] === "number" ? (m[k] as number) : 0);

export function gatherReceipt(
  db: ClinicDb,
  args: { visitId: string; issuedBy: string; now: Date },
): Result<ReceiptData> {
  const { state } = db.events.foldVisit(args.visitId);
  if (!state.registered)
    return fail(refuse("VISIT_NOT_FOUND", `There is no registered visit ${args.visitId}.`));
  const patient = state.patientId ? getPatient(db, state.patientId) : undefined;
  const staffName = (id: string | null) => (id ? (nameOfStaff(db, id) ?? id) : null);
  const bills: ReceiptBill[] = [];
  const moves: ReceiptMoneyMove[] = [];
  let currency: string | null = null;
  for (const e of state.applied) {
    const m = metaOf(e);
    currency ??= text(m, "currency");
    if (e.eventType === "CONSULTATION_BILLED" || e.eventType === "TESTS_BILLED")
      bills.push(billOf(e, m, state));
    else if (e.eventType === "PAYMENT_RECEIVED" || e.eventType === "PAYMENT_PARTIAL")
      moves.push(moveOf("payment", e, m));
    else if (e.eventType === "PAYMENT_REFUNDED") moves.push(moveOf("refund", e, m));
  }
  return ok({
    clinicName: readSetting(db.sqlite, "clinicName") ?? "Clinic",
    currency: currency ?? readSetting(db.sqlite, "currency") ?? null,
    locale: readSetting(db.sqlite, "locale") ?? null,
    patient: patient
      ? { name: patient.name, patientNumber: patient.patientNumber }
      : { name: "Unknown patient", patientNumber: "—" },
    visit: {
      visitId: args.visitId,
      tokenNumber: state.tokenNumber,
      registeredAt: state.registeredAt,
      doctorName: staffName(state.doctorId),
    },
    bills,
    moves,
    issuedAt: args.now.toISOString(),
    issuedBy: staffName(args.issuedBy) ?? args.issuedBy,
  });
}

/** Bills made at the desk list "consultation"; on paper it starts with a capital like every other line. */
const sentenceCase = (s: string) => s.charAt(0).toLocaleUpperCase("en") + s.slice(1);

/** A bill names what it is for: its listed items, else the tests it bills by name, else its kind. */
function billOf(e: VisitEvent, m: Meta, state: VisitState): ReceiptBill {
  const kind = e.eventType === "CONSULTATION_BILLED" ? "consultation" : "tests";
  const listed = Array.isArray(m.billItems) ? (m.billItems as unknown[]) : [];
  let items = listed.map((item) =>
    typeof item === "string"
      ? { description: sentenceCase(item), amount: null }
      : {
          description: sentenceCase(text(item as Meta, "name") ?? ""),
          amount: number(item as Meta, "amount"),
        },
  );
  if (items.length === 0 && Array.isArray(m.testOrderIds))
    items = (m.testOrderIds as string[]).map((id) => ({
      description: state.tests[id]?.name ?? `Test ${id}`,
      amount: null,
    }));
  if (items.length === 0 && kind === "consultation") items = [{ description: "Consultation", amount: null }];
  return {
    billId: text(m, "billId") ?? e.id,
    kind,
    billedAt: e.performedAt,
    items,
    amount: number(m, "amount"),
    discount: number(m, "discount"),
  };
}

function moveOf(kind: "payment" | "refund", e: VisitEvent, m: Meta): ReceiptMoneyMove {
  return {
    kind,
    billId: text(m, "billId") ?? "",
    at: e.performedAt,
    amount: number(m, "amount"),
    method: text(m, "paymentMethod"),
    reference: text(m, "reference"),
    reason: text(m, "reason"),
  };
}

/** The receipt's PDF bytes, or why there is none. */
export async function makeReceipt(
  db: ClinicDb,
  args: { visitId: string; issuedBy: string; now: Date },
): Promise<Result<Buffer>> {
  const data = gatherReceipt(db, args);
  if (!data.ok) return data;
  return ok(await renderReceipt(data.value));
}

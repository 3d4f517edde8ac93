import { Banknote, Printer, ReceiptText, Undo2 } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import type { OutputOf } from "../../../api/contract.js";
import {
  BillStatusBadge,
  Button,
  FormFooter,
  Panel,
  QueryState,
  SelectField,
  TextField,
  useClinic,
  useClinicQuery,
  useCommandForm,
  useToast,
} from "../../components/index.js";
import { formatLocale, i18n, msg, useT } from "../../i18n/index.js";
import { useAddressedBill } from "../../shell/addresses.js";
import { amountOf, dateTimeOf } from "../shared/format.js";
import { JourneyButton } from "../shared/journey-dialog.js";
import { ReasonDialog } from "../shared/reason-dialog.js";
import { ReceiptPdfButton } from "./receipt-pdf.js";

type Visit = OutputOf<"visitsOfDay">["visits"][number];
type Bill = OutputOf<"bills">["bills"][number];

const methods = [
  { value: "CASH", label: msg("Cash") },
  { value: "CARD", label: msg("Card") },
  { value: "MOBILE_MONEY", label: msg("Mobile money") },
  { value: "INSURANCE", label: msg("Insurance") },
  { value: "BANK_TRANSFER", label: msg("Bank transfer") },
];

const kindWords: Record<string, string> = { consultation: msg("Consultation"), tests: msg("Lab tests") };

export function VisitBilling({ visit }: { visit: Visit }) {
  const t = useT();
  const { money } = useClinic();
  const bills = useClinicQuery("bills", { visitId: visit.visitId });
  const unbilled = useClinicQuery("unbilledTests", { visitId: visit.visitId });
  const all = bills.data?.bills ?? [];
  const who = `${visit.tokenNumber ?? ""} ${visit.patientName ?? ""}`.trim();
  return (
    <div className="hms-stack">
      <Panel
        title={t("Bills of {name}", { name: visit.patientName ?? "" })}
        actions={
          <div className="hms-actions">
            <JourneyButton visitId={visit.visitId} who={who} />
            <Button
              size="small"
              icon={Printer}
              data-next="receipt"
              onClick={() => printReceipt(visit, all, money)}
            >
              {t("Print receipt")}
            </Button>
            <ReceiptPdfButton visitId={visit.visitId} />
          </div>
        }
      >
        <QueryState of={[bills, unbilled]} what="the bills" />
        {(unbilled.data?.tests.length ?? 0) > 0 ? (
          <BillTests visit={visit} unbilled={unbilled.data as OutputOf<"unbilledTests">} />
        ) : null}
        {bills.isSuccess && all.length === 0 ? (
          <p className="hms-muted">{t("No bills on this visit.")}</p>
        ) : null}
        {all.map((b) => (
          <BillCard key={b.billId} bill={b} />
        ))}
      </Panel>
    </div>
  );
}

function BillTests({ visit, unbilled }: { visit: Visit; unbilled: OutputOf<"unbilledTests"> }) {
  const t = useT();
  const { money } = useClinic();
  const notify = useToast();
  const form = useCommandForm("billTests", {
    defaultValues: { amount: unbilled.total ? String(unbilled.total) : "", discount: "" },
    toInput: (f) => ({
      visitId: visit.visitId,
      testOrderIds: unbilled.tests.map((test) => test.testOrderId),
      amount: amountOf(f.amount),
      ...(f.discount.trim() ? { discount: amountOf(f.discount) } : {}),
    }),
    onDone: () => notify(t("Tests billed to {name}", { name: visit.patientName ?? "" })),
  });
  // The catalogue's total may change while the form is open (another test ordered): the amount follows it.
  const { setValue } = form;
  useEffect(() => {
    if (unbilled.total) setValue("amount", String(unbilled.total));
  }, [unbilled.total, setValue]);
  return (
    <form
      className="hms-notice hms-info hms-form"
      onSubmit={form.submit}
      aria-label={t("Bill the ordered tests")}
      noValidate
    >
      <div className="hms-strong">{t("Tests ordered and not billed yet")}</div>
      <ul style={{ margin: 0, paddingInlineStart: 18 }}>
        {unbilled.tests.map((test) => (
          <li key={test.testOrderId}>
            {test.name} — {test.price === null ? t("no catalogue price") : money(test.price)}
          </li>
        ))}
      </ul>
      <div className="hms-form-row">
        <TextField
          label={t("Tests amount")}
          inputMode="decimal"
          {...form.register("amount")}
          error={form.errorOf("amount")}
        />
        <TextField
          label={t("Tests discount")}
          inputMode="decimal"
          {...form.register("discount")}
          error={form.errorOf("discount")}
        />
      </div>
      <FormFooter form={form} label={t("Bill tests")} icon={ReceiptText} />
    </form>
  );
}

function BillCard({ bill }: { bill: Bill }) {
  const t = useT();
  const { money } = useClinic();
  const notify = useToast();
  const [refunding, setRefunding] = useState(false);
  // A bill's own address (#/billing/visit/…/bill/…, from the journey) brings it into view.
  const addressed = useAddressedBill() === bill.billId;
  const card = useRef<HTMLElement>(null);
  useEffect(() => {
    if (addressed) card.current?.scrollIntoView({ block: "nearest" });
  }, [addressed]);
  const kind = kindWords[bill.kind] ?? bill.kind;
  const label = t(kind);

  const pay = useCommandForm("recordPayment", {
    defaultValues: { amount: "", method: "CASH", reference: "" },
    codeFields: {
      PAYMENT_EXCEEDS_BALANCE: "amount",
      PAYMENT_DOES_NOT_SETTLE: "amount",
      PAYMENT_SETTLES_BALANCE: "amount",
    },
    toInput: (f) => ({
      visitId: bill.visitId,
      billId: bill.billId,
      amount: amountOf(f.amount),
      paymentMethod: f.method as "CASH",
      ...(f.reference.trim() ? { reference: f.reference } : {}),
    }),
    onDone: (r, f) => {
      notify(
        r.paidInFull
          ? t("{kind} bill paid in full", { kind: label })
          : t("Payment recorded; {amount} still owed", { amount: money(r.balance) }),
      );
      pay.reset({ ...f, amount: "", reference: "" });
      // Still owed: the next payment is typed here; paid in full: the receipt is what the desk does next.
      if (!r.paidInFull) pay.setFocus("amount");
      else document.querySelector<HTMLButtonElement>("[data-next=receipt]")?.focus();
    },
  });
  const refund = useCommandForm("refundPayment", {
    defaultValues: { amount: "", reason: "" },
    codeFields: { REFUND_EXCEEDS_PAID: "amount" },
    toInput: (f) => ({
      visitId: bill.visitId,
      billId: bill.billId,
      amount: amountOf(f.amount),
      reason: f.reason,
    }),
    onDone: () => {
      notify(t("Refund recorded"));
      setRefunding(false);
      refund.reset();
    },
  });

  return (
    <section
      ref={card}
      className={addressed ? "hms-panel hms-addressed" : "hms-panel"}
      aria-label={t("{kind} bill", { kind: label })}
      aria-current={addressed ? "true" : undefined}
      style={{ boxShadow: "none" }}
    >
      <header>
        <h3>{t("{kind} bill", { kind: label })}</h3>
        <BillStatusBadge status={bill.status} />
        <span className="hms-spacer" />
        <span className="hms-muted">{dateTimeOf(bill.billedAt)}</span>
      </header>
      <div className="hms-panel-body">
        <dl className="hms-facts">
          <div>
            <dt>{t("Items")}</dt>
            <dd>
              {bill.items
                .map((i) => (typeof i === "string" ? i : String((i as { name?: string }).name ?? "")))
                // Registration bills the fee under the English word; it is the desk's word, not the clinic's data.
                .map((name) =>
                  name === "Consultation" && bill.kind === "consultation" ? t("Consultation") : name,
                )
                .join(", ") || "—"}
            </dd>
          </div>
          <div>
            <dt>{t("Amount")}</dt>
            <dd>{money(bill.amount)}</dd>
          </div>
          <div>
            <dt>{t("Discount")}</dt>
            <dd>{money(bill.discount)}</dd>
          </div>
          <div>
            <dt>{t("Paid")}</dt>
            <dd>{money(bill.paid - bill.refunded)}</dd>
          </div>
          <div>
            <dt>{t("Balance")}</dt>
            <dd className="hms-figure">
              <output aria-label={t("{kind} balance", { kind: label })}>{money(bill.balance)}</output>
            </dd>
          </div>
        </dl>
        {bill.balance > 0 ? (
          <form
            className="hms-form"
            onSubmit={pay.submit}
            aria-label={t("Take a payment on the {kind} bill", { kind: label.toLowerCase() })}
            noValidate
          >
            <div className="hms-form-row">
              <TextField
                label={t("Amount received")}
                inputMode="decimal"
                {...pay.register("amount")}
                error={pay.errorOf("amount")}
                hint={t("Owed: {amount}", { amount: money(bill.balance) })}
              />
              <SelectField
                label={t("Paid by")}
                {...pay.register("method")}
                options={methods.map((m) => ({ ...m, label: t(m.label) }))}
              />
              <TextField
                label={t("Reference")}
                {...pay.register("reference")}
                error={pay.errorOf("reference")}
              />
            </div>
            <FormFooter form={pay} label={t("Take payment")} icon={Banknote}>
              <Button onClick={() => pay.setValue("amount", String(bill.balance))}>
                {t("Whole balance")}
              </Button>
            </FormFooter>
          </form>
        ) : null}
        {bill.paid - bill.refunded > 0 ? (
          <div className="hms-actions">
            <Button size="small" variant="danger" icon={Undo2} onClick={() => setRefunding(true)}>
              {t("Refund…")}
            </Button>
          </div>
        ) : null}
      </div>
      <ReasonDialog
        open={refunding}
        title={t("Refund on the {kind} bill", { kind: label.toLowerCase() })}
        confirm={t("Record refund")}
        onClose={() => setRefunding(false)}
        form={refund}
      >
        <TextField
          label={t("Refund amount")}
          inputMode="decimal"
          {...refund.register("amount")}
          error={refund.errorOf("amount")}
          hint={t("Paid: {amount}", { amount: money(bill.paid - bill.refunded) })}
        />
      </ReasonDialog>
    </section>
  );
}

/** A plain receipt in a print window: the clinic keeps no copy but the events themselves. */
function printReceipt(visit: Visit, bills: readonly Bill[], money: (n: number) => string) {
  const w = window.open("", "_blank", "width=420,height=600");
  if (!w) return;
  const doc = w.document;
  const t = i18n.t;
  doc.documentElement.lang = document.documentElement.lang;
  doc.documentElement.dir = document.documentElement.dir;
  doc.title = t("Receipt {token}", { token: visit.tokenNumber ?? "" });
  const add = (tag: string, text: string, parent: HTMLElement = doc.body) => {
    const el = doc.createElement(tag);
    el.textContent = text;
    parent.appendChild(el);
    return el;
  };
  doc.body.style.fontFamily = "system-ui, sans-serif";
  add("h2", t("Receipt"));
  add(
    "p",
    t("{name} ({number}) — token {token}", {
      name: visit.patientName ?? "",
      number: visit.patientNumber ?? "",
      token: visit.tokenNumber ?? "",
    }),
  );
  add("p", new Date().toLocaleString(formatLocale()));
  const table = doc.createElement("table");
  doc.body.appendChild(table);
  for (const b of bills) {
    const row = doc.createElement("tr");
    add("td", t(kindWords[b.kind] ?? b.kind), row);
    add(
      "td",
      t("billed {billed}, paid {paid}, owed {owed}", {
        billed: money(b.amount - b.discount),
        paid: money(b.paid - b.refunded),
        owed: money(b.balance),
      }),
      row,
    );
    table.appendChild(row);
  }
  const total = bills.reduce((s, b) => s + b.balance, 0);
  add("p", t("Balance owed: {amount}", { amount: money(total) }));
  w.print();
}

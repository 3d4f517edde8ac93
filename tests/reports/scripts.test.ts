import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeLabReport } from "../../reports/lab-report-file.js";
import { makeReceipt } from "../../reports/receipt-file.js";
import { type Clinic, makeClinic, must } from "../support/temp-db.js";
import { embeddedFonts, type Line, overlapping, readPdf } from "./pdf-reading.js";
import { patientNamed, visitWithApprovedTest, visitWithMoney } from "./visit-fixtures.js";

// Names in four scripts go into a real clinic file, and the lab report and the receipt drawn from it give each name
// back. What is compared is the text of the line that holds the name, as pdf.js reads it from the document's
// structure (each line's ActualText). For Arabic this is the only faithful reading: the glyphs are drawn right to left
// in their joined forms, and one glyph stands for several letters (ر and ز share a shape and differ by a dot), so
// text taken from the glyphs alone is in visual order and loses letters. The comparison is in logical order (as
// typed) after NFC normalisation, so a name typed with decomposed accents matches its composed form. For Latin and
// Chinese the glyphs map one to one to letters, so the glyph text is checked too.

const names = {
  latin: "Zoë Ñúñez-Łukasiewicz",
  arabic: "فاطمة الزهراء",
  devanagari: "अनन्या क्षत्रिय",
  cjk: "王小明",
};

let clinic: Clinic;
const labReports = new Map<string, Buffer>();
const receipts = new Map<string, Buffer>();

beforeAll(async () => {
  clinic = makeClinic();
  for (const [script, name] of Object.entries(names)) {
    const patientId = patientNamed(clinic, name);
    visitWithApprovedTest(clinic, { visitId: `L-${script}`, patientId });
    const stored = must(
      await writeLabReport(clinic.db, {
        visitId: `L-${script}`,
        testOrderId: "t1",
        generatedBy: clinic.lab.id,
        now: new Date("2026-11-02T10:00:00Z"),
      }),
    );
    labReports.set(script, readFileSync(join(clinic.dir, stored.reportUrl)));
    visitWithMoney(clinic, { visitId: `R-${script}`, patientId });
    receipts.set(
      script,
      must(
        await makeReceipt(clinic.db, {
          visitId: `R-${script}`,
          issuedBy: clinic.reception.id,
          now: new Date(),
        }),
      ),
    );
  }
}, 120_000);
afterAll(() => clinic?.close());

const lineWith = (lines: Line[], text: string) =>
  lines.find((l) => l.text.normalize("NFC") === text.normalize("NFC"));

describe.each([
  ["lab report", labReports],
  ["receipt", receipts],
])("the %s", (_, documents) => {
  it.each(Object.entries(names))(
    "gives the %s name back as typed, on a line of its own",
    async (script, name) => {
      const [first] = await readPdf(documents.get(script) as Buffer);
      const line = lineWith(first?.lines ?? [], name);
      expect(line, `no line reads ${name}`).toBeDefined();
      if (script === "latin" || script === "cjk") expect(line?.glyphText).toBe(name);
      // pdf.js sees right-to-left glyphs for the Arabic name only.
      expect(line?.rtl).toBe(script === "arabic");
      expect(first ? overlapping(first) : []).toEqual([]);
    },
  );

  it("embeds the font of each script it draws, and only a subset of it", () => {
    const fontOf = {
      latin: "NotoSans-Regular",
      arabic: "NotoSansArabic-Regular",
      devanagari: "NotoSansDevanagari-Regular",
      cjk: "NotoSansSC-Regular",
    };
    for (const [script, font] of Object.entries(fontOf))
      expect(embeddedFonts(documents.get(script) as Buffer)).toEqual(
        expect.arrayContaining(["NotoSans-Regular", font]),
      );
    // The Chinese font file is 10 MB; a document with three of its characters stays small.
    for (const bytes of documents.values()) expect(bytes.length).toBeLessThan(120_000);
  });
});

describe("the receipt's money", () => {
  it("names what each bill is for and states payments, refunds and the balance in the clinic's currency", async () => {
    const pages = await readPdf(receipts.get("latin") as Buffer);
    // Lines in drawing order: a row's cells left to right, a wrapped cell's lines one after the other.
    // Money is written by Intl, with a no-break space between the currency code and the amount.
    const text = pages
      .flatMap((p) => p.lines.map((l) => l.text))
      .join(" ")
      .replace(/\u00a0/g, " ");
    for (const row of [
      "Consultation KES 500.00",
      "Full blood count Malaria rapid test Lab tests, total KES 350.00",
      "Discount on lab tests −KES 50.00",
      "Mobile money · QK7H2LX9 KES 200.00",
      "Refund: Cash · Charged twice for the needle −KES 20.00",
      "Billed, after discounts KES 800.00",
      "Paid KES 700.00",
      "Refunded KES 20.00",
      // 500 + 350 - 50 billed, 700 paid, 20 refunded.
      "Balance owed KES 120.00",
    ])
      expect(text).toContain(row);
  });
});

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { writeLabReport } from "../../reports/lab-report-file.js";
import { makeReceipt } from "../../reports/receipt-file.js";
import { type Clinic, makeClinic, must } from "../support/temp-db.js";
import { overlapping, type ReadPage, readPdf } from "./pdf-reading.js";
import { type Analyte, patientNamed, visitWithApprovedTest, visitWithMoney } from "./visit-fixtures.js";

// Layout as a reader checks it: no line drawn over another on any page, nothing past the margins, long values
// wrapped and complete, a long results table carried over pages with its header, an estimated birth date as an age.

let clinic: Clinic;
afterEach(() => clinic?.close());

// The longest visit id the store accepts (100 characters) and the longest name registration accepts (200).
const longVisitId = `V-${"01JDXZ7Q8M4K2R9T5V3W6Y1A0B".repeat(4)}`.slice(0, 100);
const longName = `${"Zoë Ñúñez-Łukasiewicz فاطمة الزهراء अनन्या क्षत्रिय 王小明 ".repeat(4)}`
  .trim()
  .slice(0, 200);

async function labReport(c: Clinic, visitId: string, now = new Date("2026-11-02T10:00:00Z")) {
  const stored = must(await writeLabReport(c.db, { visitId, testOrderId: "t1", generatedBy: c.lab.id, now }));
  return readFileSync(join(c.dir, stored.reportUrl));
}

function expectTidy(pages: ReadPage[], margin: number) {
  for (const [n, page] of pages.entries()) {
    expect(overlapping(page), `lines drawn over each other on page ${n + 1}`).toEqual([]);
    const outside = page.lines.filter((line) =>
      line.boxes.some(
        (b) =>
          b.left < margin - 1 || b.right > page.width - margin + 1 || b.bottom < 0 || b.top > page.height,
      ),
    );
    expect(
      outside.map((l) => l.text),
      `lines outside the page's margins on page ${n + 1}`,
    ).toEqual([]);
  }
}

describe("lab report layout", () => {
  it("wraps a long visit id, a long name and test name, and carries 90 results over pages with their header", async () => {
    clinic = makeClinic();
    const results: Analyte[] = Array.from({ length: 90 }, (_, i) => ({
      analyte:
        i % 9 === 4
          ? `Analyte ${i + 1} with a long descriptive name, ناقلة أمين الألانين`
          : `Analyte ${i + 1}`,
      value: i % 5 === 0 ? 2.1 : 5.5,
      unit: "mmol/L",
      referenceLow: 3,
      referenceHigh: 7,
    }));
    const patientId = patientNamed(clinic, longName);
    visitWithApprovedTest(clinic, {
      visitId: longVisitId,
      patientId,
      testName: "Comprehensive metabolic panel with lipid profile, thyroid function and vitamin D (25-OH)",
      results,
    });
    const pages = await readPdf(await labReport(clinic, longVisitId));
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expectTidy(pages, 50);

    const all = pages.flatMap((p) => p.lines.map((l) => l.text));
    // The visit's value wraps over lines; put back together it is whole, and the label after it is untouched.
    expect(all.join("").replace(/\s/g, "")).toContain(`A-001(${longVisitId})`);
    expect(all).toContain("TEST");
    // The name wraps where a line may break (at spaces, and between Chinese characters); all of it is there in order.
    expect(all.join("").replace(/\s/g, "")).toContain(longName.replace(/\s/g, ""));

    // Each page that holds results starts its table with the header row.
    const withRows = pages.filter((p) => p.lines.some((l) => /^Analyte \d+/.test(l.text)));
    expect(withRows.length).toBeGreaterThanOrEqual(2);
    for (const page of withRows) expect(page.lines.map((l) => l.text)).toContain("Reference range");
    // Every result is printed once.
    for (const i of [1, 45, 90])
      expect(all.filter((t) => t === `Analyte ${i}` || t.startsWith(`Analyte ${i} `))).toHaveLength(1);
    expect(pages.at(-1)?.lines.map((l) => l.text)).toContain(`Page ${pages.length} of ${pages.length}`);
  });

  it("prints a birth date estimated from an age as the age, and an exact one as the date", async () => {
    clinic = makeClinic();
    const estimated = patientNamed(clinic, "Amani Said", {
      dateOfBirth: "1998-11-02",
      dateOfBirthEstimated: true,
    });
    const exact = patientNamed(clinic, "Baraka Otieno", { dateOfBirth: "1998-11-02" });
    visitWithApprovedTest(clinic, { visitId: "V-est", patientId: estimated });
    visitWithApprovedTest(clinic, { visitId: "V-exact", patientId: exact });

    const [est] = await readPdf(await labReport(clinic, "V-est"));
    const estText = est?.lines.map((l) => l.text) ?? [];
    expect(estText).toEqual(expect.arrayContaining(["AGE", "about 28 years"]));
    expect(estText.join(" ")).not.toContain("1998");

    const [ex] = await readPdf(await labReport(clinic, "V-exact"));
    expect(ex?.lines.map((l) => l.text)).toEqual(
      expect.arrayContaining(["DATE OF BIRTH", "1998-11-02 (28 years)"]),
    );
  });
});

describe("receipt layout", () => {
  it("keeps a long name and visit id inside the page, with no line over another", async () => {
    clinic = makeClinic();
    const patientId = patientNamed(clinic, longName);
    visitWithMoney(clinic, { visitId: longVisitId, patientId });
    const pages = await readPdf(
      must(
        await makeReceipt(clinic.db, {
          visitId: longVisitId,
          issuedBy: clinic.reception.id,
          now: new Date(),
        }),
      ),
    );
    expectTidy(pages, 36);
    expect(pages[0]?.width).toBeCloseTo(419.53, 1); // A5
  });
});

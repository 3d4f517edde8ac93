import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { renderLabReport } from "./lab-report-pdf.js";
import { renderReceipt } from "./receipt-pdf.js";

// Pictures of the first page of a lab report and of a receipt, for the docs: `npm run screenshots:pdf` writes
// docs/screenshots/lab-report-scripts.png and receipt-scripts.png. The sample names are in Latin with diacritics,
// Arabic, Devanagari and Chinese, the visit id is long, and the birth date was estimated from an age. Pages are
// rasterised by poppler's pdftoppm (Debian: apt-get install poppler-utils).

const visitId = "visit_01JDXZ7Q8M4K2R9T5V3W6Y1A0B-follow-up-of-visit_01JDWQ3E5R7T9Y1U3I5O7P9A2S";

export const sampleLabReport = () =>
  renderLabReport({
    clinicName: "Riverside Clinic",
    patient: {
      name: "فاطمة الزهراء",
      patientNumber: "P-7F3A-00012",
      sex: "female",
      dateOfBirth: "1998-11-02",
      dateOfBirthEstimated: true,
    },
    visit: { visitId, tokenNumber: "A-014", doctorName: "Dr अनन्या क्षत्रिय" },
    test: {
      testOrderId: "test_01JDXZ9B",
      name: "Full blood count (血常规)",
      priority: "urgent",
      collectedAt: "2026-11-02T08:10:00Z",
      completedAt: "2026-11-02T09:40:00Z",
      reviewedBy: "王小明",
      approvedBy: "Zoë Ñúñez-Łukasiewicz",
      approvedAt: "2026-11-02T10:00:00Z",
      amendedCount: 0,
    },
    results: [
      { analyte: "Haemoglobin", value: 9.1, unit: "g/dL", referenceLow: 12, referenceHigh: 16 },
      { analyte: "White cells", value: 6.2, unit: "10^9/L", referenceLow: 4, referenceHigh: 11 },
      { analyte: "Platelets", value: 480, unit: "10^9/L", referenceLow: 150, referenceHigh: 400 },
      { analyte: "Haematocrit", value: 0.31, unit: "L/L", referenceLow: 0.36, referenceHigh: 0.46 },
      { analyte: "Mean cell volume (MCV)", value: 71, unit: "fL", referenceLow: 80, referenceHigh: 100 },
      { analyte: "Plasmodium antigen", value: "Negative", referenceRange: "Negative" },
    ],
    generatedAt: "2026-11-02T10:05:00Z",
    generatedBy: "Zoë Ñúñez-Łukasiewicz",
  });

export const sampleReceipt = () =>
  renderReceipt({
    clinicName: "Riverside Clinic",
    currency: "KES",
    locale: "en-KE",
    patient: { name: "अनन्या क्षत्रिय", patientNumber: "P-7F3A-00013" },
    visit: {
      visitId,
      tokenNumber: "A-015",
      registeredAt: "2026-11-02T08:00:00Z",
      doctorName: "Dr فاطمة الزهراء",
    },
    bills: [
      {
        billId: "bill_1",
        kind: "consultation",
        billedAt: "2026-11-02T08:01:00Z",
        items: [{ description: "Consultation", amount: null }],
        amount: 500,
        discount: 0,
      },
      {
        billId: "bill_2",
        kind: "tests",
        billedAt: "2026-11-02T09:00:00Z",
        items: [
          { description: "Full blood count (血常规)", amount: 250 },
          { description: "Malaria rapid test", amount: 100 },
        ],
        amount: 350,
        discount: 50,
      },
    ],
    moves: [
      {
        kind: "payment",
        billId: "bill_1",
        at: "2026-11-02T08:02:00Z",
        amount: 500,
        method: "CASH",
        reference: null,
        reason: null,
      },
      {
        kind: "payment",
        billId: "bill_2",
        at: "2026-11-02T09:05:00Z",
        amount: 200,
        method: "MOBILE_MONEY",
        reference: "QK7H2LX9",
        reason: null,
      },
      {
        kind: "refund",
        billId: "bill_2",
        at: "2026-11-02T09:30:00Z",
        amount: 20,
        method: "CASH",
        reason: "Charged twice for the needle",
        reference: null,
      },
    ],
    issuedAt: "2026-11-02T10:05:00Z",
    issuedBy: "王小明",
  });

/** Draws both samples and writes the first page of each as a PNG into `folder`. */
export async function writePdfScreenshots(folder: string): Promise<string[]> {
  const work = mkdtempSync(join(tmpdir(), "hms-pdf-shots-"));
  try {
    const written: string[] = [];
    for (const [name, render] of [
      ["lab-report-scripts", sampleLabReport],
      ["receipt-scripts", sampleReceipt],
    ] as const) {
      const pdf = join(work, `${name}.pdf`);
      writeFileSync(pdf, await render());
      execFileSync("pdftoppm", [
        "-png",
        "-r",
        "80",
        "-f",
        "1",
        "-l",
        "1",
        "-singlefile",
        pdf,
        join(work, name),
      ]);
      const out = join(folder, `${name}.png`);
      copyFileSync(join(work, `${name}.png`), out);
      written.push(out);
    }
    return written;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const folder = join(dirname(fileURLToPath(import.meta.url)), "..", "docs", "screenshots");
  writePdfScreenshots(folder).then(
    (files) => console.log(`Wrote ${files.join(" and ")}`),
    (err: Error) => {
      console.error(
        (err as NodeJS.ErrnoException).code === "ENOENT"
          ? "pdftoppm was not found: install poppler-utils (Debian: apt-get install poppler-utils)."
          : err,
      );
      process.exitCode = 1;
    },
  );
}

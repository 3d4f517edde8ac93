import { birthText } from "./birth-text.js";
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
import { flagOf, flagWords, type ResultFlag, rangeText } from "./result-flag.js";
import { isolate } from "./script-runs.js";

// Draws one lab report as a PDF. Pure apart from pdfkit itself: the data comes in, the bytes go out; gathering the
// data and storing the file is lab-report-file.ts's job. Names and results may be in any script (see pdf-text.ts).

export interface LabReportResult {
  analyte: string;
  value: number | string;
  unit?: string | undefined;
  referenceLow?: number | undefined;
  referenceHigh?: number | undefined;
  referenceRange?: string | undefined;
  flag?: ResultFlag | undefined;
}

export interface LabReportData {
  clinicName: string;
  patient: {
    name: string;
    patientNumber: string;
    sex: string;
    dateOfBirth: string | null;
    /** The desk typed an age and the birth date was worked out from it. */
    dateOfBirthEstimated: boolean;
  };
  visit: { visitId: string; tokenNumber: string | null; doctorName: string | null };
  test: {
    testOrderId: string;
    name: string;
    priority: string;
    collectedAt: string | null;
    completedAt: string | null;
    reviewedBy: string | null;
    approvedBy: string | null;
    approvedAt: string | null;
    amendedCount: number;
  };
  results: LabReportResult[];
  generatedAt: string;
  generatedBy: string;
}

const sexWords: Record<string, string> = {
  female: "Female",
  male: "Male",
  other: "Other",
  unknown: "Unknown",
};

export function renderLabReport(data: LabReportData): Promise<Buffer> {
  const page = newPage({
    size: "A4",
    margin: 50,
    info: {
      Title: `Lab report ${data.test.name} – ${data.patient.name}`,
      Author: data.clinicName,
      Subject: `Test order ${data.test.testOrderId}`,
    },
    footer: `${data.clinicName || "Clinic"} · Lab report of ${isolate(data.patient.name)} · ${data.patient.patientNumber} · test order ${data.test.testOrderId}`,
  });
  const { doc, left, width } = page;

  page.y += page.text.draw(data.clinicName || "Clinic", left, page.y, width, {
    size: 20,
    weight: "bold",
    color: accent,
  });
  page.y += page.text.draw("Laboratory report", left, page.y, width, { size: 11, color: faint }) + 6;
  doc
    .moveTo(left, page.y)
    .lineTo(left + width, page.y)
    .strokeColor(accent)
    .lineWidth(1.5)
    .stroke();
  page.y += 12;

  const visit = data.visit.tokenNumber
    ? `${data.visit.tokenNumber} (${data.visit.visitId})`
    : data.visit.visitId;
  factsGrid(page, [
    ["Patient", data.patient.name],
    ["Patient number", data.patient.patientNumber],
    ["Sex", sexWords[data.patient.sex] ?? data.patient.sex],
    [
      data.patient.dateOfBirthEstimated ? "Age" : "Date of birth",
      birthText(data.patient.dateOfBirth, data.patient.dateOfBirthEstimated, data.generatedAt),
    ],
    ["Visit", visit],
    ["Requested by", data.visit.doctorName ?? "—"],
    ["Test", data.test.name],
    ["Priority", data.test.priority],
    ["Sample collected", when(data.test.collectedAt)],
    ["Completed", when(data.test.completedAt)],
  ]);
  page.y += 10;

  heading(page, "Results", 60);
  const rows = data.results.map((r) => {
    const flag = flagOf(r);
    const out = flag !== undefined && flag !== "normal";
    const colour = out ? danger : ink;
    return [
      { text: r.analyte },
      { text: String(r.value), color: colour, bold: out },
      { text: r.unit ?? "" },
      { text: rangeText(r) },
      { text: flag ? flagWords[flag] : "", color: colour, bold: out },
    ];
  });
  table(
    page,
    [
      { header: "Analyte", width: "*" },
      { header: "Result", width: 80 },
      { header: "Unit", width: 60 },
      { header: "Reference range", width: 100 },
      { header: "Flag", width: 60 },
    ],
    rows,
    `Results of ${data.test.name}, continued`,
  );
  page.y += 14;

  if (data.test.amendedCount > 0) {
    paragraph(
      page,
      `Amended report: the results were corrected ${data.test.amendedCount} time(s) after approval. This report replaces earlier ones.`,
      { weight: "bold", color: danger, size: 10 },
    );
    page.y += 8;
  }
  paragraph(page, `Reviewed by: ${isolate(data.test.reviewedBy ?? "—")}`, { size: 10 });
  paragraph(page, `Approved by: ${isolate(data.test.approvedBy ?? "—")} on ${when(data.test.approvedAt)}`, {
    size: 10,
  });
  page.y += 8;
  paragraph(
    page,
    `Generated ${when(data.generatedAt)} by ${isolate(data.generatedBy)}. Values outside the reference range are shown in bold.`,
    { size: 8, color: faint },
  );
  return page.finish();
}

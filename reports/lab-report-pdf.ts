import PDFDocument from "pdfkit";
import { flagOf, flagWords, type ResultFlag, rangeText } from "./result-flag.js";

// Draws one lab report as a PDF with pdfkit. Pure apart from pdfkit itself: the data comes in, the bytes go out;
// gathering the data and storing the file is lab-report-file.ts's job.

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
  patient: { name: string; patientNumber: string; sex: string; dateOfBirth: string | null };
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

const ink = "#1e293b";
const faint = "#64748b";
const accent = "#0f766e";
const danger = "#b91c1c";

const when = (iso: string | null) => (iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : "—");

/** Standard PDF fonts only know Latin-1; anything else is replaced rather than drawn as garbage. */
const latin1 = (s: string) =>
  s
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the range is all of Latin-1, control characters included
    .replace(/[^\u0000-\u00ff–—≤≥]/g, "?")
    .replace(/≤/g, "<=")
    .replace(/≥/g, ">=");

export function renderLabReport(data: LabReportData): Promise<Buffer> {
  const doc = new PDFDocument({
    size: "A4",
    margin: 50,
    info: {
      Title: `Lab report ${data.test.name} – ${data.patient.name}`,
      Author: data.clinicName,
      Subject: `Test order ${data.test.testOrderId}`,
    },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;

  doc
    .fillColor(accent)
    .font("Helvetica-Bold")
    .fontSize(20)
    .text(latin1(data.clinicName || "Clinic"), left, 50);
  doc.fillColor(faint).font("Helvetica").fontSize(11).text("Laboratory report", { continued: false });
  doc
    .moveTo(left, doc.y + 8)
    .lineTo(left + width, doc.y + 8)
    .strokeColor(accent)
    .lineWidth(1.5)
    .stroke();
  doc.moveDown(1.2);

  const facts: [string, string][] = [
    ["Patient", latin1(data.patient.name)],
    ["Patient number", data.patient.patientNumber],
    ["Sex", data.patient.sex],
    ["Date of birth", data.patient.dateOfBirth ?? "—"],
    ["Visit", `${data.visit.tokenNumber ?? ""} (${data.visit.visitId})`.trim()],
    ["Requested by", latin1(data.visit.doctorName ?? "—")],
    ["Test", latin1(data.test.name)],
    ["Priority", data.test.priority],
    ["Sample collected", when(data.test.collectedAt)],
    ["Completed", when(data.test.completedAt)],
  ];
  const top = doc.y;
  const colWidth = width / 2;
  facts.forEach(([label, value], i) => {
    const x = left + (i % 2) * colWidth;
    const y = top + Math.floor(i / 2) * 30;
    doc
      .fillColor(faint)
      .font("Helvetica")
      .fontSize(8)
      .text(label.toUpperCase(), x, y, { width: colWidth - 10 });
    doc
      .fillColor(ink)
      .font("Helvetica")
      .fontSize(11)
      .text(value, x, y + 10, { width: colWidth - 10 });
  });
  doc.x = left;
  doc.y = top + Math.ceil(facts.length / 2) * 30 + 12;

  doc.fillColor(ink).font("Helvetica-Bold").fontSize(13).text("Results", left, doc.y);
  doc.moveDown(0.4);

  const header = ["Analyte", "Result", "Unit", "Reference range", "Flag"].map((text) => ({
    text,
    type: "TH" as const,
    font: { src: "Helvetica-Bold", size: 10 },
    backgroundColor: "#f1f5f9",
    textColor: faint,
  }));
  const rows = data.results.map((r) => {
    const flag = flagOf(r);
    const out = flag && flag !== "normal";
    const colour = out ? danger : ink;
    const font = { src: out ? "Helvetica-Bold" : "Helvetica", size: 10 };
    return [
      { text: latin1(r.analyte), textColor: ink, font: { src: "Helvetica", size: 10 } },
      { text: latin1(String(r.value)), textColor: colour, font },
      { text: latin1(r.unit ?? ""), textColor: ink, font: { src: "Helvetica", size: 10 } },
      { text: latin1(rangeText(r)), textColor: ink, font: { src: "Helvetica", size: 10 } },
      { text: flag ? flagWords[flag] : "", textColor: colour, font },
    ];
  });
  doc.table({
    position: { x: left, y: doc.y },
    maxWidth: width,
    columnStyles: ["*", 80, 60, 110, 60],
    defaultStyle: { border: { bottom: 0.5 }, borderColor: "#e2e8f0", padding: [5, 6, 5, 6] },
    data: [header, ...rows],
  });
  doc.x = left;
  doc.moveDown(1.2);

  if (data.test.amendedCount > 0)
    doc
      .fillColor(danger)
      .font("Helvetica-Bold")
      .fontSize(10)
      .text(
        `Amended report: the results were corrected ${data.test.amendedCount} time(s) after approval. This report replaces earlier ones.`,
        left,
        doc.y,
        { width },
      )
      .moveDown(0.6);

  doc
    .fillColor(ink)
    .font("Helvetica")
    .fontSize(10)
    .text(`Reviewed by: ${latin1(data.test.reviewedBy ?? "—")}`, left, doc.y, { width })
    .text(`Approved by: ${latin1(data.test.approvedBy ?? "—")} on ${when(data.test.approvedAt)}`, { width })
    .moveDown(0.6)
    .fillColor(faint)
    .fontSize(8)
    .text(
      `Generated ${when(data.generatedAt)} by ${latin1(data.generatedBy)}. Test order ${data.test.testOrderId}. ` +
        "Values outside the reference range are shown in bold.",
      { width },
    );

  doc.end();
  return done;
}

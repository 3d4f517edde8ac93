import { createHash } from "node:crypto";
import { mkdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { readSetting } from "../db/clinic-settings.js";
import type { ClinicDb } from "../db/open.js";
import { getPatient } from "../db/patients.js";
import { staffName } from "../db/staff.js";
import { orderedTest } from "../db/test-orders.js";
import { visitFacts } from "../db/visits.js";
import { fail, ok, type Result, refuse } from "../domain/refusal.js";
import { writeDurably } from "./durable-write.js";
import { type LabReportData, type LabReportResult, renderLabReport } from "./lab-report-pdf.js";

// Makes a test's report as a real PDF and stores it with the visit's documents, in the data folder beside the
// database: documents/<visitId>/lab-report-<testOrderId>-<time>.pdf. The file is written to a temporary name,
// flushed to disk and then renamed, so a crash never leaves half a report under the real name. REPORT_GENERATED then
// carries the path (relative to the data folder), the size and the SHA-256 of exactly these bytes.

export interface StoredReport {
  /** Relative to the data folder, with forward slashes: what REPORT_GENERATED's reportUrl holds. */
  reportUrl: string;
  fileSize: number;
  sha256: string;
}

export const dataFolderOf = (db: ClinicDb): string => dirname(resolve(db.path));

export async function writeLabReport(
  db: ClinicDb,
  args: { visitId: string; testOrderId: string; generatedBy: string; now: Date },
): Promise<Result<StoredReport>> {
  const data = gather(db, args);
  if (!data.ok) return data;
  const bytes = await renderLabReport(data.value);
  const stamp = args.now.toISOString().replace(/[-:]/g, "").replace(/\..*$/, "");
  const folder = join(dataFolderOf(db), "documents", safeName(args.visitId));
  const file = join(folder, `lab-report-${safeName(args.testOrderId)}-${stamp}.pdf`);
  mkdirSync(folder, { recursive: true });
  writeDurably(file, bytes);
  return ok({
    reportUrl: relative(dataFolderOf(db), file).split(sep).join("/"),
    fileSize: bytes.length,
    sha256: createHash("sha256").update(bytes).digest("hex"),
  });
}

/** Reads a stored report back for the screen, refusing paths that lead outside the documents folder. */
export function readStoredReport(db: ClinicDb, reportUrl: string): Result<Buffer> {
  const root = join(dataFolderOf(db), "documents");
  const path = resolve(dataFolderOf(db), reportUrl);
  if (!path.startsWith(root + sep))
    return fail(refuse("DOCUMENT_NOT_FOUND", "That report is not in this clinic's documents."));
  try {
    return ok(readFileSync(path));
  } catch {
    return fail(refuse("DOCUMENT_NOT_FOUND", `The report file ${reportUrl} is not on this workstation.`));
  }
}

/** Ids are ULIDs or similar; anything else is made safe for a file name rather than trusted. */
const safeName = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, "_");

function gather(
  db: ClinicDb,
  args: { visitId: string; testOrderId: string; generatedBy: string; now: Date },
): Result<LabReportData> {
  const test = orderedTest(db, args.visitId, args.testOrderId);
  if (!test) return fail(refuse("TEST_NOT_FOUND", `Test ${args.testOrderId} was not ordered on this visit.`));
  if (test.status !== "approved")
    return fail(
      refuse(
        "TEST_WRONG_STATUS",
        `The report of ${test.name ?? args.testOrderId} cannot be made: its result is ${test.status.replace("_", " ")}, not approved.`,
      ),
    );
  const visit = visitFacts(db, args.visitId);
  if (!visit) return fail(refuse("VISIT_NOT_FOUND", `There is no registered visit ${args.visitId}.`));
  const patient = visit.patientId ? getPatient(db, visit.patientId) : undefined;
  const nameOf = (id: string | null) => (id ? (staffName(db, id) ?? id) : null);
  return ok({
    clinicName: readSetting(db.sqlite, "clinicName") ?? "Clinic",
    patient: patient ?? {
      name: "Unknown patient",
      patientNumber: "—",
      sex: "unknown",
      dateOfBirth: null,
      dateOfBirthEstimated: false,
    },
    visit: { visitId: args.visitId, tokenNumber: visit.tokenNumber, doctorName: nameOf(visit.doctorId) },
    test: {
      testOrderId: args.testOrderId,
      name: test.name ?? args.testOrderId,
      priority: test.priority,
      collectedAt: test.collectedAt,
      completedAt: test.completedAt,
      reviewedBy: nameOf(test.reviewedBy),
      approvedBy: nameOf(test.approvedBy),
      approvedAt: test.approvedAt,
      amendedCount: test.amendedCount,
    },
    results: test.results ? (JSON.parse(test.results) as LabReportResult[]) : [],
    generatedAt: args.now.toISOString(),
    generatedBy: nameOf(args.generatedBy) ?? args.generatedBy,
  });
}

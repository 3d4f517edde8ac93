import { billedTestOrderIds } from "../../db/bills.js";
import { followUpsDueBy } from "../../db/follow-ups.js";
import { likelyDuplicates } from "../../db/patients.js";
import { orderedTest, testsOfVisit } from "../../db/test-orders.js";
import { latestLabReport } from "../../db/visit-documents.js";
import { waitingRoom } from "../../db/waiting-display.js";
import { readStoredReport, writeLabReport } from "../../reports/lab-report-file.js";
import {
  readCatalogue,
  readPreferences,
  saveCatalogueTest,
  writePreferences,
} from "../clinic-preferences.js";
import type { AreaHandlers, HandlerResult, StaffContext } from "../handler.js";
import { done, refused } from "../handler.js";
import { localDayRange } from "../local-day.js";
import { type Recorded, recordStep } from "../record.js";
import { cannotSign, sessionSigner, signWrittenChanges } from "../record-signing.js";
import { readSettings } from "../settings.js";
import type { clinicChannels } from "./clinic.js";

export const clinicHandlers: AreaHandlers<typeof clinicChannels> = {
  testCatalogue: (input, ctx) =>
    done({ tests: readCatalogue(ctx.db).filter((t) => input.includeInactive || t.active) }),

  saveCatalogueTest: (input, ctx) => {
    const signer = sessionSigner(ctx);
    if (!signer) return cannotSign();
    const tests = saveCatalogueTest(ctx.db, input);
    signWrittenChanges(ctx, signer);
    return done({ tests });
  },

  clinicPreferences: (_input, ctx) => {
    const s = readSettings(ctx.db);
    return done({ clinicName: s.clinicName, currency: s.currency, ...readPreferences(ctx.db) });
  },

  updateClinicPreferences: (input, ctx) => {
    const signer = sessionSigner(ctx);
    if (!signer) return cannotSign();
    const p = writePreferences(ctx.db, input);
    signWrittenChanges(ctx, signer);
    const s = readSettings(ctx.db);
    return done({ clinicName: s.clinicName, currency: s.currency, ...p });
  },

  possibleDuplicates(input, ctx) {
    // The same rule the registration itself applies (domain/duplicate-patients.ts), asked while the desk types.
    const candidates = likelyDuplicates(
      ctx.db,
      {
        name: input.name,
        dateOfBirth: input.dateOfBirth ?? null,
        dateOfBirthEstimated: Boolean(input.dateOfBirthEstimated),
        phone: input.phone ?? null,
      },
      ctx.now().toISOString().slice(0, 10),
    );
    return done({ patients: candidates.map(({ reason, why: _why, ...p }) => ({ ...p, why: reason })) });
  },

  waitingDisplay(_input, ctx) {
    const { calling, waiting } = waitingRoom(ctx.db);
    return done({ clinicName: readSettings(ctx.db).clinicName, calling, waiting } as never);
  },

  followUpsDue(input, ctx) {
    const now = ctx.now();
    const until = input.until ?? localDayRange(undefined, new Date(now.getTime() + 7 * 86_400_000)).date;
    const rows = followUpsDueBy(ctx.db, until);
    return done({ followUps: rows as never });
  },

  unbilledTests(input, ctx) {
    const tests = testsOfVisit(ctx.db, input.visitId);
    const billed = billedTestOrderIds(ctx.db, input.visitId);
    const prices = new Map(readCatalogue(ctx.db).map((t) => [t.name.toLowerCase(), t.price]));
    const open = tests
      .filter((t) => !billed.has(t.testOrderId))
      .map((t) => ({ ...t, price: prices.get((t.name ?? "").toLowerCase()) ?? null }));
    const total = Math.round(open.reduce((sum, t) => sum + (t.price ?? 0), 0) * 100) / 100;
    return done({ tests: open, total });
  },

  labReportFile(input, ctx) {
    // Every report ever made stays readable (an amended result's earlier report is part of the record), so the file
    // is found through the REPORT_GENERATED events rather than the test's current state.
    const row = latestLabReport(ctx.db, input.visitId, input.testOrderId ?? null);
    if (!row?.reportUrl)
      return refused("DOCUMENT_NOT_FOUND", "No report has been generated for this test yet.");
    const file = readStoredReport(ctx.db, row.reportUrl);
    if (!file.ok) return refused(file.error.code, file.error.message);
    return done({
      fileName: row.reportUrl.split("/").at(-1) ?? "report.pdf",
      reportUrl: row.reportUrl,
      sha256: row.sha256 ?? "",
      base64: file.value.toString("base64"),
    });
  },
};

/**
 * generateReport's work: draw the PDF of the approved results, store it with the visit's documents, then record
 * REPORT_GENERATED with the file's path, size and SHA-256. A refused event leaves an orphan file, never a record
 * without its file.
 */
export async function generateLabReport(
  input: { visitId: string; testOrderId: string },
  ctx: StaffContext,
): Promise<HandlerResult<Recorded>> {
  const stored = await writeLabReport(ctx.db, { ...input, generatedBy: ctx.staff.id, now: ctx.now() });
  if (!stored.ok) return refused(stored.error.code, stored.error.message);
  return recordStep(ctx, input.visitId, "REPORT_GENERATED", {
    testOrderId: input.testOrderId,
    ...stored.value,
  });
}

/** When the clinic asks for it, whoever reviewed a result may not also approve it. */
export function secondPersonRefusal(
  input: { visitId: string; testOrderId: string },
  ctx: StaffContext,
): HandlerResult<never> | null {
  if (!readPreferences(ctx.db).secondPersonApproval) return null;
  const reviewedBy = orderedTest(ctx.db, input.visitId, input.testOrderId)?.reviewedBy;
  return reviewedBy === ctx.staff.id
    ? refused(
        "SECOND_PERSON_REQUIRED",
        "You reviewed this result; the clinic asks for a different person to approve it.",
      )
    : null;
}

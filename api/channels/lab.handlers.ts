import { statement } from "../../db/statements.js";
import { type EnteredResult, typeResults } from "../../domain/lab-results.js";
import { readCatalogue } from "../clinic-preferences.js";
import type { AreaHandlers, HandlerError, StaffContext } from "../handler.js";
import { done } from "../handler.js";
import { recordStep } from "../record.js";
import { generateLabReport, secondPersonRefusal } from "./clinic.handlers.js";
import type { labChannels } from "./lab.js";

const finished = "('reported', 'delivered')";

export const labHandlers: AreaHandlers<typeof labChannels> = {
  labWorklist(input, ctx) {
    const rows = statement(
      ctx.db.sqlite,
      `SELECT t.visitId, t.testOrderId, t.name, t.priority, t.status, t.orderedAt, t.orderedBy, t.collectedAt,
         t.completedAt, t.reviewedBy, t.approvedAt, t.rejectedCount, t.results, p.name AS patientName, p.patientNumber,
         v.tokenNumber
       FROM test_orders t JOIN visits v ON v.id = t.visitId LEFT JOIN patients p ON p.id = v.patientId
       WHERE (@status IS NULL OR t.status = @status) AND (@visitId IS NULL OR t.visitId = @visitId)
         AND (@includeDone = 1 OR @status IS NOT NULL OR t.status NOT IN ${finished})
         AND v.status NOT IN ('cancelled', 'rescheduled')
       ORDER BY CASE t.priority WHEN 'stat' THEN 0 WHEN 'urgent' THEN 1 ELSE 2 END, t.orderedAt`,
    ).all({
      status: input.status ?? null,
      visitId: input.visitId ?? null,
      includeDone: input.includeDone ? 1 : 0,
    }) as (Record<string, unknown> & { results: string | null })[];
    return done({
      tests: rows.map((r) => ({
        ...r,
        results: r.results === null ? null : (JSON.parse(r.results) as unknown[]),
      })) as never,
    });
  },

  collectSample: (input, ctx) => {
    const { visitId, ...m } = input;
    return recordStep(ctx, visitId, "TEST_SAMPLE_COLLECTED", m);
  },
  rejectSample: (input, ctx) => {
    const { visitId, ...m } = input;
    return recordStep(ctx, visitId, "TEST_SAMPLE_REJECTED", m);
  },
  startTest: (input, ctx) =>
    recordStep(ctx, input.visitId, "TEST_IN_PROGRESS", { testOrderId: input.testOrderId }),
  recordResult: (input, ctx) => {
    const { visitId, ...m } = input;
    const typed = typedResults(ctx, visitId, m.testOrderId, m.results);
    return typed.ok ? recordStep(ctx, visitId, "TEST_COMPLETED", { ...m, results: typed.results }) : typed;
  },
  reviewResult: (input, ctx) => {
    const { visitId, ...m } = input;
    return recordStep(ctx, visitId, "TEST_REVIEWED", m);
  },
  approveResult: (input, ctx) => {
    const { visitId, ...m } = input;
    return secondPersonRefusal(input, ctx) ?? recordStep(ctx, visitId, "TEST_APPROVED", m);
  },
  // The PDF is drawn and stored here; the event carries its path, size and SHA-256 (reports/).
  generateReport: (input, ctx) => generateLabReport(input, ctx),
  deliverReport: (input, ctx) => {
    const { visitId, ...m } = input;
    return recordStep(ctx, visitId, "REPORT_DELIVERED", m);
  },
  amendReport: (input, ctx) => {
    const { visitId, ...m } = input;
    if (!m.results) return recordStep(ctx, visitId, "REPORT_AMENDED", m);
    const typed = typedResults(ctx, visitId, m.testOrderId, m.results);
    return typed.ok ? recordStep(ctx, visitId, "REPORT_AMENDED", { ...m, results: typed.results }) : typed;
  },
};

/** The results typed and flagged by the catalogue's entry for the ordered test (matched by name or code). */
function typedResults(
  ctx: StaffContext,
  visitId: string,
  testOrderId: string,
  results: EnteredResult[],
): { ok: true; results: EnteredResult[] } | { ok: false; error: HandlerError } {
  const name = statement(ctx.db.sqlite, "SELECT name FROM test_orders WHERE visitId = ? AND testOrderId = ?")
    .pluck()
    .get(visitId, testOrderId) as string | null | undefined;
  const wanted = (name ?? "").trim().toLowerCase();
  const test = readCatalogue(ctx.db).find(
    (t) => t.name.toLowerCase() === wanted || t.code.toLowerCase() === wanted,
  );
  const typed = typeResults(test?.analytes ?? [], results);
  if (typed.ok) return typed;
  return {
    ok: false,
    error: {
      code: "INVALID_INPUT",
      message: typed.errors.map((e) => e.message).join(" "),
      field: typed.errors[0]?.field ?? "results",
      details: typed.errors,
      status: 400,
    },
  };
}

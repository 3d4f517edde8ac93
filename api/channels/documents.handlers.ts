import { documentEventsOf } from "../../db/visit-documents.js";
import { makeReceipt } from "../../reports/receipt-file.js";
import {
  readVerifiedDocument,
  removeStoredDocument,
  type StoredDocument,
  sha256Of,
  storeVisitDocument,
} from "../../reports/visit-document-file.js";
import type { AreaHandlers, HandlerContext } from "../handler.js";
import { done, refused } from "../handler.js";
import { recordStep } from "../record.js";
import { type documentChannels, MAX_DOCUMENT_BYTES, type visitDocument } from "./documents.js";

type VisitDocument = ReturnType<typeof visitDocument.parse>;

const megabytes = (n: number) => `${(n / 1048576).toFixed(1)} MB`;

export const documentHandlers: AreaHandlers<typeof documentChannels> = {
  uploadDocument(input, ctx) {
    const bytes = Buffer.from(input.contentBase64, "base64");
    if (bytes.length === 0)
      return refused("INVALID_DOCUMENT", `${input.fileName} is empty (0 bytes); nothing was attached.`);
    if (bytes.length > MAX_DOCUMENT_BYTES)
      return refused(
        "INVALID_DOCUMENT",
        `${input.fileName} is ${megabytes(bytes.length)}; files up to 10 MB can be attached.`,
      );
    const documentId = ctx.db.newId();
    let stored: StoredDocument;
    try {
      stored = storeVisitDocument(ctx.db, {
        visitId: input.visitId,
        documentId,
        fileName: input.fileName,
        bytes,
      });
    } catch (err) {
      return refused(
        "DOCUMENT_NOT_STORED",
        `${input.fileName} could not be saved on this workstation (${(err as Error).message}).`,
        undefined,
        500,
      );
    }
    // The file is written first so the event never names a missing file; if the event is refused (the visit is
    // closed, say) or the append fails, the file goes too, so nothing is left half-done.
    let recorded: ReturnType<typeof recordStep> | undefined;
    try {
      recorded = recordStep(ctx, input.visitId, "DOCUMENT_UPLOADED", {
        documentId,
        fileName: input.fileName,
        fileUrl: stored.fileUrl,
        fileSize: stored.fileSize,
        mimeType: input.mimeType,
        sha256: stored.sha256,
      });
    } finally {
      if (!recorded?.ok) removeStoredDocument(ctx.db, stored.fileUrl);
    }
    if (!recorded.ok) return recorded;
    return done({ ...recorded.value, documentId, ...stored });
  },

  shareDocument: (input, ctx) =>
    recordStep(ctx, input.visitId, "DOCUMENT_SHARED", {
      documentId: input.documentId,
      sharedWith: input.sharedWith,
    }),

  visitDocuments: (input, ctx) => done({ documents: documentsOf(ctx, input.visitId) }),

  // Drawn afresh each time from the events (not stored): a reprint shows the payments made since.
  async visitReceipt(input, ctx) {
    const pdf = await makeReceipt(ctx.db, { visitId: input.visitId, issuedBy: ctx.staff.id, now: ctx.now() });
    if (!pdf.ok) return refused(pdf.error.code, pdf.error.message);
    return done({
      fileName: `receipt-${input.visitId.replace(/[^A-Za-z0-9_-]/g, "_")}.pdf`,
      mimeType: "application/pdf",
      sha256: sha256Of(pdf.value),
      base64: pdf.value.toString("base64"),
    });
  },

  documentFile(input, ctx) {
    const doc = documentsOf(ctx, input.visitId).find((d) => d.documentId === input.documentId);
    if (!doc) return refused("DOCUMENT_NOT_FOUND", `There is no document ${input.documentId} on this visit.`);
    if (!doc.fileUrl)
      return refused("DOCUMENT_NOT_FOUND", `${doc.fileName} was recorded without a stored file.`);
    const file = readVerifiedDocument(ctx.db, {
      fileUrl: doc.fileUrl,
      fileName: doc.fileName,
      sha256: doc.sha256,
    });
    if (!file.ok) return refused(file.error.code, file.error.message);
    return done({
      documentId: doc.documentId,
      fileName: doc.fileName,
      mimeType: doc.mimeType ?? "application/octet-stream",
      sha256: doc.sha256 ?? "",
      base64: file.value.toString("base64"),
    });
  },
};

/**
 * The visit's documents from its events: each upload (by its documentId) and each lab report PDF (by the event's
 * id), with every sharing or delivery after it. Voided events are left out.
 */
function documentsOf(ctx: HandlerContext, visitId: string): VisitDocument[] {
  const rows = documentEventsOf(ctx.db, visitId);
  const docs: VisitDocument[] = [];
  const reportsOfTest = new Map<string, VisitDocument[]>();
  for (const row of rows) {
    const m = (row.metadata ? JSON.parse(row.metadata) : {}) as Record<string, unknown>;
    const str = (k: string) => (typeof m[k] === "string" ? (m[k] as string) : null);
    const num = (k: string) => (typeof m[k] === "number" ? (m[k] as number) : null);
    const share = { sharedAt: row.performedAt, sharedBy: row.staffName };
    if (row.eventType === "DOCUMENT_UPLOADED")
      docs.push({
        documentId: str("documentId") ?? row.id,
        kind: "upload",
        fileName: str("fileName") ?? "document",
        fileUrl: str("fileUrl"),
        fileSize: num("fileSize"),
        mimeType: str("mimeType"),
        sha256: str("sha256"),
        storedAt: row.performedAt,
        storedBy: row.staffName,
        shares: [],
      });
    else if (row.eventType === "DOCUMENT_SHARED")
      docs
        .find((d) => d.kind === "upload" && d.documentId === str("documentId"))
        ?.shares.push({ sharedWith: str("sharedWith") ?? "", ...share });
    else if (row.eventType === "REPORT_GENERATED") {
      const url = str("reportUrl");
      const doc: VisitDocument = {
        documentId: row.id,
        kind: "lab-report",
        fileName: url?.split("/").at(-1) ?? "lab-report.pdf",
        fileUrl: url,
        fileSize: num("fileSize"),
        mimeType: "application/pdf",
        sha256: str("sha256"),
        storedAt: row.performedAt,
        storedBy: row.staffName,
        shares: [],
      };
      docs.push(doc);
      const test = str("testOrderId") ?? "";
      reportsOfTest.set(test, [...(reportsOfTest.get(test) ?? []), doc]);
    }
    // A delivery hands over the test's latest report made before it.
    else
      reportsOfTest
        .get(str("testOrderId") ?? "")
        ?.at(-1)
        ?.shares.push({ sharedWith: str("deliveredTo") ?? "delivered", ...share });
  }
  return docs;
}

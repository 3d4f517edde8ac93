import { z } from "zod";
import { defineChannels } from "../channel.js";
import { anyRole } from "../roles.js";
import { id, recorded, visitId } from "./common.js";

// Documents of a visit: files a desk attaches (referral letters, outside results, scans) and the lab's report PDFs.
// The bytes live beside the database; the events carry the path, size and SHA-256, so a file changed on disk is
// noticed when it is read back.

export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
/** Base64 of the largest file plus JSON around it: the browser host accepts this channel's bigger body. */
export const MAX_UPLOAD_REQUEST_BYTES = Math.ceil(MAX_DOCUMENT_BYTES / 3) * 4 + 64 * 1024;

export const documentFileName = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(200, "must be at most 200 characters")
  .refine((s) => !/[/\\]/.test(s), { message: "must be a plain file name, without / or \\" })
  .refine((s) => s !== "." && s !== "..", { message: "must be a plain file name, not . or .." })
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused here
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), { message: "must not contain control characters" });

export const visitDocument = z.object({
  documentId: z.string(),
  kind: z.enum(["upload", "lab-report"]),
  fileName: z.string(),
  fileUrl: z.string().nullable(),
  fileSize: z.number().int().nullable(),
  mimeType: z.string().nullable(),
  sha256: z.string().nullable(),
  storedAt: z.string(),
  storedBy: z.string().nullable(),
  shares: z.array(
    z.object({ sharedWith: z.string(), sharedAt: z.string(), sharedBy: z.string().nullable() }),
  ),
});

export const documentChannels = defineChannels({
  uploadDocument: {
    kind: "command",
    roles: ["doctor", "admin", "reception"],
    summary:
      "Attach a file (up to 10 MB) to an open visit; it is stored beside the database and recorded with its size and SHA-256",
    input: z.strictObject({
      visitId,
      fileName: documentFileName,
      mimeType: z.string().trim().max(200).default("application/octet-stream"),
      contentBase64: z
        .string()
        .max(MAX_UPLOAD_REQUEST_BYTES, "is larger than 10 MB")
        .regex(/^[A-Za-z0-9+/]*={0,2}$/, "must be the file's bytes in base64"),
    }),
    output: recorded.extend({
      documentId: z.string(),
      fileUrl: z.string(),
      fileSize: z.number().int(),
      sha256: z.string(),
    }),
    maxRequestBytes: MAX_UPLOAD_REQUEST_BYTES,
  },
  shareDocument: {
    kind: "command",
    roles: ["doctor", "admin", "reception"],
    summary: "Record that an uploaded document was shared (with the patient, a referral, or someone named)",
    input: z.strictObject({
      visitId,
      documentId: id,
      sharedWith: z.string().trim().min(1, "must say who it was shared with").max(200),
    }),
    output: recorded,
  },
  visitDocuments: {
    kind: "query",
    roles: anyRole,
    summary:
      "The visit's documents (uploads and lab report PDFs), oldest first, with who stored and shared them",
    input: z.strictObject({ visitId }),
    output: z.object({ documents: z.array(visitDocument) }),
  },
  visitReceipt: {
    kind: "query",
    roles: ["reception", "admin"],
    summary:
      "The visit's receipt as a PDF (base64): patient, bill items, payments, refunds and balance, drawn from its events now",
    input: z.strictObject({ visitId }),
    output: z.object({ fileName: z.string(), mimeType: z.string(), sha256: z.string(), base64: z.string() }),
  },
  documentFile: {
    kind: "query",
    roles: anyRole,
    summary: "One document's bytes (base64), handed out only when they still match the recorded SHA-256",
    input: z.strictObject({ visitId, documentId: id }),
    output: z.object({
      documentId: z.string(),
      fileName: z.string(),
      mimeType: z.string(),
      sha256: z.string(),
      base64: z.string(),
    }),
  },
});

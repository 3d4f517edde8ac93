import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, rmdirSync, rmSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import type { ClinicDb } from "../db/open.js";
import { writeDurably } from "./durable-write.js";
import { dataFolderOf } from "./lab-report-file.js";

// Documents a desk attaches to a visit (a referral letter, an outside scan) live beside the lab reports, in the data
// folder next to the database: documents/<visitId>/<documentId>-<file name>. The document id makes the name unique,
// so two uploads of "scan.pdf" never overwrite each other. Bytes go to a temporary name, are flushed, then renamed:
// a crash leaves either the whole file or none under the real name.

export interface StoredDocument {
  /** Relative to the data folder, with forward slashes: what DOCUMENT_UPLOADED's fileUrl holds. */
  fileUrl: string;
  fileSize: number;
  sha256: string;
}

export const sha256Of = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");

/** Only letters, digits, dot, dash and underscore reach the disk; the original name stays in the event. */
export const diskNameOf = (fileName: string): string =>
  fileName
    .normalize("NFKD")
    .replace(/[^A-Za-z0-9._-]+/g, "_")
    .replace(/^[._]+/, "")
    .slice(-120) || "document";

const folderOf = (db: ClinicDb, visitId: string) =>
  join(dataFolderOf(db), "documents", visitId.replace(/[^A-Za-z0-9_-]/g, "_"));

export function storeVisitDocument(
  db: ClinicDb,
  args: { visitId: string; documentId: string; fileName: string; bytes: Uint8Array },
): StoredDocument {
  const folder = folderOf(db, args.visitId);
  const file = join(folder, `${diskNameOf(args.documentId)}-${diskNameOf(args.fileName)}`);
  mkdirSync(folder, { recursive: true });
  try {
    writeDurably(file, args.bytes, { exclusive: true });
  } catch (err) {
    // Nothing is left behind, not even the visit's folder if it was made for this.
    removeEmptyFolder(folder);
    throw err;
  }
  return {
    fileUrl: relative(dataFolderOf(db), file).split(sep).join("/"),
    fileSize: args.bytes.length,
    sha256: sha256Of(args.bytes),
  };
}

/** Where a stored path points, or null when it would lead outside this clinic's documents folder. */
function pathOf(db: ClinicDb, fileUrl: string): string | null {
  const root = join(dataFolderOf(db), "documents");
  const path = resolve(dataFolderOf(db), fileUrl);
  return path.startsWith(root + sep) ? path : null;
}

/** Undoes a store whose event was refused, so no file is left that no event names. */
export function removeStoredDocument(db: ClinicDb, fileUrl: string): void {
  const path = pathOf(db, fileUrl);
  if (!path) return;
  rmSync(path, { force: true });
  // The visit's folder may have been made for this file alone (an unknown visit id, say): leave no trace of it.
  removeEmptyFolder(dirname(path));
}

function removeEmptyFolder(folder: string): void {
  try {
    rmdirSync(folder);
  } catch {
    // Not empty: other documents of the visit live there.
  }
}

export type DocumentRead =
  | { ok: true; value: Buffer }
  | { ok: false; error: { code: "DOCUMENT_NOT_FOUND" | "DOCUMENT_ALTERED"; message: string } };

const missing = (message: string): DocumentRead => ({
  ok: false,
  error: { code: "DOCUMENT_NOT_FOUND", message },
});

/** Reads a stored document back and checks it is byte for byte what the event recorded. */
export function readVerifiedDocument(
  db: ClinicDb,
  doc: { fileUrl: string; fileName: string; sha256: string | null },
): DocumentRead {
  const path = pathOf(db, doc.fileUrl);
  if (!path) return missing(`${doc.fileName} is not in this clinic's documents.`);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return missing(`The file of ${doc.fileName} is not on this workstation.`);
  }
  if (doc.sha256 && sha256Of(bytes) !== doc.sha256)
    return {
      ok: false,
      error: {
        code: "DOCUMENT_ALTERED",
        message: `The stored file of ${doc.fileName} no longer matches the SHA-256 recorded when it was stored: it was changed or damaged on disk, so it is not handed out.`,
      },
    };
  return { ok: true, value: bytes };
}

import type { AuditRecord, KindSpec } from "../record.js";

// A format turns records into text, in order, a piece at a time, so that an export of any size streams through a
// fixed amount of memory. Reading a format back is the verifier's job (audit/verify-export.ts).

export const exportFormats = ["ndjson", "csv", "fhir"] as const;
export type ExportFormatName = (typeof exportFormats)[number];

/** What the export shows beside a record to help a reader; not covered by the record's hash. */
export interface RecordContext {
  patientId: string | null;
  performerName: string | null;
}

export interface FormatWriter {
  /** Text before the first record. */
  begin(): string;
  /** One record's text as the verifier reads it back (no separators): what the entry digest covers. */
  entry(r: AuditRecord, seq: number, context: RecordContext): string;
  /** The entry with the separators around it, as written to the file. */
  frame(entry: string, first: boolean): string;
  /** The closing text. */
  end(records: number): string;
}

/** NDJSON and CSV: every record ends with a newline, nothing before or after. */
export const lineFraming = {
  frame: (entry: string) => `${entry}\n`,
  end: () => "",
};

export interface FormatStart {
  exportId: string;
  exportedAt: string;
  /** The logs the export may hold, in the order their fields make up the CSV columns. */
  kinds: readonly KindSpec[];
}

export const fileExtension: Record<ExportFormatName, string> = {
  ndjson: "ndjson",
  csv: "csv",
  fhir: "fhir.json",
};

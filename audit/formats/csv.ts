import type { AuditRecord, FieldValue, KindSpec } from "../record.js";
import { type FormatStart, type FormatWriter, lineFraming, type RecordContext } from "./format.js";

// CSV for spreadsheets: a header row, then one row a record (RFC 4180 quoting, "\n" endings).
// Quoting is csv-stringify's default, written out here because it is on the hot path of a million-row export (its
// per-row setup was a fifth of the time): a cell is quoted when it holds a quote, a comma, "\n" or "\r", and a quote
// inside is doubled; nothing else is. tests/audit/csv-row.property.test.ts holds it to csv-stringify's output.
// Columns are seq, kind, every hashed field of the logs the export may hold (a field of another log is left empty),
// hash, and two reading aids the record's hash does not cover (the entry digest and the file digest do):
// patientId (from the visits read model) and performedByName.
// An empty cell is null: the app never stores empty text in a hashed field, so nothing is lost.

export const CSV_INFO_COLUMNS = ["patientId", "performedByName"] as const;

export function csvColumns(kinds: readonly KindSpec[]): string[] {
  const fields: string[] = [];
  for (const k of kinds) for (const f of k.fields) if (!fields.includes(f)) fields.push(f);
  return ["seq", "kind", ...fields, "hash", ...CSV_INFO_COLUMNS];
}

const cell = (v: FieldValue | undefined): string => (v === null || v === undefined ? "" : String(v));

const needsQuotes = /[",\n\r]/;
const quoted = (v: string): string => (needsQuotes.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

/** One row as csv-stringify writes it by default, without its line ending. */
export function csvRow(cells: readonly string[]): string {
  if (cells.length === 0) return "";
  let row = quoted(cells[0] as string);
  for (let i = 1; i < cells.length; i++) row += `,${quoted(cells[i] as string)}`;
  return row;
}

export function csvWriter(start: FormatStart): FormatWriter {
  const columns = csvColumns(start.kinds);
  const hashed = columns.slice(2, columns.length - 1 - CSV_INFO_COLUMNS.length);
  return {
    begin: () => `${csvRow(columns)}\n`,
    entry: (r: AuditRecord, seq: number, ctx: RecordContext) => {
      let row = `${seq},${quoted(r.kind)}`;
      for (const f of hashed) row += `,${quoted(cell(r.fields[f]))}`;
      return `${row},${quoted(r.hash)},${quoted(cell(ctx.patientId))},${quoted(cell(ctx.performerName))}`;
    },
    ...lineFraming,
  };
}

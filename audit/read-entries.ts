import { csvColumns, csvRow } from "./formats/csv.js";
import { csvCells, csvRecordReader, quoteCount } from "./formats/csv-read.js";
import { fhirHeader, parseFhirEntry } from "./formats/fhir.js";
import type { ExportFormatName } from "./formats/format.js";
import { parseNdjsonLine } from "./formats/ndjson.js";
import { type FileTally, readLines } from "./read-lines.js";
import { type AuditRecord, type KindSpec, kindSpec } from "./record.js";

// Reads an export back, one entry at a time, whatever its format: each entry comes with the line it starts on, its
// text as written (what the manifest's entry digest covers) and the record it holds, or why it cannot be read.
// Text outside the entries (the CSV header, the Bundle's opening and closing lines) is checked here too.

export type EntryRead =
  | { line: number; entry: string; seq: number | null; record: AuditRecord }
  | { line: number; problem: string };

export interface ReadContext {
  format: ExportFormatName;
  exportId: string;
  exportedAt: string;
  kinds: readonly KindSpec[];
}

export function readEntries(
  path: string,
  ctx: ReadContext,
  tally: (t: FileTally) => void,
): AsyncGenerator<EntryRead> {
  if (ctx.format === "csv") return readCsv(path, ctx, tally);
  if (ctx.format === "fhir") return readFhir(path, ctx, tally);
  return readNdjson(path, tally);
}

async function* readNdjson(path: string, tally: (t: FileTally) => void): AsyncGenerator<EntryRead> {
  for await (const l of readLines(path, tally)) {
    if (!l.terminated) {
      yield { line: l.number, problem: "does not end with a newline: the file was cut short or changed" };
      return;
    }
    const p = parseNdjsonLine(l.text, kindSpec);
    yield p.ok
      ? { line: l.number, entry: l.text, seq: p.seq, record: p.record }
      : { line: l.number, problem: p.why };
  }
}

async function* readFhir(
  path: string,
  ctx: ReadContext,
  tally: (t: FileTally) => void,
): AsyncGenerator<EntryRead> {
  let pending: { line: number; text: string } | null = null;
  let closed = false;
  const entryOf = (line: number, text: string): EntryRead => {
    const p = parseFhirEntry(text);
    return p.ok ? { line, entry: text, seq: null, record: p.record } : { line, problem: p.why };
  };
  for await (const l of readLines(path, tally)) {
    if (!l.terminated) {
      yield { line: l.number, problem: "does not end with a newline: the file was cut short or changed" };
      return;
    }
    if (l.number === 1) {
      if (l.text !== fhirHeader(ctx.exportId, ctx.exportedAt))
        yield {
          line: 1,
          problem: "is not the Bundle opening this export wrote (resourceType, id, type, timestamp)",
        };
      continue;
    }
    if (closed) {
      yield { line: l.number, problem: "comes after the end of the Bundle" };
      return;
    }
    if (l.text === "]}") {
      closed = true;
      if (pending) {
        if (pending.text.endsWith(","))
          yield { line: pending.line, problem: "ends with a comma but is the last entry of the Bundle" };
        else yield entryOf(pending.line, pending.text);
      }
      pending = null;
      continue;
    }
    if (pending) {
      if (!pending.text.endsWith(",")) {
        yield {
          line: pending.line,
          problem: "does not end with the comma that separates it from the next entry",
        };
        return;
      }
      yield entryOf(pending.line, pending.text.slice(0, -1));
    }
    pending = { line: l.number, text: l.text };
  }
  if (!closed)
    yield { line: (pending?.line ?? 1) + 1, problem: "is missing: the Bundle is not closed with ]}" };
}

/**
 * CSV: rows are read from the file's lines (so the file's SHA-256 and size come from readLines as for the other
 * formats); a row whose quotes are not yet balanced goes on past its line break, inside a quoted cell.
 */
async function* readCsv(
  path: string,
  ctx: ReadContext,
  tally: (t: FileTally) => void,
): AsyncGenerator<EntryRead> {
  const columns = csvColumns(ctx.kinds);
  const header = csvRow(columns);
  const recordOf = csvRecordReader(columns, kindSpec);
  let open: { line: number; text: string; quotes: number } | null = null;
  let first = true;
  for await (const l of readLines(path, tally)) {
    const line: number = open ? open.line : l.number;
    const text: string = open ? `${open.text}\n${l.text}` : l.text;
    const quotes: number = (open?.quotes ?? 0) + quoteCount(l.text);
    if (!l.terminated) {
      yield { line, problem: "does not end with a newline: the file was cut short or changed" };
      return;
    }
    if (quotes % 2 === 1) {
      open = { line, text, quotes };
      continue;
    }
    open = null;
    if (first) {
      first = false;
      if (text !== header)
        yield { line, problem: `is not the header this export wrote (${columns.join(",")})` };
      continue;
    }
    const cells = csvCells(text);
    if (!cells) {
      yield {
        line,
        problem: "is not valid CSV (a quote stands where none can, or a quoted cell is not closed)",
      };
      return;
    }
    if (cells.length !== columns.length) {
      yield { line, problem: `has ${cells.length} columns, not ${columns.length}` };
      continue;
    }
    if (text !== csvRow(cells)) {
      yield { line, problem: "is not written as this export writes CSV (quoting or line ending differs)" };
      continue;
    }
    const p = recordOf(cells);
    yield p.ok ? { line, entry: text, seq: p.seq, record: p.record } : { line, problem: p.why };
  }
  if (open)
    yield {
      line: open.line,
      problem: "is not valid CSV (a quoted cell is not closed before the end of the file)",
    };
  else if (first) yield { line: 1, problem: "is missing: the file is empty" };
}

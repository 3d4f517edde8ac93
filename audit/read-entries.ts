import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { parse } from "csv-parse";
import { CSV_INFO_COLUMNS, csvColumns, csvRow, recordFromCsvRow } from "./formats/csv.js";
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

async function* readCsv(
  path: string,
  ctx: ReadContext,
  tally: (t: FileTally) => void,
): AsyncGenerator<EntryRead> {
  const hash = createHash("sha256");
  let bytes = 0;
  const input = createReadStream(path, { highWaterMark: 256 * 1024 });
  input.on("data", (chunk) => {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  });
  const parser = input.pipe(
    parse({ raw: true, info: true, relax_column_count: true, skip_empty_lines: false }),
  );
  const columns = csvColumns(ctx.kinds);
  let lastLine = 0;
  let header = true;
  try {
    for await (const { record, raw, info } of parser as AsyncIterable<{
      record: string[];
      raw: string;
      info: { lines: number };
    }>) {
      const line = lastLine + 1;
      lastLine = info.lines;
      if (!raw.endsWith("\n")) {
        yield { line, problem: "does not end with a newline: the file was cut short or changed" };
        return;
      }
      if (header) {
        header = false;
        if (raw !== `${csvRow(columns)}\n`)
          yield { line, problem: `is not the header this export wrote (${columns.join(",")})` };
        continue;
      }
      if (record.length !== columns.length) {
        yield { line, problem: `has ${record.length} columns, not ${columns.length}` };
        continue;
      }
      if (raw !== `${csvRow(record)}\n`) {
        yield { line, problem: "is not written as this export writes CSV (quoting or line ending differs)" };
        continue;
      }
      const row = Object.fromEntries(columns.map((c, i) => [c, record[i] ?? ""]));
      const p = recordFromCsvRow(row, kindSpec);
      if (!p.ok) yield { line, problem: p.why };
      else {
        const unused = columns
          .slice(2, -1 - CSV_INFO_COLUMNS.length)
          .filter((c) => !kindSpec(p.record.kind)?.fields.includes(c) && row[c] !== "");
        if (unused.length)
          yield { line, problem: `fills ${unused.join(", ")}, which a ${p.record.kind} does not have` };
        else yield { line, entry: raw.slice(0, -1), seq: p.seq, record: p.record };
      }
    }
  } catch (err) {
    yield { line: lastLine + 1, problem: `is not valid CSV (${(err as Error).message})` };
    return;
  }
  if (header) yield { line: 1, problem: "is missing: the file is empty" };
  tally({ bytes, sha256: hash.digest("hex") });
}

import type { AuditRecord, FieldValue, KindSpec } from "../record.js";
import { CSV_INFO_COLUMNS } from "./csv.js";

// Reading the export's CSV back. The verifier accepts a row only if writing its cells again gives its exact text
// (audit/read-entries.ts), so the reader needs to split correctly written rows only, and to refuse, or split in a
// way that cannot be written back the same, anything else. It is hand-written because csv-parse was a third of a
// CSV verification; tests/audit/csv-read.property.test.ts holds it to csv-parse's reading of the same text.

const QUOTE = 0x22;
const COMMA = 0x2c;

/** How many '"' the text holds: a row whose count so far is odd goes on past its line break, inside a quoted cell. */
export function quoteCount(text: string): number {
  let n = 0;
  for (let i = text.indexOf('"'); i !== -1; i = text.indexOf('"', i + 1)) n += 1;
  return n;
}

/**
 * One row's cells (RFC 4180: a quoted cell may hold commas, line breaks and doubled quotes), or null when a quote
 * stands where none can (inside an unquoted cell, after a closing quote) or a quoted cell is not closed.
 */
export function csvCells(row: string): string[] | null {
  const cells: string[] = [];
  const n = row.length;
  let i = 0;
  for (;;) {
    if (row.charCodeAt(i) === QUOTE) {
      let cell = "";
      let from = i + 1;
      for (;;) {
        const q = row.indexOf('"', from);
        if (q === -1) return null;
        cell += row.slice(from, q);
        if (row.charCodeAt(q + 1) !== QUOTE) {
          i = q + 1;
          break;
        }
        cell += '"';
        from = q + 2;
      }
      cells.push(cell);
      if (i === n) return cells;
      if (row.charCodeAt(i) !== COMMA) return null;
      i += 1;
    } else {
      const comma = row.indexOf(",", i);
      const end = comma === -1 ? n : comma;
      const cell = row.slice(i, end);
      if (cell.includes('"')) return null;
      cells.push(cell);
      if (comma === -1) return cells;
      i = comma + 1;
    }
  }
}

export type ParsedRow = { ok: true; seq: number; record: AuditRecord } | { ok: false; why: string };

/**
 * Turns rows of the given columns back into records: empty cells become null, integer columns numbers, and a cell
 * filled in a column the row's kind does not have is refused. Where each kind's fields sit is worked out once.
 */
export function csvRecordReader(
  columns: readonly string[],
  specOf: (kind: string) => KindSpec | undefined,
): (cells: readonly string[]) => ParsedRow {
  const hashed = columns.slice(2, -1 - CSV_INFO_COLUMNS.length);
  const hashAt = columns.indexOf("hash");
  const layouts = new Map<KindSpec, { at: number[]; others: number[] }>();
  const layoutOf = (spec: KindSpec) => {
    let l = layouts.get(spec);
    if (!l) {
      l = {
        at: spec.fields.map((f) => columns.indexOf(f)),
        others: hashed.flatMap((c, i) => (spec.fields.includes(c) ? [] : [i + 2])),
      };
      layouts.set(spec, l);
    }
    return l;
  };
  return (cells) => {
    const kind = cells[1] ?? "";
    const spec = specOf(kind);
    if (!spec) return { ok: false, why: `has an unknown kind ${JSON.stringify(kind)}` };
    const seq = cells[0] ?? "";
    if (!/^[1-9][0-9]*$/.test(seq)) return { ok: false, why: "has no valid seq" };
    const { at, others } = layoutOf(spec);
    const fields: Record<string, FieldValue> = {};
    for (let k = 0; k < at.length; k++) {
      const f = spec.fields[k] as string;
      const v = cells[at[k] as number] ?? "";
      if (v === "") fields[f] = null;
      else if (spec.integers.has(f)) {
        if (!/^-?(0|[1-9][0-9]*)$/.test(v)) return { ok: false, why: `${f} "${v}" is not a whole number` };
        fields[f] = Number(v);
      } else fields[f] = v;
    }
    const unused = others.filter((i) => cells[i] !== "").map((i) => columns[i]);
    if (unused.length)
      return { ok: false, why: `fills ${unused.join(", ")}, which a ${spec.kind} does not have` };
    return { ok: true, seq: Number(seq), record: { kind: spec.kind, fields, hash: cells[hashAt] ?? "" } };
  };
}

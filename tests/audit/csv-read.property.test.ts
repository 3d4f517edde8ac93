import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csvRow } from "../../audit/formats/csv.js";
import { csvCells, quoteCount } from "../../audit/formats/csv-read.js";

// The verifier splits CSV rows by hand (audit/formats/csv-read.ts) on its hot path. Whatever it accepts must be
// read as csv-parse reads it: every row the export writes, and any text at all that it splits into cells which
// are written back to that same text (the only rows the verifier lets through).

const tricky = fc.constantFrom('"', '""', ",", "\n", "\r", "\r\n", " ", "'", "é", "😀", "\t", "");
const cellText = fc.oneof(
  fc.string(),
  fc.array(fc.oneof(tricky, fc.string({ maxLength: 3 })), { maxLength: 6 }).map((parts) => parts.join("")),
);
const csvParse = (text: string): string[][] =>
  parse(`${text}\n`, { relax_column_count: true, skip_empty_lines: false }) as string[][];

describe("reading CSV rows", () => {
  it("gives back the cells of every row the export writes, as csv-parse does", () => {
    fc.assert(
      fc.property(fc.array(cellText, { minLength: 1, maxLength: 8 }), (cells) => {
        fc.pre(cells.length > 1 || cells[0] !== "");
        const row = csvRow(cells);
        expect(quoteCount(row) % 2).toBe(0);
        expect(csvCells(row)).toEqual(cells);
        expect(csvParse(row)).toEqual([cells]);
      }),
      { numRuns: 3000 },
    );
  });

  it("accepts no text that csv-parse would read otherwise", () => {
    const text = fc
      .array(fc.oneof(tricky, fc.constantFrom("a", "b,", ',"', '",'), fc.string({ maxLength: 2 })), {
        maxLength: 10,
      })
      .map((parts) => parts.join(""));
    let accepted = 0;
    fc.assert(
      fc.property(text, (t) => {
        const cells = csvCells(t);
        if (cells === null || csvRow(cells) !== t || (cells.length === 1 && cells[0] === "")) return;
        accepted += 1;
        expect(csvParse(t)).toEqual([cells]);
      }),
      { numRuns: 5000 },
    );
    expect(accepted).toBeGreaterThan(500);
  });

  it("refuses a quote inside an unquoted cell, after a closing quote, or one never closed", () => {
    for (const bad of ['a"b,c', '"a"b,c', '"a,b', 'a,"b', 'a,"b""']) expect(csvCells(bad), bad).toBeNull();
  });
});

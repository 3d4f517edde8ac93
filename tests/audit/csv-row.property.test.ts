import { stringify } from "csv-stringify/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csvRow } from "../../audit/formats/csv.js";

// The export writes its CSV rows by hand (audit/formats/csv.ts) on its hot path; exports made before, and any
// reader, expect csv-stringify's default output. Any cells, including quotes, commas, line breaks and non-ASCII text,
// must come out byte for byte as csv-stringify writes them.

const tricky = fc.constantFrom('"', ",", "\n", "\r", "\r\n", " ", "'", "=", "-", "é", "😀", "\t", "");
const cellText = fc.oneof(
  fc.string(),
  fc.array(fc.oneof(tricky, fc.string({ maxLength: 3 })), { maxLength: 6 }).map((parts) => parts.join("")),
);

describe("CSV rows", () => {
  it("are written exactly as csv-stringify writes them", () => {
    fc.assert(
      fc.property(fc.array(cellText, { maxLength: 8 }), (cells) => {
        expect(csvRow(cells)).toBe(stringify([cells], { eof: false }));
      }),
      { numRuns: 2000 },
    );
  });
});

import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csvWriter } from "../../audit/formats/csv.js";
import { fhirEntry } from "../../audit/formats/fhir.js";
import type { ExportFormatName } from "../../audit/formats/format.js";
import { ndjsonLine } from "../../audit/formats/ndjson.js";
import type { ExportOptions } from "../../audit/options.js";
import { type AuditRecord, recordHash, securityEventKind, visitEventKind } from "../../audit/record.js";
import { verifyExport } from "../../audit/verify-export.js";
import type { Clinic } from "../support/temp-db.js";
import { clinicWithVisits, exportTo } from "./support/clinic.js";

// Take a valid export, change one byte, delete a line, swap two lines, duplicate a line or insert a forged record
// (one whose own hash is right): the verifier must fail every time and name the line; the untouched file passes.

interface Sample {
  label: string;
  file: string;
  format: ExportFormatName;
  bytes: Buffer;
  exportId: string;
  exportedAt: string;
}

let c: Clinic;
const samples: Sample[] = [];
let copies = 0;

beforeAll(async () => {
  c = clinicWithVisits(4);
  for (const format of ["ndjson", "csv", "fhir"] as const) {
    const filters: [string, Partial<ExportOptions>][] = [
      ["whole log with security events", { includeSecurity: true }],
      ["filtered, with chain gaps", { eventTypes: ["QUEUE_CALLED", "EXITED_ROOM", "VISIT_COMPLETED"] }],
    ];
    for (const [label, filter] of filters) {
      const file = await exportTo(c, `${format}-${samples.length}.out`, { format, ...filter });
      const manifest = JSON.parse(readFileSync(`${file}.manifest.json`, "utf8"));
      samples.push({
        label: `${format}, ${label}`,
        file,
        format,
        bytes: readFileSync(file),
        exportId: manifest.exportId,
        exportedAt: manifest.exportedAt,
      });
    }
  }
});
afterAll(() => c.close());

/** Writes the tampered bytes beside a copy of the original manifest and verifies them. */
async function verifyTampered(s: Sample, bytes: Buffer | string) {
  const file = join(c.dir, `tampered-${copies++}.out`);
  writeFileSync(file, bytes);
  copyFileSync(`${s.file}.manifest.json`, `${file}.manifest.json`);
  return verifyExport(file);
}

/** The file as lines, each with its "\n". */
const linesOf = (s: Sample) => s.bytes.toString("utf8").split(/(?<=\n)/);

/** Lines that hold records (the CSV header and the Bundle's first and last line do not). */
const recordLines = (s: Sample) => {
  const n = linesOf(s).length;
  return s.format === "ndjson"
    ? { first: 0, last: n - 1 }
    : s.format === "csv"
      ? { first: 1, last: n - 1 }
      : { first: 1, last: n - 2 };
};

/** A record that was never in the log, with a correct hash of its own: only its place gives it away. */
function forgedLine(s: Sample, seq: number, description: string, prevHash: string): string {
  const row = c.db.sqlite.prepare("SELECT * FROM visit_events LIMIT 1 OFFSET 5").get() as Record<
    string,
    string | number | null
  >;
  const fields = Object.fromEntries(visitEventKind.fields.map((f) => [f, row[f] ?? null]));
  fields.id = `01FORGED${String(seq).padStart(18, "0")}`;
  fields.description = description;
  fields.prevHash = prevHash;
  const r: AuditRecord = { kind: visitEventKind.kind, fields, hash: "" };
  r.hash = recordHash(visitEventKind, r);
  const ctx = { patientId: c.patientId, performerName: "Rita Mensah" };
  if (s.format === "ndjson") return `${ndjsonLine(visitEventKind, r, seq)}\n`;
  if (s.format === "csv")
    return `${csvWriter({ exportId: s.exportId, exportedAt: s.exportedAt, kinds: [visitEventKind, securityEventKind] }).entry(r, seq, ctx)}\n`;
  return `${fhirEntry(visitEventKind, r, ctx)},\n`;
}

const expectNamedFailure = (v: Awaited<ReturnType<typeof verifyExport>>, what: string) => {
  expect(v.ok, `${what} passed`).toBe(false);
  expect(!v.ok && v.line, `${what}: ${JSON.stringify(v)}`).not.toBeNull();
};

const runs = { numRuns: 40 };

describe.each(["ndjson", "csv", "fhir"] as const)("tampering with a %s export", (format) => {
  const ofFormat = () => samples.filter((s) => s.format === format);

  it("passes untouched", async () => {
    for (const s of ofFormat()) {
      const v = await verifyTampered(s, s.bytes);
      expect(v.ok, `${s.label}: ${JSON.stringify(v)}`).toBe(true);
    }
  });

  it("fails when any one byte changes", async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.nat(), fc.integer({ min: 1, max: 255 }), async (which, at, delta) => {
        const s = ofFormat()[which % 2] as Sample;
        const bytes = Buffer.from(s.bytes);
        const i = at % bytes.length;
        bytes[i] = ((bytes[i] as number) + delta) % 256;
        expectNamedFailure(await verifyTampered(s, bytes), `${s.label}, byte ${i} changed`);
      }),
      runs,
    );
  });

  it("fails when a line is deleted", async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.nat(), async (which, at) => {
        const s = ofFormat()[which % 2] as Sample;
        const lines = linesOf(s);
        const i = at % lines.length;
        lines.splice(i, 1);
        expectNamedFailure(await verifyTampered(s, lines.join("")), `${s.label}, line ${i + 1} deleted`);
      }),
      runs,
    );
  });

  it("fails when two lines are swapped", async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.nat(), fc.nat(), async (which, a, b) => {
        const s = ofFormat()[which % 2] as Sample;
        const lines = linesOf(s);
        const i = a % lines.length;
        const j = b % lines.length;
        fc.pre(lines[i] !== lines[j]);
        [lines[i], lines[j]] = [lines[j] as string, lines[i] as string];
        expectNamedFailure(
          await verifyTampered(s, lines.join("")),
          `${s.label}, lines ${i + 1} and ${j + 1} swapped`,
        );
      }),
      runs,
    );
  });

  it("fails when a line is duplicated", async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.nat(), fc.nat(), async (which, from, to) => {
        const s = ofFormat()[which % 2] as Sample;
        const lines = linesOf(s);
        const copy = lines[from % lines.length] as string;
        lines.splice(to % (lines.length + 1), 0, copy);
        expectNamedFailure(await verifyTampered(s, lines.join("")), `${s.label}, line duplicated`);
      }),
      runs,
    );
  });

  it("fails when a forged record with a correct hash of its own is inserted", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(),
        fc.nat(),
        fc.string({ minLength: 1, maxLength: 40 }),
        async (which, at, text) => {
          const s = ofFormat()[which % 2] as Sample;
          const lines = linesOf(s);
          const { first, last } = recordLines(s);
          const i = first + (at % (last - first + 1));
          // Linked to the record it follows and numbered as the record it displaces: as plausible as it can be.
          const prev = c.db.sqlite
            .prepare("SELECT hash FROM visit_events ORDER BY position LIMIT 1 OFFSET 4")
            .pluck()
            .get() as string;
          lines.splice(i, 0, forgedLine(s, i - first + 1, text.trim() || "x", prev));
          expectNamedFailure(
            await verifyTampered(s, lines.join("")),
            `${s.label}, forged record at line ${i + 1}`,
          );
        },
      ),
      runs,
    );
  });
});

describe("tampering with the manifest", () => {
  it("fails when any signed value changes, and names the manifest", async () => {
    const s = samples[0] as Sample;
    const m = JSON.parse(readFileSync(`${s.file}.manifest.json`, "utf8"));
    for (const change of [
      (x: typeof m) => {
        x.counts.records -= 1;
      },
      (x: typeof m) => {
        x.exportedBy.name = "Someone Else";
      },
      (x: typeof m) => {
        x.chainHeads[0].head = "0".repeat(64);
      },
      (x: typeof m) => {
        x.request.visitId = "V-1";
      },
    ]) {
      const copy = structuredClone(m);
      change(copy);
      const file = join(c.dir, `manifest-${copies++}.out`);
      writeFileSync(file, s.bytes);
      writeFileSync(`${file}.manifest.json`, JSON.stringify(copy, null, 2));
      const v = await verifyExport(file);
      expect(v.ok).toBe(false);
      expect(!v.ok && v.problem).toContain("signature does not verify");
    }
  });
});

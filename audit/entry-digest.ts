import * as crypto from "node:crypto";

// The signed manifest pins the order and the bytes of every exported record without listing them: a running
// digest over the records' text as written (an NDJSON line, a CSV row, a FHIR entry, without separators):
// d0 = SHA-256("hms-audit-entries-v1"), d(i) = SHA-256(d(i-1) + text(i)) over UTF-8, digests as lowercase hex,
// with d(i) written down every `every` records. A verifier that finds d(i) differ knows a record in the last
// stretch was changed, dropped, added or moved even when the file was rewritten to look consistent; small exports
// write every d(i), so the bad record is named exactly.

export const ENTRY_DIGEST_TAG = "hms-audit-entries-v1";
export const MAX_CHECKPOINTS = 1000;

export const checkpointInterval = (records: number): number =>
  Math.max(1, Math.ceil(records / MAX_CHECKPOINTS));

export interface EntryDigest {
  add(entryText: string): void;
  /** The digest over the records added so far. */
  readonly value: string;
  readonly count: number;
}

// One SHA-256 a record, so the one-shot crypto.hash (Node 20.12+), about twice as quick as a Hash object a call;
// the same digest either way.
const sha256Hex: (text: string) => string =
  typeof crypto.hash === "function"
    ? (text) => crypto.hash("sha256", text, "hex")
    : (text) => crypto.createHash("sha256").update(text, "utf8").digest("hex");

export function entryDigest(): EntryDigest {
  let value = sha256Hex(ENTRY_DIGEST_TAG);
  let count = 0;
  return {
    add(entryText) {
      value = sha256Hex(value + entryText);
      count += 1;
    },
    get value() {
      return value;
    },
    get count() {
      return count;
    },
  };
}

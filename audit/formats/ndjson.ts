import type { AuditRecord, FieldValue, KindSpec } from "../record.js";
import { type FormatWriter, lineFraming } from "./format.js";

// NDJSON, the canonical export: one record a line, `{"seq":n,"kind":k,<hashed fields in canonical order>,"hash":h}`,
// written by JSON.stringify with no spaces, lines ending in "\n". A line is valid only if re-serialising what it
// parses to gives the same bytes, so no byte can change without the verifier noticing on that line.

export function ndjsonLine(spec: KindSpec, r: AuditRecord, seq: number): string {
  return lineWriter(spec)(r, seq);
}

type LineWriter = (r: AuditRecord, seq: number) => string;
const writers = new WeakMap<KindSpec, LineWriter>();

/**
 * The same bytes as JSON.stringify({seq, kind, ...fields, hash}) without building that object a line: an export
 * writes a million lines, and the object and its generic serialisation were a sixth of its time. Each value goes
 * through JSON.stringify itself (strings, numbers, null), so escaping and number format are JSON.stringify's; the
 * keys are plain names, so writing them as literal text is what JSON.stringify would write.
 */
function lineWriter(spec: KindSpec): LineWriter {
  let w = writers.get(spec);
  if (!w) {
    const keys = spec.fields.map((f) => `,${JSON.stringify(f)}:`);
    const names = spec.fields;
    const n = names.length;
    w = (r, seq) => {
      let line = `{"seq":${JSON.stringify(seq)},"kind":${JSON.stringify(r.kind)}`;
      for (let i = 0; i < n; i++)
        line += (keys[i] as string) + JSON.stringify((r.fields[names[i] as string] ?? null) as FieldValue);
      // JSON.stringify leaves out a key whose value is undefined; a record always has its hash, but stay exact.
      return r.hash === undefined ? `${line}}` : `${line},"hash":${JSON.stringify(r.hash)}}`;
    };
    writers.set(spec, w);
  }
  return w;
}

export function ndjsonWriter(specOf: (kind: string) => KindSpec): FormatWriter {
  return {
    begin: () => "",
    entry: (r, seq) => ndjsonLine(specOf(r.kind), r, seq),
    ...lineFraming,
  };
}

const keyLists = new WeakMap<KindSpec, string>();

/** The keys a line of this kind has, in order, joined by commas: made once a kind, not once a line. */
function keyListOf(spec: KindSpec): string {
  let keys = keyLists.get(spec);
  if (keys === undefined) {
    keys = ["seq", "kind", ...spec.fields, "hash"].join(",");
    keyLists.set(spec, keys);
  }
  return keys;
}

export type Parsed = { ok: true; seq: number; record: AuditRecord } | { ok: false; why: string };

export function parseNdjsonLine(line: string, specOf: (kind: string) => KindSpec | undefined): Parsed {
  let o: unknown;
  try {
    o = JSON.parse(line);
  } catch {
    return { ok: false, why: "is not valid JSON" };
  }
  if (typeof o !== "object" || o === null || Array.isArray(o))
    return { ok: false, why: "is not a JSON object" };
  const obj = o as Record<string, unknown>;
  const spec = typeof obj.kind === "string" ? specOf(obj.kind) : undefined;
  if (!spec) return { ok: false, why: `has an unknown kind ${JSON.stringify(obj.kind)}` };
  const expectedKeys = keyListOf(spec);
  if (Object.keys(obj).join(",") !== expectedKeys)
    return { ok: false, why: `does not have the fields ${expectedKeys.replaceAll(",", ", ")} in that order` };
  if (typeof obj.seq !== "number" || !Number.isSafeInteger(obj.seq))
    return { ok: false, why: "has no valid seq" };
  if (typeof obj.hash !== "string") return { ok: false, why: "has no hash" };
  const fields: Record<string, FieldValue> = {};
  for (const f of spec.fields) fields[f] = obj[f] as FieldValue;
  const record: AuditRecord = { kind: spec.kind, fields, hash: obj.hash };
  if (ndjsonLine(spec, record, obj.seq) !== line)
    return { ok: false, why: "is not in canonical form (spacing, escaping or number format differs)" };
  return { ok: true, seq: obj.seq, record };
}

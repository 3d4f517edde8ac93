// Canonical JSON for what gets signed: object keys sorted by UTF-16 code units, no whitespace, strings escaped as
// JSON.stringify does. For the values a manifest holds (strings, integers, booleans, null, arrays, objects) this is
// the JSON Canonicalization Scheme (RFC 8785), so a verifier in another language can rebuild the signed bytes.

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export function canonicalJson(value: Json): string {
  if (value === null || typeof value !== "object") {
    if (typeof value === "number" && !Number.isSafeInteger(value))
      throw new Error(`canonicalJson: only safe integers are allowed, not ${value}`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const keys = Object.keys(value)
    .filter((k) => value[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k] as Json)}`).join(",")}}`;
}

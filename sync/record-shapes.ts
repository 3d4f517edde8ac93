// How each record kind is cut into fields for merging. A field is what two desks can change independently: a column
// of a staff, patient or setting row, or, for the test catalogue (one setting holding a list), one test. Each field
// keeps the value the server ordered last, so two desks editing different fields (or different tests) both keep
// their edit. Pure: rows in, rows out.

export type Fields = Record<string, unknown>;
type Row = Record<string, unknown>;

/** Record kinds this build syncs, and the table each lives in (keyed by `id`). Kinds it does not know are skipped. */
export const recordTables: Readonly<Record<string, string>> = {
  staff: "staff",
  patient: "patients",
  setting: "clinic_settings",
};

/** Kinds whose every change needs a person's signature (sync/authority.ts); patients need only a device's token. */
export const signedKinds: ReadonlySet<string> = new Set(["staff", "setting"]);

/** Columns that are this desk's own bookkeeping, never merged. */
const localColumns = new Set(["id", "updatedAt"]);

const CATALOGUE = "testCatalogue";
const TEST_PREFIX = "test:";

interface Shape {
  toFields(row: Row): Fields;
  /** The row's columns (besides id and updatedAt) for these fields; null values of list items drop the item. */
  toColumns(fields: Fields): Row;
}

const columnsShape: Shape = {
  toFields: (row) => Object.fromEntries(Object.entries(row).filter(([k]) => !localColumns.has(k))),
  toColumns: (fields) => ({ ...fields }),
};

/** The catalogue is a list of tests in one setting; each test (by code) merges on its own. */
const catalogueShape: Shape = {
  toFields(row) {
    let tests: unknown;
    try {
      tests = typeof row.value === "string" ? JSON.parse(row.value) : [];
    } catch {
      tests = [];
    }
    const fields: Fields = {};
    if (Array.isArray(tests))
      for (const t of tests)
        if (t && typeof t === "object" && typeof (t as { code?: unknown }).code === "string")
          fields[`${TEST_PREFIX}${(t as { code: string }).code}`] = t;
    return fields;
  },
  toColumns(fields) {
    const tests = Object.entries(fields)
      .filter(([k, v]) => k.startsWith(TEST_PREFIX) && v !== null && typeof v === "object")
      .map(([, v]) => v as { name?: unknown; code: string })
      .sort(
        (a, b) =>
          String(a.name ?? a.code).localeCompare(String(b.name ?? b.code)) || (a.code < b.code ? -1 : 1),
      );
    return { value: JSON.stringify(tests) };
  },
};

export const shapeOf = (kind: string, id: string): Shape =>
  kind === "setting" && id === CATALOGUE ? catalogueShape : columnsShape;

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The fields of `now` that differ from `base`; a field gone from `now` (a removed test) is null. */
export function changedFields(base: Fields, now: Fields): Fields {
  const out: Fields = {};
  for (const k of new Set([...Object.keys(base), ...Object.keys(now)])) {
    const v = Object.hasOwn(now, k) ? now[k] : null;
    if (!same(Object.hasOwn(base, k) ? base[k] : null, v)) out[k] = v ?? null;
  }
  return out;
}

import type { FieldError } from "./field-errors.js";

// Results typed by the catalogue. A numeric analyte takes a number only (a decimal comma or point, as typed at the
// bench), with the catalogue's unit and reference range, and is flagged low, high or critical; a qualitative analyte
// takes only its allowed values and is flagged abnormal when the value is not a normal one. An analyte the
// catalogue does not list is kept as typed, flagged only by a reference range given with it.

export type ResultFlag = "normal" | "low" | "high" | "critical" | "abnormal";

export interface AnalyteDefinition {
  analyte: string;
  kind?: "numeric" | "qualitative";
  unit?: string;
  referenceLow?: number;
  referenceHigh?: number;
  referenceRange?: string;
  criticalLow?: number;
  criticalHigh?: number;
  allowedValues?: string[];
  normalValues?: string[];
}

export interface EnteredResult {
  analyte: string;
  value: number | string;
  unit?: string;
  referenceLow?: number;
  referenceHigh?: number;
  referenceRange?: string;
  flag?: ResultFlag;
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
const NUMBER = /^[-+]?\d+(?:[.,]\d+)?$/;

/** A number as typed at the bench: "13.5", "13,5" or 13.5; null when it is not one ("abc", "2S0"). */
export function readNumber(value: number | string): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  const t = value.trim().replace(/\s/g, "");
  return NUMBER.test(t) ? Number(t.replace(",", ".")) : null;
}

/**
 * How an analyte is read. A catalogue written before kinds existed says it by its fields: allowed values make it
 * qualitative; numeric limits or a unit make it numeric; a text reference range alone ("Negative") leaves it free
 * text, flagged abnormal when the value differs from that range.
 */
export function kindOf(d: AnalyteDefinition): "numeric" | "qualitative" | "text" {
  if (d.kind) return d.kind;
  if (d.allowedValues?.length) return "qualitative";
  const numeric = [d.referenceLow, d.referenceHigh, d.criticalLow, d.criticalHigh].some(
    (x) => x !== undefined,
  );
  if (numeric || d.unit) return "numeric";
  return d.referenceRange && readNumber(d.referenceRange) === null ? "text" : "numeric";
}

export function numericFlag(value: number, r: Omit<AnalyteDefinition, "analyte">): ResultFlag {
  if (
    (r.criticalLow !== undefined && value < r.criticalLow) ||
    (r.criticalHigh !== undefined && value > r.criticalHigh)
  )
    return "critical";
  if (r.referenceLow !== undefined && value < r.referenceLow) return "low";
  if (r.referenceHigh !== undefined && value > r.referenceHigh) return "high";
  return "normal";
}

function typeOne(
  entered: EnteredResult,
  def: AnalyteDefinition | undefined,
  i: number,
): EnteredResult | FieldError {
  const field = `results.${i}.value`;
  const error = (code: string, message: string, params: Record<string, string | number>): FieldError => ({
    field,
    path: ["results", i, "value"],
    code: "INVALID",
    params: { ...params, field: entered.analyte, reason: code },
    message,
  });
  if (!def) {
    const n = readNumber(entered.value);
    const withRange = entered.referenceLow !== undefined || entered.referenceHigh !== undefined;
    if (n !== null && withRange) return { ...entered, value: n, flag: numericFlag(n, entered) };
    return entered;
  }
  if (kindOf(def) === "numeric") {
    const n = readNumber(entered.value);
    if (n === null)
      return error(
        "RESULT_NOT_A_NUMBER",
        `${def.analyte} must be a number, like 13.5 or 13,5 ("${entered.value}" is not one).`,
        { value: String(entered.value) },
      );
    const range = {
      referenceLow: def.referenceLow ?? entered.referenceLow,
      referenceHigh: def.referenceHigh ?? entered.referenceHigh,
      criticalLow: def.criticalLow,
      criticalHigh: def.criticalHigh,
    };
    return {
      analyte: def.analyte,
      value: n,
      ...((def.unit ?? entered.unit) ? { unit: def.unit ?? entered.unit } : {}),
      ...(range.referenceLow !== undefined ? { referenceLow: range.referenceLow } : {}),
      ...(range.referenceHigh !== undefined ? { referenceHigh: range.referenceHigh } : {}),
      ...((def.referenceRange ?? entered.referenceRange)
        ? { referenceRange: def.referenceRange ?? entered.referenceRange }
        : {}),
      flag: numericFlag(n, range),
    };
  }
  if (kindOf(def) === "text") {
    const abnormal = def.referenceRange !== undefined && !same(def.referenceRange, String(entered.value));
    return {
      ...entered,
      analyte: def.analyte,
      referenceRange: def.referenceRange,
      flag: abnormal ? "abnormal" : "normal",
    };
  }
  const allowed = def.allowedValues ?? [];
  const value = allowed.find((a) => same(a, String(entered.value)));
  if (!value)
    return error("RESULT_NOT_ALLOWED", `${def.analyte} must be one of: ${allowed.join(", ")}.`, {
      allowed: allowed.join(", "),
      value: String(entered.value),
    });
  const normal = def.normalValues ?? (def.referenceRange ? [def.referenceRange] : []);
  return {
    analyte: def.analyte,
    value,
    ...(def.referenceRange ? { referenceRange: def.referenceRange } : {}),
    flag: normal.some((n) => same(n, value)) ? "normal" : "abnormal",
  };
}

/** The results typed and flagged by the test's analytes, or one field error per result that does not fit. */
export function typeResults(
  analytes: readonly AnalyteDefinition[],
  results: readonly EnteredResult[],
): { ok: true; results: EnteredResult[] } | { ok: false; errors: FieldError[] } {
  const typed = results.map((r, i) =>
    typeOne(
      r,
      analytes.find((a) => same(a.analyte, r.analyte)),
      i,
    ),
  );
  const errors = typed.filter((t): t is FieldError => "path" in t);
  return errors.length ? { ok: false, errors } : { ok: true, results: typed as EnteredResult[] };
}

import type { z } from "zod";

// Bad input explained in the clinic's words. A zod issue becomes a field error with a stable code, the values a
// translation needs and a plain sentence ("Sex must be one of: female, male, other, unknown."). zod's own wording
// ("Invalid option: expected one of ...", "Too big: expected string to have <=200 characters") never reaches a
// person; messages the schemas spell out themselves ("must be a date like 2026-12-01") are kept.

export type FieldErrorCode =
  | "REQUIRED"
  | "WRONG_TYPE"
  | "NOT_A_WHOLE_NUMBER"
  | "TOO_SHORT"
  | "TOO_LONG"
  | "TOO_SMALL"
  | "TOO_LARGE"
  | "TOO_FEW"
  | "TOO_MANY"
  | "NOT_ALLOWED"
  | "UNKNOWN_FIELD"
  | "INVALID_FORMAT"
  | "INVALID";

export interface FieldError {
  /** The input field as a dot path ("results.0.value"); "" for the input as a whole. */
  field: string;
  code: FieldErrorCode;
  params: Record<string, string | number>;
  message: string;
  /** The same path as a list, for screens that walk it. */
  path: (string | number)[];
}

type Issue = z.core.$ZodIssue;

/** "dateOfBirth" -> "Date of birth", "results.0.value" -> "Value (result 1)". */
export function fieldLabel(path: readonly PropertyKey[]): string {
  const names = path.filter((p): p is string => typeof p === "string");
  const last = names.at(-1);
  if (!last) return "The input";
  const words = last
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/_/g, " ")
    .toLowerCase()
    .replace(/\bspo2\b/, "SpO2")
    .replace(/\bid\b/, "id");
  const label = words.charAt(0).toUpperCase() + words.slice(1);
  const index = path.findLast((p) => typeof p === "number");
  if (index === undefined) return label;
  const owner = path[path.lastIndexOf(index) - 1];
  const item =
    typeof owner === "string" ? owner.replace(/s$/, "").replace(/([a-z])([A-Z])/g, "$1 $2") : "item";
  return owner === last ? `${label} ${index + 1}` : `${label} (${item.toLowerCase()} ${index + 1})`;
}

const valueAt = (input: unknown, path: readonly PropertyKey[]): unknown => {
  let v: unknown = input;
  for (const p of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
};

/** zod's own default messages start like this; a schema's hand-written message does not. */
const zodWording = /^(Invalid|Too (big|small)|Unrecognized|Expected)/;

const typeWords: Record<string, string> = {
  number: "a number",
  int: "a whole number",
  string: "text",
  boolean: "yes or no",
  array: "a list",
  object: "a set of fields",
  date: "a date",
};

const sentence = (s: string) => {
  const t = s.charAt(0).toUpperCase() + s.slice(1);
  return /[.!?]$/.test(t) ? t : `${t}.`;
};

function explain(issue: Issue, input: unknown): Omit<FieldError, "field" | "path"> {
  const label = fieldLabel(issue.path);
  const own = !zodWording.test(issue.message) ? issue.message : null;
  const say = (code: FieldErrorCode, params: Record<string, string | number>, text: string) => ({
    code,
    params: { field: label, ...params },
    message: sentence(text),
  });
  switch (issue.code) {
    case "invalid_type": {
      const given = valueAt(input, issue.path);
      if (given === undefined || given === null || given === "")
        return say("REQUIRED", {}, `${label} is required`);
      if (issue.expected === "int") return say("NOT_A_WHOLE_NUMBER", {}, `${label} must be a whole number`);
      const expected = typeWords[issue.expected] ?? issue.expected;
      return say("WRONG_TYPE", { expected: issue.expected }, `${label} must be ${expected}`);
    }
    case "too_big":
    case "too_small": {
      const big = issue.code === "too_big";
      const limit = Number(big ? issue.maximum : issue.minimum);
      if (own) return say(big ? "TOO_LARGE" : "TOO_SMALL", { limit }, `${label} ${own}`);
      if (issue.origin === "string") {
        if (!big && limit <= 1) return say("REQUIRED", {}, `${label} is required`);
        return big
          ? say("TOO_LONG", { max: limit }, `${label} must be at most ${limit} characters`)
          : say("TOO_SHORT", { min: limit }, `${label} must be at least ${limit} characters`);
      }
      if (issue.origin === "array" || issue.origin === "set")
        return big
          ? say("TOO_MANY", { max: limit }, `${label} may list at most ${limit}`)
          : say("TOO_FEW", { min: limit }, `${label} must list at least ${limit}`);
      const strict = big ? issue.inclusive === false : issue.inclusive === false;
      return big
        ? say("TOO_LARGE", { max: limit }, `${label} must be ${strict ? "less than" : "at most"} ${limit}`)
        : say("TOO_SMALL", { min: limit }, `${label} must be ${strict ? "more than" : "at least"} ${limit}`);
    }
    case "invalid_value": {
      const allowed = issue.values.map(String).join(", ");
      if (issue.values.length === 1) return say("NOT_ALLOWED", { allowed }, `${label} must be ${allowed}`);
      return say("NOT_ALLOWED", { allowed }, `${label} must be one of: ${allowed}`);
    }
    case "unrecognized_keys": {
      const keys = issue.keys.join(", ");
      const where = issue.path.length ? ` in ${label.toLowerCase()}` : "";
      return say(
        "UNKNOWN_FIELD",
        { fields: keys },
        issue.keys.length === 1
          ? `"${keys}" is not a field this form takes${where}`
          : `"${issue.keys.join('", "')}" are not fields this form takes${where}`,
      );
    }
    case "invalid_union": {
      // Say what the last choice asks for in its own words ("must be a date like ... or a date and time like ...").
      const own = issue.errors
        .flat()
        .map((i) => i.message)
        .filter((m) => !zodWording.test(m))
        .at(-1);
      return own ? say("INVALID_FORMAT", {}, `${label} ${own}`) : say("INVALID", {}, `${label} is not valid`);
    }
    case "invalid_format":
      return own
        ? say("INVALID_FORMAT", { format: issue.format }, `${label} ${own}`)
        : say("INVALID_FORMAT", { format: issue.format }, `${label} is not in the expected form`);
    default:
      if (own) {
        // Rules written as "must ..." name no field; rules written as whole sentences already do.
        return say("INVALID", {}, /^must\b/.test(own) ? `${label} ${own}` : own);
      }
      return say("INVALID", {}, `${label} is not valid`);
  }
}

/**
 * The issues as field errors, the first one per field (a negative amount is not also told it must be more than
 * zero). `prefix` names where the checked value sits in a larger input ("metadata").
 */
export function fieldErrors(issues: readonly Issue[], input: unknown, prefix: string[] = []): FieldError[] {
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path.map((p) => (typeof p === "number" ? p : String(p)))];
    const field = path.join(".");
    if (seen.has(field) && issue.code !== "unrecognized_keys") continue;
    seen.add(field);
    errors.push({ field, path, ...explain(issue, input) });
  }
  return errors;
}

/** The field errors as one paragraph a person can read. */
export const describeFieldErrors = (errors: readonly FieldError[]): string =>
  errors.map((e) => e.message).join(" ");

/** One paragraph for a zod error (for records checked outside the router: staff, patients, event metadata). */
export const describeIssues = (error: z.ZodError, input: unknown, prefix: string[] = []): string =>
  describeFieldErrors(fieldErrors(error.issues, input, prefix));

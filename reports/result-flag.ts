// Whether a lab value lies outside its reference range. Pure, shared by the lab screen (flagging as the value is
// typed) and the PDF report, so both always agree.

export type ResultFlag = "normal" | "low" | "high" | "abnormal" | "critical";

export interface ResultLike {
  value: number | string;
  referenceLow?: number | undefined;
  referenceHigh?: number | undefined;
  flag?: ResultFlag | undefined;
}

export function flagOf(r: ResultLike): ResultFlag | undefined {
  if (r.flag) return r.flag;
  if (typeof r.value !== "number") return undefined;
  if (r.referenceLow !== undefined && r.value < r.referenceLow) return "low";
  if (r.referenceHigh !== undefined && r.value > r.referenceHigh) return "high";
  if (r.referenceLow !== undefined || r.referenceHigh !== undefined) return "normal";
  return undefined;
}

export function rangeText(r: {
  referenceLow?: number | undefined;
  referenceHigh?: number | undefined;
  referenceRange?: string | undefined;
}): string {
  if (r.referenceRange) return r.referenceRange;
  if (r.referenceLow !== undefined && r.referenceHigh !== undefined)
    return `${r.referenceLow} – ${r.referenceHigh}`;
  if (r.referenceLow !== undefined) return `≥ ${r.referenceLow}`;
  if (r.referenceHigh !== undefined) return `≤ ${r.referenceHigh}`;
  return "";
}

export const flagWords: Record<ResultFlag, string> = {
  normal: "",
  low: "Low",
  high: "High",
  abnormal: "Abnormal",
  critical: "Critical",
};

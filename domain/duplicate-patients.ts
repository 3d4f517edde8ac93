// Is the person at the desk already registered? Decided by the server inside the registration's transaction, so
// typing fast cannot outrun it. A likely duplicate is a patient with the same phone number, or with the same name
// and a birth date that agrees: two exact birth dates must be the same day; a birth date estimated from an age (on
// either side) matches an age within a year, since "about 40" said in May and in December are different days. Names are compared after folding case, spacing, accents and word order
// ("amina  YUSUF" = "Yusuf Amina" = "Amína Yusuf") and by a common-transliteration key ("Mohammed" = "Muhammad",
// "Yusuf" = "Yousef", "Aminah" = "Amina").

export interface PatientFacts {
  name: string;
  dateOfBirth: string | null;
  /** True when the desk typed an age and the birth date was worked out from it. */
  dateOfBirthEstimated?: boolean;
  phone: string | null;
}

export type DuplicateReason = "SAME_PHONE" | "SAME_NAME_AND_BIRTH_DATE" | "SAME_NAME_AND_AGE";

export const duplicateReasonWords: Record<DuplicateReason, string> = {
  SAME_PHONE: "same phone number",
  SAME_NAME_AND_BIRTH_DATE: "same name and date of birth",
  SAME_NAME_AND_AGE: "same name and age",
};

/** Lower case, accents removed, punctuation and extra spaces gone, words in alphabetical order. */
export function foldName(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()
    .split(" ")
    .filter(Boolean)
    .sort()
    .join(" ");
}

/**
 * One word's transliteration key: its first letter, then its consonants without h, w and y, doubled letters once.
 * Spellings of one name in Latin letters differ mostly in vowels, silent h and doubled letters.
 */
function wordKey(word: string): string {
  const w = word
    .replace(/ph/g, "f")
    .replace(/ck|q/g, "k")
    .replace(/c(?=[aou]|[^aeiouy]|$)/g, "k")
    .replace(/x/g, "ks")
    .replace(/z/g, "s");
  const first = /[aeiouy]/.test(w[0] ?? "") ? "a" : (w[0] ?? "");
  const rest = w.slice(1).replace(/[aeiouyhw]/g, "");
  return `${first}${rest}`.replace(/(.)\1+/g, "$1");
}

export const transliterationKey = (name: string): string =>
  foldName(name).split(" ").filter(Boolean).map(wordKey).sort().join(" ");

export function sameName(a: string, b: string): boolean {
  const fa = foldName(a);
  if (fa === "" || fa === foldName(b)) return fa !== "";
  return transliterationKey(a) === transliterationKey(b);
}

export const phoneDigits = (phone: string | null): string => (phone ?? "").replace(/\D/g, "");

/** Whole years from a birth date to a day (both YYYY-MM-DD). */
export function ageOn(dateOfBirth: string, day: string): number {
  const [y, m, d] = dateOfBirth.split("-").map(Number) as [number, number, number];
  const [ty, tm, td] = day.split("-").map(Number) as [number, number, number];
  return ty - y - (tm < m || (tm === m && td < d) ? 1 : 0);
}

/** Why `existing` may be the person described by `wanted`, strongest reason first; empty when it is not. */
export function duplicateReasons(
  wanted: PatientFacts,
  existing: PatientFacts,
  today: string,
): DuplicateReason[] {
  const reasons: DuplicateReason[] = [];
  const phone = phoneDigits(wanted.phone);
  if (phone.length >= 6 && phone === phoneDigits(existing.phone)) reasons.push("SAME_PHONE");
  if (wanted.dateOfBirth && existing.dateOfBirth && sameName(wanted.name, existing.name)) {
    const estimated = Boolean(wanted.dateOfBirthEstimated || existing.dateOfBirthEstimated);
    if (!estimated) {
      if (wanted.dateOfBirth === existing.dateOfBirth) reasons.push("SAME_NAME_AND_BIRTH_DATE");
    } else if (Math.abs(ageOn(wanted.dateOfBirth, today) - ageOn(existing.dateOfBirth, today)) <= 1)
      reasons.push("SAME_NAME_AND_AGE");
  }
  return reasons;
}

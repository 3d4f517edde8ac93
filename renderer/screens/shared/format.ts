import { formatLocale, i18n, msg } from "../../i18n/index.js";

// How the screens write times, dates and ages, in the locale of the language on screen (i18n/format.ts).

export const timeOf = (iso: string | null | undefined, locale = formatLocale()) =>
  iso ? new Date(iso).toLocaleTimeString(locale, { hour: "2-digit", minute: "2-digit" }) : "—";

export const dateTimeOf = (iso: string | null | undefined, locale = formatLocale()) =>
  iso
    ? new Date(iso).toLocaleString(locale, {
        day: "numeric",
        month: "short",
        hour: "2-digit",
        minute: "2-digit",
      })
    : "—";

export const dateOf = (isoDate: string | null | undefined, locale = formatLocale()) =>
  isoDate
    ? new Date(`${isoDate.slice(0, 10)}T12:00:00`).toLocaleDateString(locale, { dateStyle: "medium" })
    : "—";

export function ageOf(dateOfBirth: string | null, now = new Date()): string {
  if (!dateOfBirth) return "";
  const dob = new Date(`${dateOfBirth}T12:00:00`);
  let years = now.getFullYear() - dob.getFullYear();
  const before =
    now.getMonth() < dob.getMonth() || (now.getMonth() === dob.getMonth() && now.getDate() < dob.getDate());
  if (before) years -= 1;
  if (years >= 2) return i18n.t("{n} y", { n: years });
  const months = (now.getFullYear() - dob.getFullYear()) * 12 + now.getMonth() - dob.getMonth();
  return i18n.t("{n} mo", { n: Math.max(0, months) });
}

/**
 * The age a person reads in a patient header: "28 years", "7 months", and "about 28 years" when the birth date was
 * worked out from an age the patient gave.
 */
export function ageWords(dateOfBirth: string | null, estimated = false, now = new Date()): string {
  if (!dateOfBirth) return "";
  const dob = new Date(`${dateOfBirth}T12:00:00`);
  const months =
    (now.getFullYear() - dob.getFullYear()) * 12 +
    now.getMonth() -
    dob.getMonth() -
    (now.getDate() < dob.getDate() ? 1 : 0);
  const years = Math.floor(Math.max(0, months) / 12);
  if (years >= 2)
    return estimated
      ? i18n.t("about {n, plural, one {# year} other {# years}}", { n: years })
      : i18n.t("{n, plural, one {# year} other {# years}}", { n: years });
  return i18n.t("{n, plural, one {# month} other {# months}}", { n: Math.max(0, months) });
}

/** A birth date estimated from an age in years ("about 40"): the same day that many years ago. */
export function birthDateFromAge(age: number, now = new Date()): string {
  const d = new Date(now.getFullYear() - age, now.getMonth(), now.getDate(), 12);
  return localDate(d);
}

export const localDate = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;

export const today = () => localDate(new Date());
export const daysFromToday = (n: number) => localDate(new Date(Date.now() + n * 86_400_000));

/** A test's priority in words (the contract's normal, urgent, stat). */
export const priorityWords: Record<string, string> = {
  normal: msg("Normal"),
  urgent: msg("Urgent"),
  stat: msg("Immediately (stat)"),
};

export const sexWords: Record<string, string> = {
  female: msg("Female"),
  male: msg("Male"),
  other: msg("Other"),
  unknown: msg("Unknown"),
};

/** Parses what a person typed as an amount; NaN stays NaN so the API names the field. */
export const amountOf = (typed: string): number =>
  typed.trim() === "" ? Number.NaN : Number(typed.replace(",", "."));

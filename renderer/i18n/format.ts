import type { Language } from "./languages.js";

// How dates, times, numbers and money are written: always by Intl, for the language on screen. The clinic's own
// locale (say "fr-CM" or "en-KE") lends its region when it shares that language, so a Kenyan clinic working in
// English still writes dates the Kenyan way, and a French-speaking desk in that clinic writes them the French way.

let current = "en";

export function formattingLocale(language: Language, clinicLocale: string | null | undefined): string {
  const clinic = clinicLocale?.trim();
  if (clinic && clinic.slice(0, 2).toLowerCase() === language) return clinic;
  return language;
}

/** Called when the language changes, so every formatter below follows it. */
export function setFormattingLocale(locale: string): void {
  current = locale;
}

/** The locale dates and numbers are written in now. */
export const formatLocale = (): string => current;

export const formatNumber = (n: number, fractionDigits?: number, locale = current): string =>
  new Intl.NumberFormat(locale, {
    minimumFractionDigits: fractionDigits,
    maximumFractionDigits: fractionDigits ?? 3,
  }).format(n);

export function formatMoney(amount: number, currency: string | null, locale = current): string {
  try {
    if (currency)
      return new Intl.NumberFormat(locale, { style: "currency", currency, currencyDisplay: "code" }).format(
        amount,
      );
  } catch {
    // An unknown currency code falls back to a plain number rather than breaking the screen.
  }
  return formatNumber(amount, 2, locale);
}

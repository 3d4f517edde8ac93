import i18next from "i18next";
import ICU from "i18next-icu";
import { initReactI18next, useTranslation } from "react-i18next";
import en from "./catalogues/en.json";
import { formattingLocale, setFormattingLocale } from "./format.js";
import { directionOf, type Language, languageOf } from "./languages.js";

// i18next rather than Lingui: Lingui's message ids come from a compile-time macro, which would add a Babel step to
// the Vite build and the desktop bundle; i18next reads plain JSON catalogues at run time, and with its ICU plugin
// messages use the same ICU MessageFormat (plurals per language, {name} parameters) Lingui would.
//
// A message's id is its English text (as with gettext and Lingui), so the screens stay readable and en.json is
// written by `npm run i18n:extract`. Refusals are found by their stable code in refusals.ts, then translated the same.

// English comes with the first screen; the other catalogues are chunks of their own, fetched when a language is
// first chosen, so nobody downloads four languages they do not read before they can sign in.
const otherCatalogues: Record<Exclude<Language, "en">, () => Promise<{ default: Record<string, string> }>> = {
  fr: () => import("./catalogues/fr.json"),
  sw: () => import("./catalogues/sw.json"),
  hi: () => import("./catalogues/hi.json"),
  ar: () => import("./catalogues/ar.json"),
};

/** Fetches a language's catalogue once; afterwards its messages are there for every t(). */
export async function loadCatalogue(language: Language): Promise<void> {
  if (language === "en" || i18next.hasResourceBundle(language, "screens")) return;
  const catalogue = await otherCatalogues[language]();
  i18next.addResourceBundle(language, "screens", catalogue.default);
}

void i18next
  .use(ICU)
  .use(initReactI18next)
  .init({
    resources: { en: { screens: en } },
    lng: "en",
    fallbackLng: "en",
    ns: ["screens"],
    defaultNS: "screens",
    // The English text is the id, and English text has dots and colons in it.
    keySeparator: false,
    nsSeparator: false,
    interpolation: { escapeValue: false },
    initAsync: false,
    react: { useSuspense: false },
  });

export const i18n = i18next;

/** Marks a text that is translated later, where it is shown (menu labels, word tables kept outside components). */
export const msg = <T extends string>(text: T): T => text;

/** The translate function of the language on screen; components re-render when the language changes. */
export function useT() {
  return useTranslation().t;
}

/** The language on screen, for what must be redrawn when it changes (dates, money). */
export function useLanguage(): string {
  return useTranslation().i18n.language;
}

const deskKey = "hms.language";

/** The language this desk used last, else the browser's, else English: what the sign-in screen speaks. */
export function deskLanguage(): Language {
  let saved: string | null = null;
  try {
    saved = localStorage.getItem(deskKey);
  } catch {
    // Storage can be unavailable (private windows); the browser's language still works.
  }
  return languageOf(saved) ?? languageOf(navigator.language) ?? "en";
}

/**
 * Puts the screens into a language: the catalogue, `<html lang dir>` (Arabic reads right to left) and the locale
 * dates and money are written in (`clinicLocale` lends its region when it shares the language).
 */
let wanted: Language | null = null;

export function applyLanguage(language: Language, clinicLocale?: string | null): void {
  wanted = language;
  try {
    localStorage.setItem(deskKey, language);
  } catch {
    // Not remembered on this desk; the person's saved preference still applies at their next sign-in.
  }
  // The page turns to the language once its words are there, never Arabic layout around English words; when two
  // languages are asked for in a row, the last one asked wins.
  void loadCatalogue(language).then(() => {
    if (wanted !== language) return;
    setFormattingLocale(formattingLocale(language, clinicLocale));
    const root = document.documentElement;
    root.lang = language;
    root.dir = directionOf(language);
    if (i18next.language !== language) void i18next.changeLanguage(language);
  });
}

export { formatLocale, formatMoney, formatNumber } from "./format.js";
export { directionOf, type Language, languageCodes, languageOf, languages } from "./languages.js";

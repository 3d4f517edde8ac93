// The five languages the screens speak, each named in itself so a person finds their own in the list even when
// the screen is in a language they cannot read. Arabic is written right to left.

export const languages = [
  { code: "en", name: "English", dir: "ltr" },
  { code: "fr", name: "Français", dir: "ltr" },
  { code: "sw", name: "Kiswahili", dir: "ltr" },
  { code: "hi", name: "हिन्दी", dir: "ltr" },
  { code: "ar", name: "العربية", dir: "rtl" },
] as const;

export type Language = (typeof languages)[number]["code"];
export const languageCodes = languages.map((l) => l.code) as Language[];

/** The language of a tag such as "fr-CM" or "ar", or null when the screens do not speak it. */
export function languageOf(tag: string | null | undefined): Language | null {
  const code = tag?.trim().slice(0, 2).toLowerCase();
  return languages.find((l) => l.code === code)?.code ?? null;
}

export const directionOf = (language: Language): "ltr" | "rtl" =>
  languages.find((l) => l.code === language)?.dir ?? "ltr";

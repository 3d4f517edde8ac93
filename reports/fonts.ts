import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, join } from "node:path";
import { create, type Font } from "fontkit";

// The fonts documents are drawn with: Noto Sans for Latin (with its diacritics, Greek and Cyrillic), Noto Sans Arabic,
// Noto Sans Devanagari and Noto Sans SC for Chinese, Japanese kana and Korean, each in a regular and a bold weight,
// all shipped as TrueType files inside registry packages. pdfkit embeds only the glyphs a document uses, so a report
// stays small although the CJK font file is 10 MB.

export type FontFamily = "latin" | "arabic" | "devanagari" | "cjk";
export type FontWeight = "regular" | "bold";

const files: Record<FontFamily, Record<FontWeight, string>> = {
  latin: {
    regular: "@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf",
    bold: "@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf",
  },
  arabic: {
    regular: "@expo-google-fonts/noto-sans-arabic/400Regular/NotoSansArabic_400Regular.ttf",
    bold: "@expo-google-fonts/noto-sans-arabic/700Bold/NotoSansArabic_700Bold.ttf",
  },
  devanagari: {
    regular: "@expo-google-fonts/noto-sans-devanagari/400Regular/NotoSansDevanagari_400Regular.ttf",
    bold: "@expo-google-fonts/noto-sans-devanagari/700Bold/NotoSansDevanagari_700Bold.ttf",
  },
  cjk: {
    regular: "@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf",
    bold: "@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf",
  },
};

export const fontFamilies = Object.keys(files) as FontFamily[];

/** The name a font is registered under in a pdfkit document. */
export const fontName = (family: FontFamily, weight: FontWeight) => `${family}-${weight}`;

const require = createRequire(import.meta.url);
const loaded = new Map<string, Font>();
/** Set by the packaged desktop app, whose node_modules are not shipped: the fonts travel as extra resources. */
let fontsFolder: string | null = null;

/** Finds every font file by its own name in this folder instead of in node_modules (the packaged desktop app). */
export function setFontsFolder(folder: string | undefined): void {
  fontsFolder = folder ?? null;
  loaded.clear();
}

/** The font files' places inside node_modules, for packaging them (electron-builder.yml lists the same). */
export const fontPackageFiles = fontFamilies.flatMap((f) => [files[f].regular, files[f].bold]);

/**
 * A font, parsed once per process and shared by every document: the font engine decodes a font's tables (its
 * substitution and positioning rules) lazily and keeps them, which is most of the cost of a first document. pdfkit
 * takes a parsed font as a font source and makes each document's own subset from it.
 */
export function fontOf(family: FontFamily, weight: FontWeight): Font {
  const key = fontName(family, weight);
  let font = loaded.get(key);
  if (!font) {
    const file = files[family][weight];
    try {
      const path = fontsFolder ? join(fontsFolder, basename(file)) : require.resolve(file);
      font = create(readFileSync(path));
    } catch {
      throw new Error(`The font file ${file} is missing: documents cannot be drawn without it.`);
    }
    loaded.set(key, font);
  }
  return font;
}

/** Makes every family and weight known to a document; pdfkit embeds a font only once it is used. */
export function registerFonts(doc: PDFKit.PDFDocument): void {
  for (const family of fontFamilies)
    for (const weight of ["regular", "bold"] as const)
      doc.registerFont(fontName(family, weight), fontOf(family, weight) as unknown as Buffer);
}

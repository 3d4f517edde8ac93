// The part of fontkit (the font engine inside pdfkit) that reports use; the package ships no types.
declare module "fontkit" {
  export interface Font {
    hasGlyphForCodePoint(codePoint: number): boolean;
    /** What pdfkit checks to take a parsed font as a font source. */
    layout(text: string): unknown;
  }
  export function create(buffer: Buffer): Font;
}

import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

// Reads a PDF back the way a viewer does, with pdf.js: each page's structure (the document's lines, each a Span whose
// ActualText is the line as typed) and where the glyphs of each line were drawn. The ActualText is what copying
// and screen readers give; the glyph boxes are what the eye sees.

export interface Box {
  left: number;
  bottom: number;
  right: number;
  top: number;
}

export interface Line {
  /** ActualText of the line's Span: the text in logical order, as typed. */
  text: string;
  /** The text pdf.js gets from the glyphs alone (visual order, one glyph may stand for several letters). */
  glyphText: string;
  /** Right to left when pdf.js reads the glyphs as right-to-left text. */
  rtl: boolean;
  boxes: Box[];
  fonts: string[];
}

export interface ReadPage {
  width: number;
  height: number;
  lines: Line[];
}

interface StructNode {
  role?: string;
  alt?: string;
  type?: string;
  id?: string;
  children?: StructNode[];
}

export async function readPdf(bytes: Uint8Array): Promise<ReadPage[]> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
  const pages: ReadPage[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const [, , width, height] = page.view as [number, number, number, number];
    const textOf = new Map<string, string>();
    const walk = (node: StructNode) => {
      if (node.role === "Span" && node.alt !== undefined)
        for (const c of node.children ?? []) if (c.type === "content" && c.id) textOf.set(c.id, node.alt);
      for (const c of node.children ?? []) walk(c);
    };
    walk((await page.getStructTree()) as StructNode);
    const content = await page.getTextContent({ includeMarkedContent: true });
    const lines = new Map<string, Line>();
    let current: Line | null = null;
    for (const item of content.items as Record<string, unknown>[]) {
      if (item.type === "beginMarkedContentProps" && typeof item.id === "string") {
        const text = textOf.get(item.id);
        current = text === undefined ? null : { text, glyphText: "", rtl: false, boxes: [], fonts: [] };
        if (current) lines.set(item.id, current);
      } else if (item.type === "endMarkedContent") current = null;
      else if (current && typeof item.str === "string" && item.str !== "") {
        const [size, , , , x, y] = item.transform as number[];
        const w = item.width as number;
        // The em box of the run: from the descender to the ascender of a Latin line at this size.
        current.boxes.push({
          left: x as number,
          right: (x as number) + w,
          bottom: (y as number) - 0.25 * (size as number),
          top: (y as number) + 0.8 * (size as number),
        });
        current.glyphText += item.str;
        current.rtl ||= item.dir === "rtl";
        current.fonts.push(String(item.fontName));
      }
    }
    pages.push({ width, height, lines: [...lines.values()] });
  }
  await pdf.destroy();
  return pages;
}

export const overlaps = (a: Box, b: Box, slack = 0.5) =>
  a.left < b.right - slack &&
  b.left < a.right - slack &&
  a.bottom < b.top - slack &&
  b.bottom < a.top - slack;

/** Pairs of different lines on one page whose drawn glyphs overlap. */
export function overlapping(page: ReadPage): [string, string][] {
  const out: [string, string][] = [];
  page.lines.forEach((a, i) => {
    for (const b of page.lines.slice(i + 1))
      if (a.boxes.some((x) => b.boxes.some((y) => overlaps(x, y)))) out.push([a.text, b.text]);
  });
  return out;
}

/** Names of the fonts embedded in a PDF (pdfkit writes font dictionaries uncompressed). */
export const embeddedFonts = (bytes: Buffer) =>
  [
    ...new Set(
      [...bytes.toString("latin1").matchAll(/\/BaseFont \/[A-Z]{6}\+([A-Za-z0-9-]+)/g)].map((m) => m[1]),
    ),
  ].sort();

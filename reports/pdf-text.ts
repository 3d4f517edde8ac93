import { type FontFamily, type FontWeight, fontName, fontOf } from "./fonts.js";
import {
  breakOpportunities,
  type Coverage,
  fontPieces,
  graphemeEnds,
  logicalText,
  type Paragraph,
  paragraphOf,
  visualRuns,
} from "./script-runs.js";

// Draws text of any script into a pdfkit document, wrapped to a width, and says how tall it is before drawing, so
// the report layouts can place every block below the one before and never draw over it. pdfkit's own text() knows
// one font per call and no bidi; here each line is split into runs of one font and one direction, in visual order.

export interface TextStyle {
  size: number;
  weight?: FontWeight;
  color?: string;
  /** "auto" for a value a person typed (a name): its first strong letter decides. */
  direction?: "ltr" | "rtl" | "auto";
  /**
   * Which edge of its box a line sits against. The documents are laid out left to right, so a right-to-left name
   * is ordered right to left within its line but still starts at the left edge of its box, like every other value.
   */
  align?: "left" | "right";
  /** At most this many lines; longer text is cut with an ellipsis (a footer must stay in the margin). */
  maxLines?: number | undefined;
}

/** Line box as a multiple of the font size: room for Devanagari's vowel signs above and Arabic's dots below. */
const lineFactor = 1.5;
/** Baseline below the top of the line box, as a multiple of the font size. */
const ascentFactor = 1.08;

/**
 * Given any feature list, pdfkit shapes a run as a whole; without one it shapes word by word and joins the words left
 * to right, which puts the words of an Arabic name in the wrong order. The font's default features still apply.
 */
const wholeRun = { features: [] as PDFKit.Mixins.OpenTypeFeatures[] };

const coverage: Coverage = (family, codePoint) => fontOf(family, "regular").hasGlyphForCodePoint(codePoint);

const lineHeightOf = (size: number) => size * lineFactor;

// Widths of shaped runs, by font, size and text: a cell is measured to wrap it, measured again for its line, and its
// runs once more to place them; the same unit or range recurs on every row. Shaping is the costly part.
const widths = new Map<string, number>();

function runWidth(doc: PDFKit.PDFDocument, font: string, size: number, text: string): number {
  const key = `${font}\u0000${size}\u0000${text}`;
  let width = widths.get(key);
  if (width === undefined) {
    if (widths.size > 20_000) widths.clear();
    width = doc.font(font).fontSize(size).widthOfString(text, wholeRun);
    widths.set(key, width);
  }
  return width;
}

function widthOf(
  doc: PDFKit.PDFDocument,
  p: Paragraph,
  start: number,
  end: number,
  style: TextStyle,
): number {
  let width = 0;
  for (const piece of fontPieces(p, start, end))
    width += runWidth(doc, fontName(piece.family, style.weight ?? "regular"), style.size, piece.text);
  return width;
}

/** Trailing spaces hang past the line's end, as in any word processor. */
function trimEnd(p: Paragraph, start: number, end: number): number {
  let e = end;
  while (e > start && /\s/.test(p.text[e - 1] as string)) e--;
  return e;
}

/**
 * Greedy line filling at the Unicode break opportunities; a stretch with no opportunity that is wider than the line
 * (a long visit id, a name without spaces) is cut between letters rather than drawn past the edge.
 */
function wrap(doc: PDFKit.PDFDocument, p: Paragraph, width: number, style: TextStyle): [number, number][] {
  const lines: [number, number][] = [];
  const fits = (s: number, e: number) => widthOf(doc, p, s, trimEnd(p, s, e), style) <= width + 0.01;
  // Most values fit on one line: one measurement instead of one per break opportunity.
  if (!p.text.includes("\n") && fits(0, p.text.length)) return [[0, p.text.length]];
  let start = 0;
  let end = start;
  for (const bk of breakOpportunities(p.text)) {
    if (end > start && !fits(start, bk.position)) {
      lines.push([start, end]);
      start = end;
    }
    if (!fits(start, bk.position)) {
      // One unbreakable stretch wider than the line: cut it at grapheme boundaries.
      let cut = start;
      for (const g of graphemeEnds(p.text, start, bk.position)) {
        if (cut > start && !fits(start, g)) {
          lines.push([start, cut]);
          start = cut;
        }
        cut = g;
      }
    }
    end = bk.position;
    if (bk.required) {
      lines.push([start, end]);
      start = end;
    }
  }
  if (end > start || lines.length === 0) lines.push([start, end]);
  return lines;
}

interface LaidOut {
  lines: { start: number; end: number; width: number }[];
  paragraph: Paragraph;
  height: number;
}

function layoutText(doc: PDFKit.PDFDocument, text: string, width: number, style: TextStyle): LaidOut {
  const paragraph = paragraphOf(text.replace(/\r\n?/g, "\n"), coverage, style.direction ?? "ltr");
  const lines = wrap(doc, paragraph, width, style).map(([start, end]) => {
    const e = trimEnd(paragraph, start, end);
    return { start, end: e, width: widthOf(doc, paragraph, start, e, style) };
  });
  const max = style.maxLines;
  if (max && lines.length > max) {
    // Cut at a letter boundary and end with an ellipsis, as short as needed to fit the lines allowed.
    const last = lines[max - 1] as { end: number };
    const cuts = graphemeEnds(text, 0, last.end).reverse();
    for (const cut of cuts) {
      const shorter = layoutText(doc, `${text.slice(0, cut).trimEnd()}…`, width, {
        ...style,
        maxLines: undefined,
      });
      if (shorter.lines.length <= max) return shorter;
    }
  }
  return { lines, paragraph, height: lines.length * lineHeightOf(style.size) };
}

export interface TextWriter {
  /** Draws `text` with its top-left corner at (x, y), wrapped to `width`; returns the height it took. */
  draw(text: string, x: number, y: number, width: number, style: TextStyle): number;
  /** How tall `text` is when wrapped to `width`. */
  height(text: string, width: number, style: TextStyle): number;
  /** Closes the document's structure; call once, before doc.end(). */
  finish(): void;
}

/**
 * Text drawing for one tagged document. The glyphs of a line are in visual order (Arabic right to left, a Devanagari
 * vowel sign before its consonant) and a glyph may stand for different letters (Arabic letters that differ only by
 * their dots), so the glyphs alone cannot give the text back. Each line is therefore a Span in the document's
 * structure whose ActualText is the line as typed: screen readers, copying and text extraction read that.
 */
export function textWriter(doc: PDFKit.PDFDocument): TextWriter {
  const root = doc.struct("Document");
  doc.addStructure(root);
  // Blocks are measured before they are drawn; shaping the same text twice would double the work.
  const laidOut = new Map<string, LaidOut>();
  const layout = (text: string, width: number, style: TextStyle) => {
    const key = JSON.stringify([text, width, style.size, style.weight, style.direction, style.maxLines]);
    let laid = laidOut.get(key);
    if (!laid) {
      laid = layoutText(doc, text, width, style);
      laidOut.set(key, laid);
    }
    return laid;
  };
  return {
    height: (text, width, style) => layout(text, width, style).height,
    draw(text, x, y, width, style) {
      const laid = layout(text, width, style);
      const toRight = style.align === "right";
      laid.lines.forEach((line, n) => {
        const actual = logicalText(laid.paragraph, line.start, line.end);
        if (!actual.trim()) return;
        const baseline = y + n * lineHeightOf(style.size) + style.size * ascentFactor;
        let cursor = toRight ? x + width - line.width : x;
        root.add(
          doc.struct("Span", { actual }, () => {
            for (const run of visualRuns(laid.paragraph, line.start, line.end)) {
              const font = fontName(run.family as FontFamily, style.weight ?? "regular");
              const w = runWidth(doc, font, style.size, run.text);
              doc
                .font(font)
                .fontSize(style.size)
                .fillColor(style.color ?? "#000000");
              doc.text(run.text, cursor, baseline, { ...wholeRun, lineBreak: false, baseline: "alphabetic" });
              cursor += w;
            }
          }),
        );
      });
      return laid.height;
    },
    finish: () => root.end(),
  };
}

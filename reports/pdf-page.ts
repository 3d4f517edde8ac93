import PDFDocument from "pdfkit";
import { registerFonts } from "./fonts.js";
import { type TextStyle, type TextWriter, textWriter } from "./pdf-text.js";

// The page furniture both documents share: a tagged PDF with the script fonts registered, a cursor that moves down
// the page and starts a new page when the next block would not fit, a two-column grid of labelled facts, a table
// whose header is drawn again on every page it continues on, and page numbers. Every block is measured before it is
// drawn, so nothing is ever drawn over what came before.

export const ink = "#1e293b";
export const faint = "#64748b";
export const accent = "#0f766e";
export const danger = "#b91c1c";
const rule = "#e2e8f0";

/** A stored time as both documents print it. */
export const when = (iso: string | null) => (iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : "—");

export interface Page {
  doc: PDFKit.PDFDocument;
  text: TextWriter;
  left: number;
  width: number;
  /** Where the next block goes. */
  y: number;
  /** Starts a new page when `height` more would run into the bottom margin. */
  room(height: number): void;
  /** Whether `height` more still fits above the bottom margin. */
  fits(height: number): boolean;
  /** Page numbers, the structure closed, the bytes. */
  finish(): Promise<Buffer>;
}

export function newPage(options: {
  size: "A4" | "A5";
  margin: number;
  info: { Title: string; Author: string; Subject: string };
  footer: string;
}): Page {
  const doc = new PDFDocument({
    size: options.size,
    margin: options.margin,
    bufferPages: true,
    tagged: true,
    lang: "en",
    displayTitle: true,
    info: options.info,
  });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  registerFonts(doc);
  const text = textWriter(doc);
  const left = doc.page.margins.left;
  const footerSize = 7.5;
  // The footer lives in the bottom margin, below where any block may reach.
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const page: Page = {
    doc,
    text,
    left,
    width: doc.page.width - left - doc.page.margins.right,
    y: doc.page.margins.top,
    fits: (height) => page.y + height <= bottom(),
    room(height) {
      if (page.fits(height)) return;
      doc.addPage();
      page.y = doc.page.margins.top;
    },
    finish() {
      const range = doc.bufferedPageRange();
      for (let i = range.start; i < range.start + range.count; i++) {
        doc.switchToPage(i);
        const y = bottom() + 12;
        const style: TextStyle = { size: footerSize, color: faint };
        const number = `Page ${i + 1} of ${range.count}`;
        const numberWidth = 60;
        text.draw(options.footer, left, y, page.width - numberWidth - 8, { ...style, maxLines: 1 });
        text.draw(number, left + page.width - numberWidth, y, numberWidth, { ...style, align: "right" });
      }
      text.finish();
      doc.end();
      return done;
    },
  };
  return page;
}

/** Labelled facts in two columns; each row is as tall as its taller fact, so a long value never meets the next. */
export function factsGrid(page: Page, facts: readonly [label: string, value: string][]): void {
  const gap = 14;
  const column = (page.width - gap) / 2;
  const label: TextStyle = { size: 7.5, color: faint };
  const value: TextStyle = { size: 10.5, color: ink, direction: "auto" };
  for (let i = 0; i < facts.length; i += 2) {
    const row = facts.slice(i, i + 2);
    const heights = row.map(
      ([l, v]) => page.text.height(l.toUpperCase(), column, label) + page.text.height(v, column, value),
    );
    const height = Math.max(...heights) + 6;
    page.room(height);
    row.forEach(([l, v], n) => {
      const x = page.left + n * (column + gap);
      const labelHeight = page.text.draw(l.toUpperCase(), x, page.y, column, label);
      page.text.draw(v, x, page.y + labelHeight, column, value);
    });
    page.y += height;
  }
}

export interface Column {
  header: string;
  width: number | "*";
  align?: "left" | "right";
}

export interface Cell {
  text: string;
  bold?: boolean;
  color?: string;
}

/**
 * A table that flows across pages: a row that does not fit starts a new page, and the header row is drawn again at
 * the top of it. Row heights come from the tallest wrapped cell.
 */
export function table(
  page: Page,
  columns: readonly Column[],
  rows: readonly Cell[][],
  continued: string,
  options: { keepTogether?: boolean } = {},
): void {
  const pad = 4;
  const size = 9.5;
  const fixed = columns.reduce((s, c) => s + (c.width === "*" ? 0 : c.width), 0);
  const stars = columns.filter((c) => c.width === "*").length || 1;
  const widths = columns.map((c) => (c.width === "*" ? (page.width - fixed) / stars : c.width));
  const xs = widths.map((_, i) => page.left + widths.slice(0, i).reduce((s, w) => s + w, 0));
  const header: Cell[] = columns.map((c) => ({ text: c.header, bold: true, color: faint }));
  const style = (cell: Cell, i: number): TextStyle => ({
    size,
    weight: cell.bold ? "bold" : "regular",
    color: cell.color ?? ink,
    direction: "auto",
    align: columns[i]?.align ?? "left",
  });
  const heightOf = (cells: readonly Cell[]) =>
    Math.max(...cells.map((c, i) => page.text.height(c.text, (widths[i] as number) - 2 * pad, style(c, i)))) +
    2 * pad;
  const drawRow = (cells: readonly Cell[], shaded: boolean) => {
    const height = heightOf(cells);
    if (shaded) page.doc.rect(page.left, page.y, page.width, height).fill("#f1f5f9");
    cells.forEach((c, i) => {
      page.text.draw(
        c.text,
        (xs[i] as number) + pad,
        page.y + pad,
        (widths[i] as number) - 2 * pad,
        style(c, i),
      );
    });
    page.y += height;
    page.doc
      .moveTo(page.left, page.y)
      .lineTo(page.left + page.width, page.y)
      .lineWidth(0.5)
      .strokeColor(rule)
      .stroke();
  };
  const headerHeight = heightOf(header);
  // The header never stands alone at the foot of a page; a short table (a summary) is not split at all.
  const whole = headerHeight + rows.reduce((s, r) => s + heightOf(r), 0);
  const top = page.doc.page.margins.top;
  const pageRoom = page.doc.page.height - page.doc.page.margins.bottom - top;
  page.room(
    options.keepTogether && whole <= pageRoom ? whole : headerHeight + (rows[0] ? heightOf(rows[0]) : 0),
  );
  drawRow(header, true);
  for (const row of rows) {
    const height = heightOf(row);
    if (!page.fits(height)) {
      page.room(height);
      page.y += page.text.draw(continued, page.left, page.y, page.width, { size: 8, color: faint }) + 2;
      drawRow(header, true);
    }
    drawRow(row, false);
  }
}

/** A heading, kept on the same page as the first line that follows it. */
export function heading(page: Page, text: string, keepWith = 40): void {
  const style: TextStyle = { size: 12.5, weight: "bold", color: ink };
  page.room(page.text.height(text, page.width, style) + keepWith);
  page.y += page.text.draw(text, page.left, page.y, page.width, style) + 4;
}

/** A paragraph of running text across the page width. */
export function paragraph(page: Page, text: string, style: Partial<TextStyle> = {}): void {
  const s: TextStyle = { size: 9.5, color: ink, ...style };
  page.room(page.text.height(text, page.width, s));
  page.y += page.text.draw(text, page.left, page.y, page.width, s);
}

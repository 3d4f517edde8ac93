import bidiFactory, { type EmbeddingLevels } from "bidi-js";
import LineBreaker from "linebreak";
import type { FontFamily } from "./fonts.js";

// Text of any script made ready for drawing, without I/O: which font draws each character (by its Unicode script),
// where a line may break (Unicode line breaking, UAX #14, by the `linebreak` library) and in which visual order the
// pieces of a line go (the Unicode bidirectional algorithm, UAX #9, by `bidi-js`). Shaping itself (joined Arabic
// letters, Devanagari conjuncts) is left to the font engine, which gets each run in logical order.

const bidi = bidiFactory();

/** Whether a font family has a glyph for a code point; the drawing side answers it from the real font files. */
export type Coverage = (family: FontFamily, codePoint: number) => boolean;

const scripts: [RegExp, FontFamily][] = [
  [/[\p{Script=Arabic}]/u, "arabic"],
  [/[\p{Script=Devanagari}]/u, "devanagari"],
  [/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Bopomofo}]/u, "cjk"],
  [/[\p{L}\p{M}]/u, "latin"],
];
// Punctuation and digits shared by several scripts, and marks and joiners that belong to the letter before them.
const common = /[\p{Script=Common}\p{Script=Inherited}]/u;
const inherited = /[\p{Script=Inherited}\p{M}]/u;

/** The family a character's own script asks for, or null for characters shared by scripts (spaces, digits). */
export function familyOfScript(char: string): FontFamily | null {
  // CJK punctuation and full-width forms belong to no script but are drawn by the CJK font.
  if (/[\u3000-\u303f\uff00-\uffef\u30fc]/.test(char)) return "cjk";
  if (common.test(char)) return null;
  for (const [pattern, family] of scripts) if (pattern.test(char)) return family;
  return "latin";
}

/** Bidi controls steer the ordering and are never drawn (ZWJ and ZWNJ are kept: they steer shaping). */
const bidiControl = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** Wraps a value typed by a person so its direction never spills into the sentence around it (first-strong). */
export const isolate = (value: string) => `\u2068${value}\u2069`;

export interface Paragraph {
  text: string;
  levels: EmbeddingLevels;
  /** The font family of each UTF-16 unit of text. */
  families: FontFamily[];
}

/**
 * A paragraph's bidi levels and per-character fonts. Marks and joiners (Inherited script) stay with the letter
 * before them, so an Arabic vowel sign or a Devanagari ZWJ is shaped with its letter. Other shared characters
 * (spaces, digits, punctuation) take the Latin font when it has them, else the font before them (the Devanagari
 * danda, say), so a middle dot looks the same after a Chinese name as after a French one.
 */
export function paragraphOf(
  text: string,
  covers: Coverage,
  direction: "ltr" | "rtl" | "auto" = "ltr",
): Paragraph {
  const levels = bidi.getEmbeddingLevels(text, direction);
  const families: FontFamily[] = new Array(text.length);
  let previous: FontFamily | null = null;
  const pending: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i) as number;
    const char = String.fromCodePoint(cp);
    const wide = cp > 0xffff ? 2 : 1;
    let family = familyOfScript(char);
    if (!family && inherited.test(char) && previous) family = previous;
    if (!family && covers("latin", cp)) family = "latin";
    if (!family && previous) family = previous;
    if (family) {
      for (const j of pending) families[j] = family;
      pending.length = 0;
      previous = family;
    }
    for (let k = 0; k < wide; k++) {
      if (family) families[i + k] = family;
      else pending.push(i + k);
    }
    i += wide - 1;
  }
  // Leading characters no font claimed (a lone mark) go with the Latin font.
  for (const j of pending) families[j] = "latin";
  return { text, levels, families };
}

/** Positions where a line may end: after each, the next line may start (UAX #14). */
export function breakOpportunities(text: string): { position: number; required: boolean }[] {
  const breaker = new LineBreaker(text);
  const out: { position: number; required: boolean }[] = [];
  for (let bk = breaker.nextBreak(); bk; bk = breaker.nextBreak()) out.push(bk);
  return out;
}

/** Grapheme boundaries, for breaking a word longer than the line (a long visit id) without splitting a letter. */
export function graphemeEnds(text: string, start: number, end: number): number[] {
  const out: number[] = [];
  for (const g of new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(text.slice(start, end)))
    out.push(start + g.index + g.segment.length);
  return out;
}

/** A stretch of the paragraph as a person reads it (logical order), without bidi controls. */
export const logicalText = (p: Paragraph, start: number, end: number) =>
  p.text.slice(start, end).replace(new RegExp(bidiControl.source, "g"), "");

/** Runs of one font in logical order, for measuring a stretch of a paragraph. */
export function fontPieces(p: Paragraph, start: number, end: number): { text: string; family: FontFamily }[] {
  const out: { text: string; family: FontFamily }[] = [];
  let from = start;
  for (let i = start + 1; i <= end; i++)
    if (i === end || p.families[i] !== p.families[from]) {
      const text = p.text.slice(from, i).replace(new RegExp(bidiControl.source, "g"), "");
      if (text) out.push({ text, family: p.families[from] as FontFamily });
      from = i;
    }
  return out;
}

export interface VisualRun {
  /** In logical order when the font engine orders it itself (right-to-left script), else as drawn left to right. */
  text: string;
  family: FontFamily;
  rtl: boolean;
}

const rtlScript = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;

/**
 * The runs of one line [start, end) from left to right. Each run holds one font and one direction. A right-to-left
 * run that contains right-to-left letters is handed over in logical order, because the font engine shapes it (joins
 * the letters) and then lays its glyphs out right to left itself; a right-to-left run of shared characters only
 * (a dash, brackets) is reversed here, with mirrored brackets, since the engine would lay it out left to right.
 */
export function visualRuns(p: Paragraph, start: number, end: number): VisualRun[] {
  if (end <= start) return [];
  // bidi-js answers with every index of the paragraph; only this line's are reordered, so only they are kept.
  const order = bidi.getReorderedIndices(p.text, p.levels, start, end - 1).slice(start, end);
  const mirrored = bidi.getMirroredCharactersMap(p.text, p.levels.levels, start, end - 1);
  const visible = order.filter((i) => !bidiControl.test(p.text[i] as string));
  const runs: { indices: number[]; family: FontFamily; rtl: boolean }[] = [];
  for (const i of visible) {
    const rtl = (p.levels.levels[i] as number) % 2 === 1;
    const family = p.families[i] as FontFamily;
    const last = runs.at(-1);
    const prev = last?.indices.at(-1);
    if (last && last.family === family && last.rtl === rtl && prev === (rtl ? i + 1 : i - 1))
      last.indices.push(i);
    else runs.push({ indices: [i], family, rtl });
  }
  return runs.map(({ indices, family, rtl }) => {
    const charAt = (i: number) => mirrored.get(i) ?? (p.text[i] as string);
    if (!rtl) return { text: indices.map(charAt).join(""), family, rtl };
    const logical = [...indices].reverse().map(charAt).join("");
    if (rtlScript.test(logical)) return { text: logical, family, rtl };
    return { text: [...logical].reverse().join(""), family, rtl };
  });
}

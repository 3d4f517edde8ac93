import { describe, expect, it } from "vitest";
import { birthText } from "../../reports/birth-text.js";
import type { FontFamily } from "../../reports/fonts.js";
import { familyOfScript, isolate, paragraphOf, visualRuns } from "../../reports/script-runs.js";
import { overlapping } from "./pdf-reading.js";

// The pure half of drawing text: which font draws what, and in which order the pieces of a line go.

// Stands in for the font files: Latin covers ASCII and Latin-1, each script font its own letters and the space.
const covers = (family: FontFamily, cp: number) => (family === "latin" ? cp < 0x250 : cp === 0x20);
const runs = (text: string, direction: "ltr" | "rtl" | "auto" = "ltr") => {
  const p = paragraphOf(text, covers, direction);
  return visualRuns(p, 0, text.length).map((r) => [r.text, r.family, r.rtl ? "rtl" : "ltr"]);
};

describe("fonts by script", () => {
  it("picks the font of each letter's script; shared characters go with the text around them", () => {
    expect(["Ł", "ف", "क्ष", "王", "。", "1", " "].map(familyOfScript)).toEqual([
      "latin",
      "arabic",
      "devanagari",
      "cjk",
      "cjk",
      null,
      null,
    ]);
    // The Devanagari danda is shared by scripts but only the Devanagari font has it.
    expect(runs("नमस्ते।")).toEqual([["नमस्ते।", "devanagari", "ltr"]]);
    // An Arabic vowel sign stays with its letter.
    expect(runs("مُحَمَّد", "auto")).toEqual([["مُحَمَّد", "arabic", "rtl"]]);
  });
});

describe("bidi order of a line", () => {
  it("hands an Arabic name to the shaper in logical order, placed right to left among Latin words", () => {
    // Left to right on the page: the second word first, as the name is read from the right.
    expect(runs(`Patient: ${isolate("فاطمة الزهراء")} (P-1)`)).toEqual([
      ["Patient: ", "latin", "ltr"],
      ["الزهراء", "arabic", "rtl"],
      [" ", "latin", "rtl"],
      ["فاطمة", "arabic", "rtl"],
      [" (P-1)", "latin", "ltr"],
    ]);
  });

  it("orders a right-to-left paragraph from the right: digits stay left to right, brackets mirror", () => {
    expect(runs("فاطمة (12)", "auto")).toEqual([
      ["(", "latin", "rtl"],
      ["12", "latin", "ltr"],
      [") ", "latin", "rtl"],
      ["فاطمة", "arabic", "rtl"],
    ]);
  });

  it("keeps a typed name's direction from spilling onto the numbers after it", () => {
    // Without the isolate, the year would be read as part of the Arabic and drawn to its left.
    expect(runs(`by ${isolate("فاطمة")} 2026`).map((r) => r[0])).toEqual(["by ", "فاطمة", " 2026"]);
  });
});

describe("birth dates on documents", () => {
  it("prints an estimated birth date as an age and an exact one as the date with the age", () => {
    expect(birthText("1998-11-30", true, "2026-11-30T09:00:00Z")).toBe("about 28 years");
    expect(birthText("1998-12-01", true, "2026-11-30T09:00:00Z")).toBe("about 27 years");
    expect(birthText("2026-05-01", true, "2026-11-30T09:00:00Z")).toBe("under 1 year (estimated)");
    expect(birthText("1998-11-30", false, "2026-11-30T09:00:00Z")).toBe("1998-11-30 (28 years)");
    expect(birthText(null, false, "2026-11-30T09:00:00Z")).toBe("—");
  });
});

describe("the overlap check the layout tests rely on", () => {
  it("finds two lines drawn over each other and lets touching rows be", () => {
    const line = (text: string, bottom: number, left = 0) => ({
      text,
      glyphText: text,
      rtl: false,
      fonts: [],
      boxes: [{ left, right: left + 100, bottom, top: bottom + 10 }],
    });
    expect(overlapping({ width: 500, height: 500, lines: [line("a", 0), line("b", 5)] })).toEqual([
      ["a", "b"],
    ]);
    expect(overlapping({ width: 500, height: 500, lines: [line("a", 0), line("b", 10)] })).toEqual([]);
    expect(overlapping({ width: 500, height: 500, lines: [line("a", 0), line("b", 0, 100)] })).toEqual([]);
  });
});

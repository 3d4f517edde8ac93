import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { referenceDocs } from "../../cli/reference-docs.js";

describe("docs generated from the code", () => {
  for (const [path, text] of Object.entries(referenceDocs()))
    it(`${path} matches the code (run \`npm run hms -- docs\` after changing the catalog or the rules)`, () => {
      expect(readFileSync(path, "utf8")).toBe(text);
    });
});

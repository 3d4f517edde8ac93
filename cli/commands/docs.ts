import { writeFileSync } from "node:fs";
import { referenceDocs } from "../reference-docs.js";

export const summary = "Regenerate docs/event-catalog.md and docs/workflow.md from the code";

export async function run(): Promise<number> {
  for (const [path, text] of Object.entries(referenceDocs())) {
    writeFileSync(path, text);
    console.log(`Wrote ${path}`);
  }
  return 0;
}

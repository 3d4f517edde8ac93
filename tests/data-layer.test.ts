import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// DESIGN.md: every query and write of a desk lives in db/ (and the central server's in its storage files), so a
// column change is found by the compiler rather than by a clinic. This check reads the sources: a statement written
// anywhere else fails it, naming the file and line.

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "node_modules" ? [] : files(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

/** A SQL statement in a string, or a statement prepared or a pragma run on a connection. */
const sqlPattern =
  /\b(SELECT\s+(DISTINCT\s+)?[A-Za-z*("]|INSERT\s+(OR\s+[A-Z]+\s+)?INTO|UPDATE\s+["\w]+\s+SET|DELETE\s+FROM|CREATE\s+(TABLE|INDEX|TRIGGER))|\.(prepare|pragma)\(/;

/** Line comments and block comments blanked out, line breaks kept, so a comment may name SQL. */
const withoutComments = (source: string) =>
  source
    .replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, " "))
    .replace(/(^|[^:"'`\\])\/\/.*$/gm, "$1");

/** Where SQL may be written: the desk's data layer and the central server's storage. */
const allowed = (file: string) =>
  file.startsWith(`db${"/"}`) ||
  file === join("server", "sqlite-storage.ts") ||
  file.startsWith(join("server", "postgres") + "/");

/**
 * Files that still hold SQL, each with the reason; the check also fails once one of them holds none, so the list
 * only shrinks. audit/ and seed/ belong to changes under way elsewhere; bench/ measures raw SQLite beside the app
 * on purpose.
 */
const notYetMoved = new Map<string, string>([
  [join("bench", "audit-export.ts"), "bench: raw baseline"],
  [join("bench", "core.ts"), "bench: raw baseline"],
  [join("bench", "million-file.ts"), "bench: builds its file directly"],
  [join("bench", "raw-table.ts"), "bench: the raw seed-shaped table it compares with"],
  [join("bench", "sync.ts"), "bench: raw baseline"],
]);

const roots = [
  "api",
  "audit",
  "bench",
  "cli",
  "domain",
  "electron",
  "ops",
  "renderer",
  "reports",
  "seed",
  "server",
  "sync",
];

function sqlLines(file: string): string[] {
  const lines = withoutComments(readFileSync(file, "utf8")).split("\n");
  return lines.flatMap((line, i) => (sqlPattern.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : []));
}

describe("the data layer", () => {
  it("finds SQL where it is written (the check itself works)", () => {
    expect(sqlPattern.test(`statement(db.sqlite, "SELECT name FROM staff WHERE id = ?")`)).toBe(true);
    expect(sqlPattern.test("INSERT OR IGNORE INTO command_replies (staffId) VALUES (?)")).toBe(true);
    expect(sqlPattern.test(`sqlite.prepare(text)`)).toBe(true);
    expect(sqlPattern.test(`t("Select a patient")`)).toBe(false);
    expect(withoutComments("const a = 1; // SELECT x FROM y")).not.toMatch(sqlPattern);
  });

  it("holds every query and write of the desk: no SQL outside db/ and the server's storage", () => {
    const found = roots
      .flatMap((root) => {
        try {
          return files(root);
        } catch {
          return [];
        }
      })
      .filter((file) => !allowed(file) && !notYetMoved.has(file))
      .flatMap(sqlLines);
    expect(found).toEqual([]);
  });

  it("lists as not yet moved only files that still hold SQL", () => {
    const moved = [...notYetMoved.keys()].filter((file) => sqlLines(file).length === 0);
    expect(moved).toEqual([]);
  });
});

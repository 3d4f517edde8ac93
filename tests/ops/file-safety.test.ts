import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startWebHost } from "../../api/http/host.js";
import type { CliCommand } from "../../cli/command-list.js";
import { commands } from "../../cli/command-list.js";
import { DatabaseOpenError } from "../../db/open.js";
import { storeVisitDocument } from "../../reports/visit-document-file.js";
import { filesBeside, foreignKinds, sha256OfFile, writeForeignFile } from "../support/files.js";
import { makeClinic, tempDir } from "../support/temp-db.js";

// Every command and host pointed at a file that is not a clinic database refuses it before writing anything: the
// file's SHA-256 is the same afterwards and nothing appears beside it (no -wal, -shm or .partial).

const { dir, cleanup } = tempDir("hms-file-safety-");
afterAll(cleanup);

const load = async (name: string): Promise<CliCommand> => (commands[name] as () => Promise<CliCommand>)();

/** Each command as a person would run it on the file; `out` is somewhere it may write its result. */
const uses: Record<string, (file: string, out: string) => string[]> = {
  rebuild: (file) => ["--db", file],
  backup: (file, out) => ["--db", file, "--to", out],
  "export-audit": (file, out) => ["--db", file, "--out", out, "--by", "stf_1"],
  seed: (file) => ["--db", file, "--days", "1", "--visits-per-day", "2", "--random-seed", "x"],
  verify: (file) => ["--db", file],
  analytics: (file) => ["--db", file],
  sync: (file) => ["--db", file],
  enroll: (file) => ["--db", file, "--server", "http://127.0.0.1:9", "--code", "ABCD-EFGH"],
  web: (file) => ["--db", file, "--port", "0"],
};

let n = 0;
describe.each(foreignKinds)("a file that is not a clinic database (%s)", (kind) => {
  it.each(Object.keys(uses))("is refused by clinic-hms %s, unchanged", async (name) => {
    const folder = join(dir, `case-${++n}`);
    mkdirSync(folder);
    const file = join(folder, "clinic.sqlite");
    const before = writeForeignFile(file, kind);
    const out = join(folder, "out.file");
    const command = await load(name);
    await expect(command.run((uses[name] as (f: string, o: string) => string[])(file, out))).rejects.toThrow(
      DatabaseOpenError,
    );
    expect(sha256OfFile(file)).toBe(before);
    expect(readdirSync(folder)).toEqual(["clinic.sqlite"]);
  });

  it("is refused by the browser host", async () => {
    const folder = join(dir, `case-${++n}`);
    mkdirSync(folder);
    const file = join(folder, "clinic.sqlite");
    const before = writeForeignFile(file, kind);
    await expect(startWebHost({ dbPath: file, port: 0 })).rejects.toThrow(/not a clinic database/);
    expect(sha256OfFile(file)).toBe(before);
    expect(filesBeside(file)).toEqual(["clinic.sqlite"]);
  });
});

describe("as a person sees it", () => {
  it("prints one line saying what is wrong and exits with an error", () => {
    const file = join(dir, "recipes.sqlite");
    const before = writeForeignFile(file, "foreign tables");
    const r = spawnSync(process.execPath, ["cli/bin.js", "rebuild", "--db", file], { encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/recipes\.sqlite is an SQLite database of another program \(tables recipes\)/);
    expect(sha256OfFile(file)).toBe(before);
    expect(existsSync(join(dir, "logs"))).toBe(false);
  });

  it("a mistyped path is an error for commands that need an existing clinic, and makes no file", async () => {
    const typo = join(dir, "clinc.sqlite");
    for (const name of ["rebuild", "backup", "export-audit", "verify", "analytics", "sync"]) {
      await expect(
        (await load(name)).run((uses[name] as (f: string, o: string) => string[])(typo, join(dir, "o"))),
      ).rejects.toThrow(/There is no clinic database at/);
      expect(existsSync(typo)).toBe(false);
    }
    // The browser host's command makes a new clinic at a path it is given only with --create.
    expect(await (await load("web")).run(["--db", typo, "--port", "0"])).toBe(2);
    expect(existsSync(typo)).toBe(false);
  });
});

describe("a document whose upload fails", () => {
  it("leaves no .partial behind", () => {
    const clinic = makeClinic();
    try {
      // Something already sits where the document would go, so the final rename fails after the bytes are written.
      const visitFolder = join(clinic.dir, "documents", "V1");
      mkdirSync(join(visitFolder, "DOC1-scan.pdf", "in-the-way"), { recursive: true });
      expect(() =>
        storeVisitDocument(clinic.db, {
          visitId: "V1",
          documentId: "DOC1",
          fileName: "scan.pdf",
          bytes: Buffer.alloc(64 * 1024, 7),
        }),
      ).toThrow();
      expect(readdirSync(visitFolder)).toEqual(["DOC1-scan.pdf"]);
    } finally {
      clinic.close();
    }
  });
});

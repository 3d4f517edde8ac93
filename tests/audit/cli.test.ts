import { spawnSync } from "node:child_process";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "../support/temp-db.js";

// The audit commands as a clinic's administrator and an auditor run them: real processes on a seeded file.

const { dir, cleanup } = tempDir("hms-audit-cli-");
const db = join(dir, "clinic.sqlite");
let admin: string;

const hms = (...args: string[]) => spawnSync(process.execPath, ["cli/bin.js", ...args], { encoding: "utf8" });

beforeAll(() => {
  const seeded = hms(
    "seed",
    "--db",
    db,
    "--days",
    "1",
    "--visits-per-day",
    "12",
    "--random-seed",
    "audit",
    "--until",
    "2026-02-11T18:00:00Z",
  );
  expect(seeded.status, seeded.stderr).toBe(0);
  const s = new Database(db, { readonly: true });
  admin = s.prepare("SELECT id FROM staff WHERE role = 'admin' LIMIT 1").pluck().get() as string;
  s.close();
});
afterAll(cleanup);

describe("hms export-audit and hms verify-audit", () => {
  it.each(["ndjson", "csv", "fhir"])(
    "exports %s from a seeded database and the auditor's check passes",
    (format) => {
      const out = join(dir, `audit.${format}`);
      const exported = hms(
        "export-audit",
        "--db",
        db,
        "--out",
        out,
        "--format",
        format,
        "--by",
        admin,
        "--include-security",
      );
      expect(exported.status, exported.stderr).toBe(0);
      expect(exported.stdout).toMatch(/^Exported \d+ records to /);
      const checked = hms("verify-audit", out);
      expect(checked.status, checked.stderr).toBe(0);
      expect(checked.stdout.trim().split("\n")).toHaveLength(1);
      expect(checked.stdout).toMatch(/^OK audit\./);
    },
  );

  it("refuses to overwrite an export without --force", () => {
    const out = join(dir, "twice.ndjson");
    expect(hms("export-audit", "--db", db, "--out", out, "--by", admin).status).toBe(0);
    const again = hms("export-audit", "--db", db, "--out", out, "--by", admin);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain("already exists");
    expect(hms("export-audit", "--db", db, "--out", out, "--by", admin, "--force").status).toBe(0);
  });

  it("names the first bad line of a tampered copy", () => {
    const out = join(dir, "original.ndjson");
    expect(hms("export-audit", "--db", db, "--out", out, "--by", admin).status).toBe(0);
    const copy = join(dir, "tampered.ndjson");
    const lines = readFileSync(out, "utf8").split("\n");
    lines[6] = (lines[6] as string).replace(
      /"performedAt":"(\d{4})/,
      (_m, y) => `"performedAt":"${Number(y) - 1}`,
    );
    writeFileSync(copy, lines.join("\n"));
    copyFileSync(`${out}.manifest.json`, `${copy}.manifest.json`);
    const checked = hms("verify-audit", copy);
    expect(checked.status).toBe(1);
    expect(checked.stderr).toContain("tampered.ndjson:7: line 7 its hash does not match its contents");
  });

  it("explains its options when one is missing", () => {
    const r = hms("export-audit", "--db", db);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("Usage: hms export-audit");
  });
});

describe("hms verify --db", () => {
  it("recomputes every chain of a live database", () => {
    const r = hms("verify", "--db", db);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /^OK: \d+ records in 2 chains, every hash and link checks out; device key [0-9a-f]{16} matches the security log\./,
    );
  });

  it("reports the first break when someone rewrote an event behind the app's back", () => {
    const broken = join(dir, "broken.sqlite");
    const s = new Database(db);
    s.exec(`VACUUM INTO '${broken}'`);
    s.close();
    const b = new Database(broken);
    // Only someone bypassing the app could do this: drop the append-only trigger, then rewrite a payment.
    b.exec("DROP TRIGGER visit_events_no_update");
    b.prepare("UPDATE visit_events SET description = 'paid in cash, nothing owed' WHERE position = 10").run();
    b.close();
    const r = hms("verify", "--db", broken);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/visit_events position 10 .*its hash does not match its contents/);
  });
});

import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyDatabase } from "../../audit/verify-db.js";
import { type RouterClinic, routerClinic } from "../api/router-support.js";
import { type Clinic, makeClinic } from "../support/temp-db.js";

// Every export that is refused is itself in the security log (audit_export_refused): who asked, what they asked
// for and why it was refused, chained like every other entry; nothing is written. Through the API (the admin
// screen's channel) and through the command line.

interface Row {
  action: string;
  outcome: string;
  staffId: string | null;
  detail: string;
}
const lastEntry = (s: Database.Database) =>
  s
    .prepare("SELECT action, outcome, staffId, detail FROM security_audit ORDER BY seq DESC LIMIT 1")
    .get() as Row;
const refusals = (s: Database.Database) =>
  s
    .prepare("SELECT COUNT(*) FROM security_audit WHERE action = 'audit_export_refused'")
    .pluck()
    .get() as number;

describe("refused exports through the API", () => {
  // One clinic for the whole block: setting it up hashes four passwords at full strength.
  let c: RouterClinic;
  beforeAll(async () => {
    c = await routerClinic();
  }, 240_000);
  afterAll(() => c?.close());
  const exported = () => {
    const folder = join(dirname(c.db.path), "exports");
    return existsSync(folder) ? readdirSync(folder) : [];
  };

  it("a role that may not export is refused and the refusal is audited, not as a plain forbidden call", async () => {
    const r = await c.call("reception", "exportAuditLog", { format: "ndjson" });
    expect(!r.ok && [r.status, r.error.code]).toEqual([403, "FORBIDDEN"]);
    const row = lastEntry(c.db.sqlite);
    expect(row).toMatchObject({
      action: "audit_export_refused",
      outcome: "refused",
      staffId: c.ids.reception,
    });
    expect(JSON.parse(row.detail)).toMatchObject({ channel: "exportAuditLog", role: "reception" });
    expect(exported()).toEqual([]);
  });

  it("a range that ends before it starts is refused with a sentence, audited with the reason", async () => {
    const r = await c.call("admin", "exportAuditLog", {
      format: "csv",
      from: "2026-03-05",
      to: "2026-03-01",
    });
    expect(!r.ok && r.status).toBe(422);
    expect(!r.ok && r.error).toMatchObject({ code: "INVALID_OPTIONS" });
    expect(!r.ok && r.error.message).toContain("must come before");
    const row = lastEntry(c.db.sqlite);
    expect(row).toMatchObject({ action: "audit_export_refused", outcome: "refused", staffId: c.ids.admin });
    expect(JSON.parse(row.detail)).toMatchObject({
      code: "INVALID_OPTIONS",
      request: { format: "csv", from: "2026-03-05", to: "2026-03-01" },
    });
    expect(exported()).toEqual([]);
  });

  it("input that does not parse is refused field by field, and audited for the person who sent it", async () => {
    const before = refusals(c.db.sqlite);
    const r = await c.call("admin", "exportAuditLog", { format: "pdf", from: "yesterday" });
    expect(!r.ok && [r.status, r.error.code]).toEqual([400, "INVALID_INPUT"]);
    const row = lastEntry(c.db.sqlite);
    expect(row).toMatchObject({ action: "audit_export_refused", staffId: c.ids.admin });
    expect(JSON.parse(row.detail)).toMatchObject({ channel: "exportAuditLog", code: "INVALID_INPUT" });
    // Nobody signed in: refused, but there is no one to write it down for.
    const anonymous = await c.call(null, "exportAuditLog", { format: "pdf" });
    expect(!anonymous.ok && anonymous.status).toBe(400);
    expect(refusals(c.db.sqlite)).toBe(before + 1);
    expect(verifyDatabase(c.db.sqlite).ok).toBe(true);
  });

  it("an allowed export is recorded as audit_exported, not as a refusal", async () => {
    const before = refusals(c.db.sqlite);
    const r = await c.call("admin", "exportAuditLog", { format: "fhir", includeSecurity: true });
    expect(r.ok, JSON.stringify(r)).toBe(true);
    expect(lastEntry(c.db.sqlite)).toMatchObject({ action: "audit_exported", outcome: "ok" });
    expect(refusals(c.db.sqlite)).toBe(before);
    expect(exported()).toHaveLength(2);
  });
});

describe("refused exports on the command line", () => {
  let c: Clinic;
  const hms = (...args: string[]) =>
    spawnSync(process.execPath, ["cli/bin.js", "export-audit", "--db", c.path, ...args], {
      encoding: "utf8",
    });
  beforeAll(() => {
    c = makeClinic();
    c.db.close();
  });
  afterAll(() => c.close());

  it("names what is wrong, writes nothing, and leaves an audit_export_refused entry for each", () => {
    const out = join(c.dir, "audit.ndjson");
    const cases: [string[], number, string, Record<string, unknown>][] = [
      [
        ["--out", join(c.dir, "no-such-folder", "a.ndjson"), "--by", c.admin.id],
        1,
        "There is no folder",
        { code: "NO_FOLDER", request: { file: "a.ndjson", exportedBy: c.admin.id } },
      ],
      [
        ["--out", out, "--by", c.admin.id, "--from", "2026-03-05", "--to", "2026-03-01"],
        2,
        "must come before",
        { code: "INVALID_OPTIONS", request: { from: "2026-03-05", to: "2026-03-01" } },
      ],
      [
        ["--out", out, "--by", c.admin.id, "--format", "xml"],
        2,
        "Format",
        { code: "INVALID_OPTIONS", request: { format: "xml" } },
      ],
      [
        ["--out", out, "--by", "staff_nobody"],
        1,
        "is not an active member of staff",
        { code: "UNKNOWN_STAFF", request: { exportedBy: "staff_nobody" } },
      ],
    ];
    for (const [args, status, words, detail] of cases) {
      const r = hms(...args);
      expect(r.status, `${args.join(" ")}: ${r.stderr}`).toBe(status);
      expect(r.stderr).toContain(words);
      const s = new Database(c.path, { readonly: true });
      const row = lastEntry(s);
      s.close();
      expect(row).toMatchObject({
        action: "audit_export_refused",
        outcome: "refused",
        staffId: detail.code === "UNKNOWN_STAFF" ? null : c.admin.id,
      });
      expect(JSON.parse(row.detail)).toMatchObject(detail);
    }
    expect(readdirSync(c.dir).filter((f) => f.includes("ndjson"))).toEqual([]);
    const s = new Database(c.path, { readonly: true });
    expect(refusals(s)).toBe(cases.length);
    expect(verifyDatabase(s).ok).toBe(true);
    s.close();
  });
});

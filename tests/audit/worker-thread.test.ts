import { readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportAudit } from "../../audit/export.js";
import { verifyDatabaseOffThread } from "../../audit/off-thread.js";
import { verifyDatabase } from "../../audit/verify-db.js";
import { verifyExport } from "../../audit/verify-export.js";
import { type ClinicDb, openClinicDb } from "../../db/open.js";
import { securityEntriesBefore } from "../../db/security-audit.js";
import { staffRoster } from "../../db/staff.js";
import { planClinic } from "../../seed/plan.js";
import { writeClinic } from "../../seed/write.js";
import { tempDir } from "../support/temp-db.js";

// Exports and the chain check run on a worker thread with their own read-only connection: while one runs, the
// desk's thread keeps answering its small reads; what they write and say is what they wrote and said on the desk's
// thread; a failure in the thread comes back as the same clear error, recorded in the security log.

let db: ClinicDb;
let dir: string;
let cleanup: () => void;
let admin: string;
const now = new Date("2026-01-31T23:30:00.000Z");

beforeAll(() => {
  const temp = tempDir("hms-audit-thread-");
  ({ dir, cleanup } = temp);
  db = openClinicDb(join(dir, "clinic.sqlite"));
  const plan = planClinic({ randomSeed: "audit-thread", days: 20, visitsPerDay: 60, until: now });
  const written = writeClinic(db, plan, 20, { batchMinutes: 24 * 60, batchSize: 20_000 });
  if (!written.ok) throw new Error(written.error.message);
  admin = staffRoster(db).find((s) => s.role === "admin" && s.active)?.id as string;
}, 300_000);

afterAll(() => {
  db?.close();
  cleanup?.();
});

describe("audit work on a worker thread", () => {
  it("leaves the desk's thread free: small reads answer while an export is being written", async () => {
    let finished = false;
    let reports = 0;
    let answeredMidway = 0;
    const run = exportAudit(
      db,
      { file: join(dir, "busy.fhir.json"), format: "fhir", exportedBy: admin, includeSecurity: true },
      (p) => {
        if (p.done < p.total) reports += 1;
      },
    ).then((r) => {
      finished = true;
      return r;
    });
    while (!finished) {
      // A small read on the desk's own connection, as the queue screen makes.
      expect(staffRoster(db).length).toBeGreaterThan(0);
      if (reports > 0 && !finished) answeredMidway += 1;
      await new Promise((r) => setTimeout(r, 1));
    }
    const r = await run;
    expect(r.ok).toBe(true);
    expect(r.ok && r.value.records).toBeGreaterThan(10_000);
    // Several pages were reported before the end, and reads kept answering between them: had the export held
    // this thread, none would have run until it was over.
    expect(reports).toBeGreaterThan(2);
    expect(answeredMidway).toBeGreaterThan(5);
    expect((await verifyExport(join(dir, "busy.fhir.json"))).ok).toBe(true);
  }, 300_000);

  it("checks the clinic file's chains with the same verdict as on the desk's thread, reporting progress", async () => {
    const seen: number[] = [];
    const threaded = await verifyDatabaseOffThread(db, (done) => seen.push(done));
    expect(threaded).toEqual(verifyDatabase(db.sqlite));
    expect(threaded.ok).toBe(true);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.at(-1)).toBe(threaded.ok ? threaded.records : -1);
  }, 120_000);

  it("turns a failure in the thread into the export's clear error, records it, and leaves no file", async () => {
    // The desk's connection still checks the request; the thread then cannot open the file it was sent to read.
    const elsewhere = { ...db, path: join(dir, "moved-away.sqlite") };
    const file = join(dir, "never.ndjson");
    const r = await exportAudit(elsewhere, { file, format: "ndjson", exportedBy: admin });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.code).toBe("WRITE_FAILED");
    expect(!r.ok && r.error.message).toMatch(
      /^The export could not be written: .+\. No file was left under never\.ndjson\.$/,
    );
    expect(readdirSync(dir).filter((f) => f.includes("never"))).toEqual([]);
    const last = securityEntriesBefore(db, 1)[0];
    expect(last).toMatchObject({ action: "audit_exported", outcome: "failed", staffId: admin });
  }, 60_000);
});

import { spawnSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportAudit } from "../../audit/export.js";
import { type Manifest, signManifest } from "../../audit/manifest.js";
import { verifyExport } from "../../audit/verify-export.js";
import { getDeviceKey } from "../../db/device-keys.js";
import { type ClinicDb, openClinicDb, readMeta } from "../../db/open.js";
import { registerPatient } from "../../db/patients.js";
import { eventHash } from "../../domain/event-hash.js";
import { openCheckpoint, parseVerifierKey, signCheckpoint, verifierKey } from "../../sync/checkpoint.js";
import { checkpointKeys } from "../../sync/desk-store.js";
import { makeClinic } from "../support/temp-db.js";
import {
  type InProcessClinic,
  type InProcessDesk,
  inProcessClinic,
} from "../sync/support/in-process-clinic.js";
import { foundClinic } from "../sync/support/people.js";

// An audit export carries the newest checkpoint the sync server signed and the desk verified; verify-audit checks
// its signature (against the server key the auditor was given) and that the export's first N visit events are the
// server's events 1..N (the checkpoint's running hash). Two desks of a real in-process clinic, one event left
// unsynced; then what a desk alone could forge: a checkpoint of its own, an edited one, a rewritten history.

let clinic: InProcessClinic;
let reception: InProcessDesk;
let adminId: string;
let serverKey: string;
let n = 0;

const fresh = (ext = "ndjson") => join(clinic.dir, `audit-${++n}.${ext}`);
async function exportFrom(db: ClinicDb, format: "ndjson" | "csv" | "fhir", extra = {}): Promise<string> {
  const file = fresh(format);
  const r = await exportAudit(db, { file, format, exportedBy: adminId, includeSecurity: true, ...extra });
  if (!r.ok) throw new Error(r.error.message);
  return file;
}
const manifestOf = (file: string) => JSON.parse(readFileSync(`${file}.manifest.json`, "utf8")) as Manifest;
/** What a desk that holds its own device key can do: write any manifest and sign it. */
function resign(file: string, db: ClinicDb, change: (m: Manifest) => Manifest): void {
  const { signature: _old, ...unsigned } = change(manifestOf(file));
  writeFileSync(
    `${file}.manifest.json`,
    JSON.stringify(signManifest(unsigned, getDeviceKey(db).privateKey), null, 2),
  );
}

beforeAll(async () => {
  clinic = await inProcessClinic();
  reception = await clinic.desk("reception");
  const lab = await clinic.desk("lab");
  const admin = await foundClinic(reception.db, {
    name: "Ada Admin",
    username: "ada",
    password: "Harbour-Lantern-91",
    clinicName: "Riverside",
  });
  adminId = admin.staffId;
  const visit = (db: ClinicDb, visitId: string, name: string) => {
    const p = registerPatient(db, { name, sex: "female" });
    if (!p.ok) throw new Error(p.error.message);
    const added = db.events.append([
      { visitId, eventType: "VISIT_REGISTERED", metadata: { patientId: p.value.id } },
    ]);
    if (!added.ok) throw new Error(added.error.message);
    db.events.append([{ visitId, eventType: "QUEUE_JOINED" }]);
  };
  visit(reception.db, "v1", "Efua Owusu");
  await reception.job.runNow();
  await lab.job.runNow();
  visit(lab.db, "v2", "Abena Mensah");
  await lab.job.runNow();
  await reception.job.runNow();
  // One more step at reception, not yet synced: after the checkpoint, vouched for by the desk's key only.
  reception.db.events.append([{ visitId: "v1", eventType: "QUEUE_CALLED" }]);
  serverKey = await clinic.api.verifierKey();
}, 120_000);
afterAll(() => clinic.close());

describe("an audit export checked against the sync server's checkpoint", () => {
  it("carries the desk's newest checkpoint, which covers the four synced events", async () => {
    const file = await exportFrom(reception.db, "ndjson");
    const m = manifestOf(file);
    expect(m.checkpoint?.note).toBe(readMeta(reception.db.sqlite, checkpointKeys.checkpoint));
    expect(m.checkpoint?.serverKey).toBe(serverKey);
    const key = parseVerifierKey(serverKey);
    const opened = key && openCheckpoint(m.checkpoint?.note ?? "", key);
    expect(opened?.ok && opened.checkpoint.size).toBe(4);
    // Sequenced events first, by server sequence; the unsynced one after them.
    const events = readFileSync(file, "utf8")
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l))
      .filter((r) => r.kind === "visit_event");
    const bySeq = reception.db.sqlite
      .prepare("SELECT id FROM visit_events ORDER BY serverSeq IS NULL, serverSeq, position")
      .pluck()
      .all();
    expect(events.map((e) => e.id)).toEqual(bySeq);
    expect(events.map((e) => e.visitId)).toEqual(["v1", "v1", "v2", "v2", "v1"]);
  });

  it.each(["ndjson", "csv", "fhir"] as const)(
    "a complete %s export verifies against the server key, saying what the checkpoint covers",
    async (format) => {
      const file = await exportFrom(reception.db, format);
      const v = await verifyExport(file, { serverKey });
      expect(v.ok, JSON.stringify(v)).toBe(true);
      const summary = v.ok ? v.summary : "";
      expect(summary).toContain(`Server checkpoint hms-sync/${clinic.clinicId} of 4 events signed at`);
      expect(summary).toContain("by the server key you gave: the first 4 visit events match its root");
      expect(summary).toMatch(
        /the \d+ records after them \(events not yet synced when exported, or the security log\) are vouched for by the desk's key only/,
      );
    },
  );

  it("without --server-key, says plainly that the server key was not checked and how to get it", async () => {
    const file = await exportFrom(reception.db, "ndjson");
    const v = await verifyExport(file);
    expect(v.ok).toBe(true);
    const summary = v.ok ? v.summary : "";
    expect(summary).toContain("which was NOT checked against a known key");
    expect(summary).toContain(
      "clinic-hms sync-server key on the server) and run again with --server-key KEY",
    );
    expect(summary).toContain("The signer was NOT checked against a known key");
    expect(summary).toContain(`--fingerprint ${getDeviceKey(reception.db).fingerprint}`);
  });

  it("a filtered export: the signature is checked, and the summary says the root cannot be", async () => {
    const file = await exportFrom(reception.db, "ndjson", { visitId: "v2" });
    const v = await verifyExport(file, { serverKey });
    expect(v.ok, JSON.stringify(v)).toBe(true);
    expect(v.ok && v.summary).toContain(
      "its signature holds, but a filtered export leaves events out, so its root cannot be recomputed from this file",
    );
  });

  it("refuses a checkpoint the desk signed itself when the auditor holds the server's key", async () => {
    const file = await exportFrom(reception.db, "ndjson");
    const real = parseVerifierKey(serverKey);
    const opened = real && openCheckpoint(manifestOf(file).checkpoint?.note ?? "", real);
    if (!opened?.ok) throw new Error("no checkpoint");
    const own = generateKeyPairSync("ed25519");
    const forgedKey = verifierKey("hms-sync", own.publicKey);
    resign(file, reception.db, (m) => ({
      ...m,
      checkpoint: {
        note: signCheckpoint(opened.checkpoint, "hms-sync", own.privateKey),
        serverKey: forgedKey,
      },
    }));
    const v = await verifyExport(file, { serverKey });
    expect(v.ok).toBe(false);
    expect(!v.ok && v.problem).toBe(
      `the checkpoint is vouched for by server key ${forgedKey}, not by the server key you gave: it was not signed by the clinic's sync server`,
    );
    // Without the server's key, the forgery is self-consistent, and the summary says it was not checked.
    const unchecked = await verifyExport(file);
    expect(unchecked.ok && unchecked.summary).toContain("which was NOT checked against a known key");
  });

  it("refuses a checkpoint whose text was changed after the server signed it", async () => {
    const file = await exportFrom(reception.db, "ndjson");
    resign(file, reception.db, (m) => ({
      ...m,
      checkpoint: { serverKey, note: (m.checkpoint?.note ?? "").replace("\n4\n", "\n3\n") },
    }));
    const v = await verifyExport(file);
    expect(!v.ok && v.problem).toBe(
      "the server checkpoint cannot be trusted: the checkpoint's signature does not verify: its text was changed",
    );
  });

  it("refuses the export of a desk that rewrote its history, though every hash and link in it holds", async () => {
    const copy = join(clinic.dir, "rewritten.sqlite");
    reception.db.sqlite.exec(`VACUUM INTO '${copy}'`);
    const raw = new Database(copy);
    for (const t of raw
      .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'visit_events'")
      .pluck()
      .all() as string[])
      raw.exec(`DROP TRIGGER "${t}"`);
    // Rewrite the desk's own first event and re-hash its chain from there: a consistent history, but not the one
    // the server sequenced.
    const own = raw
      .prepare("SELECT * FROM visit_events WHERE deviceId = ? ORDER BY position")
      .all(reception.db.deviceId) as (Parameters<typeof eventHash>[0] & { id: string })[];
    let prevHash: string | null = null;
    for (const [i, row] of own.entries()) {
      const e = { ...row, prevHash, ...(i === 0 ? { description: "registered on another day" } : {}) };
      const hash = eventHash(e);
      raw
        .prepare("UPDATE visit_events SET description = ?, prevHash = ?, hash = ? WHERE id = ?")
        .run(e.description, prevHash, hash, e.id);
      prevHash = hash;
    }
    raw.close();
    const db = openClinicDb(copy, { create: false });
    try {
      const file = await exportFrom(db, "ndjson");
      const v = await verifyExport(file, { serverKey });
      expect(v.ok).toBe(false);
      expect(!v.ok && v.line).toBe(4);
      expect(!v.ok && v.problem).toContain(
        "ends the first 4 visit events, which are not the ones the sync server signed in its checkpoint of 4 events",
      );
    } finally {
      db.close();
    }
  });

  it("the command line takes --server-key and refuses a key that did not sign the checkpoint", async () => {
    const file = await exportFrom(reception.db, "csv");
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ["cli/bin.js", "verify-audit", file, ...args], { encoding: "utf8" });
    const good = run("--server-key", serverKey);
    expect(good.status, good.stderr).toBe(0);
    expect(good.stdout).toContain("by the server key you gave: the first 4 visit events match its root");
    const other = verifierKey("hms-sync", generateKeyPairSync("ed25519").publicKey);
    const bad = run("--server-key", other);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("not by the server key you gave");
  });
});

describe("an audit export from a desk that never synced", () => {
  it("verifies, and says plainly that no server checkpoint vouches for it", async () => {
    const c = makeClinic();
    try {
      const file = join(c.dir, "audit.ndjson");
      const r = await exportAudit(c.db, { file, format: "ndjson", exportedBy: c.admin.id });
      expect(r.ok).toBe(true);
      expect(manifestOf(file).checkpoint).toBeNull();
      const v = await verifyExport(file);
      expect(v.ok && v.summary).toContain(
        "No server checkpoint: the desk had never synced (or kept no checkpoint) when it exported, so only the desk's own key vouches for these records.",
      );
      const withKey = await verifyExport(file, {
        serverKey: verifierKey("hms-sync", generateKeyPairSync("ed25519").publicKey),
      });
      expect(!withKey.ok && withKey.problem).toContain("the export carries no server checkpoint");
    } finally {
      c.close();
    }
  });
});

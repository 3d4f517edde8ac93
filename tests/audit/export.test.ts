import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { exportAudit } from "../../audit/export.js";
import { auditEventSchema } from "../../audit/formats/fhir-schema.js";
import type { ExportOptions } from "../../audit/options.js";
import { verifyExport } from "../../audit/verify-export.js";
import { getDeviceKey } from "../../db/device-keys.js";
import { registerPatient } from "../../db/patients.js";
import { logMultipleEvents } from "../../db/visit-events.js";
import type { Clinic } from "../support/temp-db.js";
import { must } from "../support/temp-db.js";
import { clinicWithVisits, exportTo } from "./support/clinic.js";
import { journey } from "./support/journeys.js";

const lines = (file: string) => readFileSync(file, "utf8").trimEnd().split("\n");
const ndjson = (file: string) => lines(file).map((l) => JSON.parse(l) as Record<string, unknown>);
const manifestOf = (file: string) => JSON.parse(readFileSync(`${file}.manifest.json`, "utf8"));

let c: Clinic;
beforeEach(() => {
  c = clinicWithVisits(4);
});
afterEach(() => c.close());

describe("audit export", () => {
  it.each(["ndjson", "csv", "fhir"] as const)(
    "writes a %s file and a signed manifest that verify",
    async (format) => {
      const file = await exportTo(c, `audit.${format}`, { format, includeSecurity: true });
      const v = await verifyExport(file);
      expect(v.ok, JSON.stringify(v)).toBe(true);
      if (!v.ok) return;
      expect(v.summary).toMatch(/^OK audit\./);
      expect(v.manifest.counts.byKind.visit_event).toBe(36);
      expect(v.manifest.exportedBy.name).toBe("Ada Admin");
      expect(v.manifest.device.fingerprint).toBe(getDeviceKey(c.db).fingerprint);
      // The device key's creation is in the exported security log, with the same fingerprint.
      expect(v.summary).toContain("the key the device recorded");
      // What no hash covers is named as such; NDJSON has nothing of the kind.
      const aids = {
        ndjson: null,
        csv: "Reading aids not covered by any hash (the CSV columns patientId and performedByName) are unverified.",
        fhir: "Reading aids not covered by any hash (FHIR: the agent's display name, the patient entity and the event type's label) are unverified.",
      }[format];
      if (aids) expect(v.summary).toContain(aids);
      else expect(v.summary).not.toContain("Reading aids");
      expect(v.summary).toContain("No server checkpoint");
    },
  );

  it("writes NDJSON in the canonical form: one event a line with its hash fields", async () => {
    const file = await exportTo(c, "audit.ndjson", { format: "ndjson" });
    const rows = ndjson(file);
    expect(rows).toHaveLength(36);
    expect(Object.keys(rows[0] as object)).toEqual([
      "seq",
      "kind",
      "id",
      "visitId",
      "eventType",
      "description",
      "metadata",
      "performedBy",
      "performedAt",
      "deviceId",
      "schemaVersion",
      "recordedAt",
      "prevHash",
      "hash",
    ]);
    expect(rows[0]?.prevHash).toBeNull();
    expect(rows[1]?.prevHash).toBe(rows[0]?.hash);
    expect(rows[35]?.hash).toBe(c.db.events.chainHead());
  });

  it("writes CSV a spreadsheet reads: metadata as JSON text, staff names beside their ids", async () => {
    const file = await exportTo(c, "audit.csv", { format: "csv" });
    const text = readFileSync(file, "utf8");
    expect(text.split("\n")[0]).toBe(
      "seq,kind,id,visitId,eventType,description,metadata,performedBy,performedAt,deviceId,schemaVersion,recordedAt,prevHash,hash,patientId,performedByName",
    );
    expect(text).toContain('"{""billId"":""bill_V-0"",""amount"":500,""currency"":null}"');
    expect(text).toContain(",Rita Mensah\n");
  });

  it("writes FHIR AuditEvents with type, action, recorded, agent, source observer and the visit entity", async () => {
    const file = await exportTo(c, "audit.fhir.json", { format: "fhir" });
    const bundle = JSON.parse(readFileSync(file, "utf8"));
    expect(bundle).toMatchObject({ resourceType: "Bundle", type: "collection" });
    expect(bundle.entry).toHaveLength(36);
    for (const { resource } of bundle.entry) expect(auditEventSchema.safeParse(resource).success).toBe(true);
    const paid = bundle.entry.find(
      (e: { resource: { subtype: { code: string }[] } }) =>
        e.resource.subtype[0]?.code === "PAYMENT_RECEIVED",
    ).resource;
    expect(paid.agent[0]).toMatchObject({ who: { display: "Rita Mensah" }, requestor: true });
    expect(paid.source.observer.identifier.value).toBe(c.db.deviceId);
    expect(paid.entity[0].what.identifier.value).toBe("V-0");
    expect(paid.entity[1].what.identifier.value).toBe(c.patientId);
  });

  it("filters by visit, patient, performer, event type and date, and the filtered file still verifies", async () => {
    const other = must(registerPatient(c.db, { name: "Kwame Boateng", sex: "male" }));
    must(
      logMultipleEvents(
        c.db,
        journey(
          "V-other",
          { patientId: other.id, reception: c.reception.id, doctor: c.doctor.id },
          Date.parse("2026-03-05T09:00:00Z"),
        ),
      ),
    );
    type Row = Record<string, unknown>;
    const cases: [Partial<ExportOptions>, (r: Row) => boolean, number][] = [
      [{ visitId: "V-2" }, (r: Record<string, unknown>) => r.visitId === "V-2", 9],
      [{ patientId: other.id }, (r: Record<string, unknown>) => r.visitId === "V-other", 9],
      [{ performedBy: c.doctor.id }, (r: Record<string, unknown>) => r.performedBy === c.doctor.id, 25],
      [
        { eventTypes: ["PAYMENT_RECEIVED", "VISIT_COMPLETED"] },
        (r: Record<string, unknown>) => ["PAYMENT_RECEIVED", "VISIT_COMPLETED"].includes(String(r.eventType)),
        10,
      ],
      [
        { from: "2026-03-05", to: "2026-03-05" },
        (r: Record<string, unknown>) => String(r.performedAt).startsWith("2026-03-05"),
        9,
      ],
      [
        { from: "2026-03-01T09:00:00Z", to: "2026-03-01T10:00:00Z" },
        (r: Record<string, unknown>) => r.visitId === "V-1",
        9,
      ],
    ];
    for (const [filter, keep, count] of cases) {
      const file = await exportTo(c, `f-${JSON.stringify(filter).replace(/\W/g, "")}.ndjson`, {
        format: "ndjson",
        ...filter,
      });
      const rows = ndjson(file);
      expect(rows, JSON.stringify(filter)).toHaveLength(count);
      expect(rows.every(keep)).toBe(true);
      const v = await verifyExport(file);
      expect(v.ok, JSON.stringify(v)).toBe(true);
      expect(manifestOf(file).request).toMatchObject({ ...filter, filtered: true });
    }
    const gappy = await exportTo(c, "gaps.ndjson", { format: "ndjson", eventTypes: ["VISIT_COMPLETED"] });
    const v = await verifyExport(gappy);
    expect(v.ok && v.gaps).toBe(4);
    expect(v.ok && v.summary).toContain("filtered export, 4 chain gaps");
  });

  it("refuses a filter it cannot honour, naming what is wrong, and writes nothing", async () => {
    const file = join(c.dir, "bad.ndjson");
    const cases: [Partial<ExportOptions>, string][] = [
      [{ eventTypes: ["PAYMENT_MADE"] }, "Unknown event type PAYMENT_MADE"],
      [{ from: "2026-03-05", to: "2026-03-01" }, "must come before"],
      [{ from: "yesterday" }, "From must be a date like 2026-03-31 or a date and time like"],
      [{ exportedBy: c.reception.id.replace("staff_", "nobody_") }, "not an active member of staff"],
    ];
    for (const [extra, message] of cases) {
      const r = await exportAudit(c.db, { file, format: "ndjson", exportedBy: c.admin.id, ...extra });
      expect(r.ok).toBe(false);
      expect(!r.ok && r.error.message).toContain(message);
    }
    expect(readdirSync(c.dir).filter((f) => f.startsWith("bad") || f.includes(".partial"))).toEqual([]);
  });

  it("refuses to overwrite a file unless asked, and then replaces it", async () => {
    const file = join(c.dir, "audit.ndjson");
    writeFileSync(file, "precious\n");
    const r = await exportAudit(c.db, { file, format: "ndjson", exportedBy: c.admin.id });
    expect(!r.ok && r.error.code).toBe("FILE_EXISTS");
    expect(readFileSync(file, "utf8")).toBe("precious\n");
    expect(existsSync(`${file}.manifest.json`)).toBe(false);
    const forced = await exportAudit(c.db, { file, format: "ndjson", exportedBy: c.admin.id, force: true });
    expect(forced.ok).toBe(true);
    expect((await verifyExport(file)).ok).toBe(true);
  });

  it("leaves no file under the final name when the export fails part way, and records the failure", async () => {
    const file = join(c.dir, "broken.ndjson");
    const r = await exportAudit(c.db, { file, format: "ndjson", exportedBy: c.admin.id }, () => {
      throw new Error("disk full");
    });
    expect(!r.ok && r.error.code).toBe("WRITE_FAILED");
    expect(!r.ok && r.error.message).toContain("disk full");
    expect(readdirSync(c.dir).filter((f) => f.includes("broken"))).toEqual([]);
    const last = c.db.sqlite
      .prepare("SELECT action, outcome, staffId FROM security_audit ORDER BY seq DESC LIMIT 1")
      .get();
    expect(last).toEqual({ action: "audit_exported", outcome: "failed", staffId: c.admin.id });
  });

  it("records every export in the security log, chained, with who, what and the file's digest", async () => {
    const file = await exportTo(c, "audit.csv", { format: "csv", visitId: "V-1" });
    const row = c.db.sqlite.prepare("SELECT * FROM security_audit ORDER BY seq DESC LIMIT 1").get() as Record<
      string,
      string
    >;
    expect(row).toMatchObject({
      action: "audit_exported",
      outcome: "ok",
      staffId: c.admin.id,
      username: "ada",
    });
    const detail = JSON.parse(row.detail as string);
    expect(detail).toMatchObject({
      file: "audit.csv",
      format: "csv",
      records: 9,
      request: { visitId: "V-1" },
    });
    expect(detail.sha256).toBe(manifestOf(file).file.sha256);
    // The next export shows it, and its chain still verifies.
    const next = await exportTo(c, "next.ndjson", { format: "ndjson", includeSecurity: true });
    expect(readFileSync(next, "utf8")).toContain('"action":"audit_exported"');
    expect((await verifyExport(next)).ok).toBe(true);
  });

  it("makes one device key on first start and keeps it", () => {
    const key = getDeviceKey(c.db);
    expect(key.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(key.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    const made = c.db.sqlite
      .prepare("SELECT COUNT(*) FROM security_audit WHERE action = 'device_key_created'")
      .pluck()
      .get();
    expect(made).toBe(1);
    expect(getDeviceKey(c.db).fingerprint).toBe(key.fingerprint);
  });

  it("rejects a manifest signed by a key other than the one the auditor trusts", async () => {
    const file = await exportTo(c, "audit.ndjson", { format: "ndjson" });
    const v = await verifyExport(file, { fingerprint: "0".repeat(64) });
    expect(v.ok).toBe(false);
    expect(!v.ok && v.problem).toContain("not by the trusted key");
    expect((await verifyExport(file, { fingerprint: getDeviceKey(c.db).fingerprint })).ok).toBe(true);
  });
});

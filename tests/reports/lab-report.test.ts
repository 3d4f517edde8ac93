import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readStoredReport, writeLabReport } from "../../reports/lab-report-file.js";
import { flagOf } from "../../reports/result-flag.js";
import { type Clinic, makeClinic, must } from "../support/temp-db.js";

// The lab report is a real PDF stored beside the database, and what REPORT_GENERATED will carry (path, size,
// SHA-256) describes exactly the bytes on disk.

let clinic: Clinic;
afterEach(() => clinic?.close());

function approvedTest(c: Clinic) {
  const by = (id: string) => ({ performedBy: id });
  const t = { testOrderId: "t1" };
  must(
    c.db.events.append([
      {
        visitId: "V1",
        eventType: "VISIT_REGISTERED",
        metadata: { patientId: c.patientId, doctorId: c.doctor.id },
        ...by(c.reception.id),
      },
      { visitId: "V1", eventType: "QUEUE_JOINED", metadata: { tokenNumber: "A-001" }, ...by(c.reception.id) },
      { visitId: "V1", eventType: "QUEUE_CALLED", ...by(c.doctor.id) },
      { visitId: "V1", eventType: "ENTERED_ROOM", ...by(c.doctor.id) },
      {
        visitId: "V1",
        eventType: "TESTS_ORDERED",
        metadata: { testOrderIds: ["t1"], tests: ["Full blood count"] },
        ...by(c.doctor.id),
      },
      { visitId: "V1", eventType: "TEST_SAMPLE_COLLECTED", metadata: t, ...by(c.lab.id) },
      { visitId: "V1", eventType: "TEST_IN_PROGRESS", metadata: t, ...by(c.lab.id) },
      {
        visitId: "V1",
        eventType: "TEST_COMPLETED",
        metadata: {
          ...t,
          results: [
            { analyte: "Haemoglobin", value: 9.1, unit: "g/dL", referenceLow: 12, referenceHigh: 16 },
            { analyte: "White cells", value: 6.2, unit: "10^9/L", referenceLow: 4, referenceHigh: 11 },
          ],
        },
        ...by(c.lab.id),
      },
      { visitId: "V1", eventType: "TEST_REVIEWED", metadata: t, ...by(c.lab.id) },
    ]),
  );
}

describe("lab report PDF", () => {
  it("refuses a test whose result is not approved yet, and writes no file", async () => {
    clinic = makeClinic();
    approvedTest(clinic);
    const r = await writeLabReport(clinic.db, {
      visitId: "V1",
      testOrderId: "t1",
      generatedBy: clinic.lab.id,
      now: new Date(),
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/Full blood count.*reviewed, not approved/);
    expect(existsSync(join(clinic.dir, "documents"))).toBe(false);
  });

  it("stores a PDF with the visit's documents whose size and hash match the bytes on disk", async () => {
    clinic = makeClinic();
    approvedTest(clinic);
    must(
      clinic.db.events.append([
        {
          visitId: "V1",
          eventType: "TEST_APPROVED",
          metadata: { testOrderId: "t1" },
          performedBy: clinic.doctor.id,
        },
      ]),
    );
    const r = await writeLabReport(clinic.db, {
      visitId: "V1",
      testOrderId: "t1",
      generatedBy: clinic.lab.id,
      now: new Date("2026-11-02T10:00:00Z"),
    });
    const stored = must(r);
    expect(stored.reportUrl).toBe("documents/V1/lab-report-t1-20261102T100000.pdf");
    const bytes = readFileSync(join(clinic.dir, stored.reportUrl));
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    expect(bytes.length).toBe(stored.fileSize);
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(stored.sha256);
    expect(must(readStoredReport(clinic.db, stored.reportUrl)).equals(bytes)).toBe(true);
  });

  it("never reads a file outside the documents folder", () => {
    clinic = makeClinic();
    const r = readStoredReport(clinic.db, "../../etc/passwd");
    expect(r.ok).toBe(false);
  });

  it("flags values outside their reference range", () => {
    expect(flagOf({ value: 9.1, referenceLow: 12, referenceHigh: 16 })).toBe("low");
    expect(flagOf({ value: 17, referenceLow: 12, referenceHigh: 16 })).toBe("high");
    expect(flagOf({ value: 13, referenceLow: 12, referenceHigh: 16 })).toBe("normal");
    expect(flagOf({ value: "positive" })).toBeUndefined();
  });
});

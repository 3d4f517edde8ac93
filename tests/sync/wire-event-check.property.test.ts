import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { quickWireEvent, wireEvent } from "../../sync/protocol.js";

// The server's quick check of a pushed event may only ever accept what the zod schema accepts, and must give the
// same event when it does: otherwise a push would store what the protocol forbids.

const good = {
  id: "01JG6324EGKGDQ4KMJJXQJ3BE8",
  visitId: "visit_01JG6324EGJ6G1GKA85M09G2JR",
  eventType: "VISIT_REGISTERED",
  description: null,
  metadata: '{"patientId":"pat_1"}',
  performedBy: "staff_1",
  performedAt: "2025-01-01T08:00:00.000Z",
  deviceId: "dev_1",
  schemaVersion: 1,
  recordedAt: "2025-01-01T08:00:01.000Z",
  prevHash: "a".repeat(64),
  hash: "b".repeat(64),
};

/** Values near every rule's edge: lengths, patterns, JSON, dates, numbers, and wrong types. */
const oddValue = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    undefined,
    "",
    "x",
    "x".repeat(40),
    "x".repeat(41),
    "x".repeat(64),
    "x".repeat(65),
    "x".repeat(100),
    "x".repeat(101),
    "x".repeat(4000),
    "x".repeat(4001),
    "A",
    "a_B-9",
    "ABC DEF",
    "VISIT_REGISTERED",
    "visit_registered",
    "{}",
    "{",
    "null",
    "[1,2]",
    '"text"',
    "2025-01-01",
    "2025-13-45T00:00:00Z",
    "not a date",
    "a".repeat(64),
    "A".repeat(64),
    "g".repeat(64),
    "a".repeat(63),
    0,
    1,
    1.5,
    -1,
    1_000_000,
    1_000_001,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    true,
    [],
    {},
  ),
  fc.string(),
  fc.string({ unit: "binary", maxLength: 70 }),
  fc.integer(),
  fc.double(),
  fc.jsonValue(),
);

const mutated = fc
  .tuple(
    fc.array(fc.tuple(fc.constantFrom(...Object.keys(good)), oddValue), { maxLength: 3 }),
    fc.array(fc.constantFrom(...Object.keys(good)), { maxLength: 2 }),
    fc.option(fc.tuple(fc.string(), oddValue), { nil: undefined }),
  )
  .map(([changes, dropped, extra]) => {
    const e: Record<string, unknown> = { ...good };
    for (const [k, v] of changes) e[k] = v;
    for (const k of dropped) delete e[k];
    if (extra) e[extra[0]] = extra[1];
    return e;
  });

describe("the quick check of a pushed event", () => {
  it("accepts the events the protocol's schema accepts, and nothing else, giving the same event", () => {
    fc.assert(
      fc.property(fc.oneof(mutated, oddValue), (raw) => {
        const quick = quickWireEvent(raw);
        const zod = wireEvent.safeParse(raw);
        if (quick !== null) expect(zod.success && zod.data).toEqual(quick);
      }),
      { numRuns: 20_000 },
    );
  });

  it("passes a well-formed event through unchanged", () => {
    expect(quickWireEvent(JSON.parse(JSON.stringify(good)))).toEqual(good);
    expect(quickWireEvent({ ...good, description: "Walk-in", prevHash: null, metadata: null })).toEqual(
      wireEvent.parse({ ...good, description: "Walk-in", prevHash: null, metadata: null }),
    );
  });

  it("leaves an object that inherits keys to zod, which refuses them (found by the property above)", () => {
    const inherits: Record<string, unknown> = { ...good };
    // Assigning "__proto__" sets the prototype: Object.keys misses the inherited key, zod's strict object does not.
    inherits.__proto__ = { extra: 1 };
    expect(wireEvent.safeParse(inherits).success).toBe(false);
    expect(quickWireEvent(inherits)).toBeNull();
  });
});

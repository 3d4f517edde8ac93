import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  canonicalEvent,
  EVENT_HASH_TAG,
  EVENT_HASHED_FIELDS,
  eventHash,
  type HashedFields,
} from "../../domain/event-hash.js";

// The canonical form is written out field by field for speed; the audit format publishes the order as a list. An
// auditor re-implements the check from the list, so the two must never drift apart.

const event: HashedFields = {
  id: "01KEVENT",
  visitId: "visit_1",
  eventType: "PAYMENT_RECEIVED",
  description: 'Paid "in full" — شكرا',
  metadata: '{"billId":"b1","amount":150,"currency":null}',
  performedBy: "staff_1",
  performedAt: "2026-01-12T07:33:23.000Z",
  deviceId: "desk-a",
  schemaVersion: 2,
  recordedAt: "2026-01-12T07:33:24.000Z",
  prevHash: null,
};

describe("an event's hash", () => {
  it("is the SHA-256 of the fields in the published order", () => {
    const fromList = JSON.stringify([EVENT_HASH_TAG, ...EVENT_HASHED_FIELDS.map((f) => event[f])]);
    expect(canonicalEvent(event)).toBe(fromList);
    expect(eventHash(event)).toBe(createHash("sha256").update(fromList, "utf8").digest("hex"));
  });

  it("changes when any hashed field changes", () => {
    const original = eventHash(event);
    for (const f of EVENT_HASHED_FIELDS) {
      const changed = { ...event, [f]: f === "schemaVersion" ? 3 : `${event[f] ?? ""}x` };
      expect(eventHash(changed), f).not.toBe(original);
    }
  });
});

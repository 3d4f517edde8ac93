import { eventHash } from "../../../domain/event-hash.js";
import type { WireEvent } from "../../../sync/protocol.js";

/** A device's next `count` events, chained on `after` (the hash of its latest event, or null for its first). */
export function chainedEvents(deviceId: string, count: number, after: string | null, tag = ""): WireEvent[] {
  const events: WireEvent[] = [];
  let prevHash = after;
  for (let i = 0; i < count; i++) {
    const unhashed = {
      id: `${deviceId}-${tag}${i}-${Math.random().toString(36).slice(2, 10)}`,
      visitId: `visit-${deviceId}`,
      eventType: "PATIENT_CHECKED_IN",
      description: `Step ${i}`,
      metadata: JSON.stringify({ n: i }),
      performedBy: "staff-1",
      performedAt: "2026-11-30T08:00:00.000Z",
      deviceId,
      schemaVersion: 1,
      recordedAt: "2026-11-30T08:00:00.000Z",
      prevHash,
    };
    const e = { ...unhashed, hash: eventHash(unhashed) };
    events.push(e);
    prevHash = e.hash;
  }
  return events;
}

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { openClinicDb } from "../../db/open.js";
import { rebuildReadModels } from "../../db/rebuild.js";
import { logMultipleEvents } from "../../db/visit-events.js";
import { longVisitEvents } from "../../seed/long-visit.js";
import { makeClinic } from "../support/temp-db.js";

// Long visits written through the store in random batches, with the file closed and opened again between some of
// them (so appends resume from the stored snapshot, not from memory), events parked from another desk, and voids.
// Whatever the path, the read models equal a rebuild from the log, and the rebuild finds every snapshot equal to the
// fold of its own events. A snapshot damaged on disk is reported by visit and repaired.

const readModels = ["visits", "bills", "test_orders", "follow_ups", "visit_conflicts"];
const tables = (db: ReturnType<typeof openClinicDb>) =>
  JSON.stringify(readModels.map((t) => db.sqlite.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all()));

const parkRaw = (db: ReturnType<typeof openClinicDb>, visitId: string, n: number) => {
  // As sync stores an event of a type this build does not know, then re-folds the visit it touches.
  db.sqlite
    .prepare(
      `INSERT INTO visit_events (id, visitId, eventType, description, metadata, performedBy, performedAt, deviceId,
       serverSeq, schemaVersion, recordedAt, prevHash, hash) VALUES (?, ?, 'FROM_A_NEWER_APP', NULL, '{}', NULL,
       '2025-01-01T08:00:00.000Z', 'other-desk', NULL, 1, '2025-01-01T08:00:00.000Z', NULL, ?)`,
    )
    .run(`${visitId}_parked_${n}`, visitId, `hash_${visitId}_${n}`);
  db.events.refold([visitId]);
};

describe("visit snapshots", () => {
  it("snapshot + tail gives the full fold through the store, and a rebuild finds nothing to repair", () => {
    const c = makeClinic();
    let db = c.db;
    try {
      let run = 0;
      fc.assert(
        fc.property(
          fc.integer({ min: 120, max: 520 }),
          fc.array(
            fc.record({ size: fc.integer({ min: 1, max: 90 }), reopen: fc.boolean(), park: fc.boolean() }),
            {
              minLength: 3,
              maxLength: 12,
            },
          ),
          (length, batches) => {
            run += 1;
            const visitId = `L${run}`;
            const events = longVisitEvents(visitId, length, {
              patientId: c.patientId,
              doctorId: c.doctor.id,
            });
            let at = 0;
            let parked = 0;
            for (const b of batches.length
              ? [...batches, { size: length, reopen: false, park: false }]
              : []) {
              if (at >= events.length) break;
              const r = logMultipleEvents(db, events.slice(at, at + b.size));
              expect(r.ok ? null : r.error.message).toBeNull();
              at += b.size;
              if (b.park) parkRaw(db, visitId, parked++);
              if (b.reopen) {
                db.close();
                db = openClinicDb(c.path);
              }
            }
            const inline = tables(db);
            const report = rebuildReadModels(db);
            expect(report.snapshotsRepaired).toEqual([]);
            expect(tables(db)).toBe(inline);
            const kept = db.sqlite
              .prepare("SELECT eventCount FROM visit_snapshots WHERE visitId = ?")
              .pluck()
              .get(visitId);
            expect(kept).toBe(length + parked);
          },
        ),
        { numRuns: 8 },
      );
    } finally {
      db.close();
      c.close();
    }
  });

  it("a snapshot that does not match its events is reported by visit and written again", () => {
    const c = makeClinic();
    try {
      const events = longVisitEvents("V9", 150, { patientId: c.patientId, doctorId: c.doctor.id });
      const r = logMultipleEvents(c.db, events);
      expect(r.ok).toBe(true);
      const good = c.db.sqlite.prepare("SELECT fold FROM visit_snapshots WHERE visitId = 'V9'").pluck().get();
      c.db.sqlite
        .prepare(
          'UPDATE visit_snapshots SET fold = replace(fold, \'"status":"in_room"\', \'"status":"completed"\')',
        )
        .run();
      const first = rebuildReadModels(c.db);
      expect(first.snapshotsRepaired).toEqual([
        { visitId: "V9", reason: "its state differs from the fold of its events" },
      ]);
      expect(c.db.sqlite.prepare("SELECT fold FROM visit_snapshots WHERE visitId = 'V9'").pluck().get()).toBe(
        good,
      );
      expect(rebuildReadModels(c.db).snapshotsRepaired).toEqual([]);
    } finally {
      c.close();
    }
  });
});

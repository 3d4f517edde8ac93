-- visit_events is append-only, enforced by SQLite itself so that no code path (ours, a script, a sqlite3 shell)
-- can rewrite history. The single allowed change is recording the central server's sequence on an event that had
-- none yet, which sync does once per event; every recorded field, including its hash, stays as it was.
CREATE TRIGGER `visit_events_no_delete` BEFORE DELETE ON `visit_events`
BEGIN
  SELECT RAISE(ABORT, 'visit_events is append-only: events cannot be deleted; record a compensating event instead');
END;
--> statement-breakpoint
CREATE TRIGGER `visit_events_no_update` BEFORE UPDATE ON `visit_events`
WHEN NOT (
  OLD.serverSeq IS NULL AND NEW.serverSeq IS NOT NULL
  AND NEW.position IS OLD.position AND NEW.id IS OLD.id AND NEW.visitId IS OLD.visitId
  AND NEW.eventType IS OLD.eventType AND NEW.description IS OLD.description AND NEW.metadata IS OLD.metadata
  AND NEW.performedBy IS OLD.performedBy AND NEW.performedAt IS OLD.performedAt AND NEW.deviceId IS OLD.deviceId
  AND NEW.schemaVersion IS OLD.schemaVersion AND NEW.recordedAt IS OLD.recordedAt
  AND NEW.prevHash IS OLD.prevHash AND NEW.hash IS OLD.hash
)
BEGIN
  SELECT RAISE(ABORT, 'visit_events is append-only: events cannot be changed; record a compensating event instead');
END;

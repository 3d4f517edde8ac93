-- A central server restored from an older backup no longer holds the sequences it gave after that backup. The desk
-- then forgets those sequences (sets them back to NULL) so that its own events are pushed again and every desk's
-- events are numbered again by the restored server. The server's sequence is the server's numbering, not part of
-- what the event recorded (no hash covers it); every recorded field still can never change.
DROP TRIGGER `visit_events_no_update`;
--> statement-breakpoint
CREATE TRIGGER `visit_events_no_update` BEFORE UPDATE ON `visit_events`
WHEN NOT (
  ((OLD.serverSeq IS NULL AND NEW.serverSeq IS NOT NULL) OR (OLD.serverSeq IS NOT NULL AND NEW.serverSeq IS NULL))
  AND NEW.position IS OLD.position AND NEW.id IS OLD.id AND NEW.visitId IS OLD.visitId
  AND NEW.eventType IS OLD.eventType AND NEW.description IS OLD.description AND NEW.metadata IS OLD.metadata
  AND NEW.performedBy IS OLD.performedBy AND NEW.performedAt IS OLD.performedAt AND NEW.deviceId IS OLD.deviceId
  AND NEW.schemaVersion IS OLD.schemaVersion AND NEW.recordedAt IS OLD.recordedAt
  AND NEW.prevHash IS OLD.prevHash AND NEW.hash IS OLD.hash
)
BEGIN
  SELECT RAISE(ABORT, 'visit_events is append-only: events cannot be changed; record a compensating event instead');
END;

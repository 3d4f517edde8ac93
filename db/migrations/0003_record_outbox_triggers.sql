-- Record sync (sync/records.ts): every insert or update of a staff member or a patient on this desk marks the record
-- for the next push, whichever code path wrote it. Sync itself clears the mark in the same transaction when it
-- writes a record that came from the server, so pulled records are not echoed back. Records that existed before
-- sync was added are marked once so they reach the other desks too.
CREATE TRIGGER `staff_outbox_insert` AFTER INSERT ON `staff`
BEGIN
  INSERT OR IGNORE INTO `record_outbox` (`kind`, `id`) VALUES ('staff', NEW.id);
END;
--> statement-breakpoint
CREATE TRIGGER `staff_outbox_update` AFTER UPDATE ON `staff`
BEGIN
  INSERT OR IGNORE INTO `record_outbox` (`kind`, `id`) VALUES ('staff', NEW.id);
END;
--> statement-breakpoint
CREATE TRIGGER `patients_outbox_insert` AFTER INSERT ON `patients`
BEGIN
  INSERT OR IGNORE INTO `record_outbox` (`kind`, `id`) VALUES ('patient', NEW.id);
END;
--> statement-breakpoint
CREATE TRIGGER `patients_outbox_update` AFTER UPDATE ON `patients`
BEGIN
  INSERT OR IGNORE INTO `record_outbox` (`kind`, `id`) VALUES ('patient', NEW.id);
END;
--> statement-breakpoint
INSERT OR IGNORE INTO `record_outbox` (`kind`, `id`) SELECT 'staff', `id` FROM `staff`;
--> statement-breakpoint
INSERT OR IGNORE INTO `record_outbox` (`kind`, `id`) SELECT 'patient', `id` FROM `patients`;

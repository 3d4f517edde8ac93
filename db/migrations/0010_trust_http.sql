-- The record outbox triggers marked a record with INSERT OR IGNORE. SQLite lets the statement that fires a trigger
-- override the trigger's own conflict policy: a save written as an upsert (INSERT ... ON CONFLICT DO UPDATE, as
-- clinic settings, the catalogue and preferences are) turned the IGNORE into an ABORT, so saving a record a second
-- time while its first mark was still waiting (always, on a desk not enrolled) failed with
-- "UNIQUE constraint failed: record_outbox.kind, record_outbox.id". The triggers now insert only a missing mark,
-- which no outer conflict policy can change.
DROP TRIGGER IF EXISTS `staff_outbox_insert`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `staff_outbox_update`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `patients_outbox_insert`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `patients_outbox_update`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `clinic_settings_outbox_insert`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `clinic_settings_outbox_update`;
--> statement-breakpoint
CREATE TRIGGER `staff_outbox_insert` AFTER INSERT ON `staff`
BEGIN
  INSERT INTO `record_outbox` (`kind`, `id`) SELECT 'staff', NEW.id
  WHERE NOT EXISTS (SELECT 1 FROM `record_outbox` WHERE `kind` = 'staff' AND `id` = NEW.id);
END;
--> statement-breakpoint
CREATE TRIGGER `staff_outbox_update` AFTER UPDATE ON `staff`
BEGIN
  INSERT INTO `record_outbox` (`kind`, `id`) SELECT 'staff', NEW.id
  WHERE NOT EXISTS (SELECT 1 FROM `record_outbox` WHERE `kind` = 'staff' AND `id` = NEW.id);
END;
--> statement-breakpoint
CREATE TRIGGER `patients_outbox_insert` AFTER INSERT ON `patients`
BEGIN
  INSERT INTO `record_outbox` (`kind`, `id`) SELECT 'patient', NEW.id
  WHERE NOT EXISTS (SELECT 1 FROM `record_outbox` WHERE `kind` = 'patient' AND `id` = NEW.id);
END;
--> statement-breakpoint
CREATE TRIGGER `patients_outbox_update` AFTER UPDATE ON `patients`
BEGIN
  INSERT INTO `record_outbox` (`kind`, `id`) SELECT 'patient', NEW.id
  WHERE NOT EXISTS (SELECT 1 FROM `record_outbox` WHERE `kind` = 'patient' AND `id` = NEW.id);
END;
--> statement-breakpoint
CREATE TRIGGER `clinic_settings_outbox_insert` AFTER INSERT ON `clinic_settings`
BEGIN
  INSERT INTO `record_outbox` (`kind`, `id`) SELECT 'setting', NEW.id
  WHERE NOT EXISTS (SELECT 1 FROM `record_outbox` WHERE `kind` = 'setting' AND `id` = NEW.id);
END;
--> statement-breakpoint
CREATE TRIGGER `clinic_settings_outbox_update` AFTER UPDATE ON `clinic_settings`
BEGIN
  INSERT INTO `record_outbox` (`kind`, `id`) SELECT 'setting', NEW.id
  WHERE NOT EXISTS (SELECT 1 FROM `record_outbox` WHERE `kind` = 'setting' AND `id` = NEW.id);
END;

-- Trust across desks (sync/records.ts, sync/authority.ts). Records are merged per field in the server's order, not
-- by a desk's clock: record_synced holds, per record, each field's value and the server sequence that set it;
-- record_changes holds the changes made here and not yet accepted by the server, each signed when it needs a
-- person's authority. Staff carry an Ed25519 public key and the private key sealed under their password.
ALTER TABLE `staff` ADD `publicKey` text;
--> statement-breakpoint
ALTER TABLE `staff` ADD `sealedKey` text;
--> statement-breakpoint
CREATE TABLE `record_synced` (
	`kind` text NOT NULL,
	`id` text NOT NULL,
	`fields` text NOT NULL,
	PRIMARY KEY(`kind`, `id`)
);
--> statement-breakpoint
CREATE TABLE `record_changes` (
	`position` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`changeId` text NOT NULL,
	`kind` text NOT NULL,
	`id` text NOT NULL,
	`fields` text NOT NULL,
	`proof` text,
	`madeAt` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `record_changes_change` ON `record_changes` (`changeId`);
--> statement-breakpoint
CREATE INDEX `record_changes_record` ON `record_changes` (`kind`, `id`);
--> statement-breakpoint
DROP TABLE `record_versions`;
--> statement-breakpoint
-- The record stream is read again from the start in the new form, rebuilding record_synced.
DELETE FROM `app_meta` WHERE `key` = 'sync.recordCursor';
--> statement-breakpoint
-- The outbox triggers said INSERT OR IGNORE, but an outer UPSERT's conflict handling overrides a trigger's: a second
-- unsynced save of a setting failed on the outbox's key. A NOT EXISTS guard does not depend on the outer statement.
DROP TRIGGER `staff_outbox_insert`;
--> statement-breakpoint
DROP TRIGGER `staff_outbox_update`;
--> statement-breakpoint
DROP TRIGGER `patients_outbox_insert`;
--> statement-breakpoint
DROP TRIGGER `patients_outbox_update`;
--> statement-breakpoint
DROP TRIGGER `clinic_settings_outbox_insert`;
--> statement-breakpoint
DROP TRIGGER `clinic_settings_outbox_update`;
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

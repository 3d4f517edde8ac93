-- Clinic settings are records synced like staff and patients (sync/records.ts): every local change marks the row for
-- the next push. The settings a desk already had in app_meta move here once, so they reach the other desks too.
CREATE TRIGGER `clinic_settings_outbox_insert` AFTER INSERT ON `clinic_settings`
BEGIN
  INSERT OR IGNORE INTO `record_outbox` (`kind`, `id`) VALUES ('setting', NEW.id);
END;
--> statement-breakpoint
CREATE TRIGGER `clinic_settings_outbox_update` AFTER UPDATE ON `clinic_settings`
BEGIN
  INSERT OR IGNORE INTO `record_outbox` (`kind`, `id`) VALUES ('setting', NEW.id);
END;
--> statement-breakpoint
INSERT OR IGNORE INTO `clinic_settings` (`id`, `value`, `updatedAt`)
SELECT `key`, `value`, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM `app_meta`
WHERE `key` IN ('clinicName', 'lockAfterMinutes', 'consultationFeeCents', 'currency', 'testCatalogue', 'locale',
  'departments', 'secondPersonApproval');
--> statement-breakpoint
DELETE FROM `app_meta` WHERE `key` IN ('clinicName', 'lockAfterMinutes', 'consultationFeeCents', 'currency',
  'testCatalogue', 'locale', 'departments', 'secondPersonApproval');

CREATE TABLE `security_audit` (
	`seq` integer PRIMARY KEY NOT NULL,
	`id` text NOT NULL,
	`action` text NOT NULL,
	`outcome` text NOT NULL,
	`staffId` text,
	`username` text,
	`detail` text,
	`deviceId` text NOT NULL,
	`occurredAt` text NOT NULL,
	`prevHash` text,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `security_audit_id` ON `security_audit` (`id`);--> statement-breakpoint
CREATE INDEX `security_audit_user_time` ON `security_audit` (`username`,`occurredAt`);--> statement-breakpoint
CREATE INDEX `security_audit_device` ON `security_audit` (`deviceId`,`seq`);
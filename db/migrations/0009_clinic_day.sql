-- A command's first answer, kept so that the same command sent again (a double click, a retry after a timeout, a
-- resent IPC message) answers the same and records nothing. The row is written in the same transaction as the
-- command's events; the answer is added once the handler has made it. Desk-local: commands are made at one desk.
CREATE TABLE `command_replies` (
	`staffId` text NOT NULL,
	`commandId` text NOT NULL,
	`channel` text NOT NULL,
	`reply` text,
	`recordedAt` text NOT NULL,
	PRIMARY KEY(`staffId`, `commandId`)
);
--> statement-breakpoint
-- The duplicate-patient check in the registration transaction reads patients by phone digits and birth date.
CREATE INDEX `patients_birth_date` ON `patients` (`dateOfBirth`);
--> statement-breakpoint
CREATE INDEX `patients_phone_digits` ON `patients` (replace(replace(replace(replace(replace(`phone`, ' ', ''), '-', ''), '+', ''), '(', ''), ')', ''));

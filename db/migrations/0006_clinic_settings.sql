CREATE TABLE `clinic_settings` (
	`id` text PRIMARY KEY NOT NULL,
	`value` text,
	`updatedAt` text NOT NULL
);

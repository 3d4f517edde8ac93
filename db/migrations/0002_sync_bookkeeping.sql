CREATE TABLE `record_outbox` (
	`kind` text NOT NULL,
	`id` text NOT NULL,
	PRIMARY KEY(`kind`, `id`)
);
--> statement-breakpoint
CREATE TABLE `record_versions` (
	`kind` text NOT NULL,
	`id` text NOT NULL,
	`updatedAt` text NOT NULL,
	`deviceId` text NOT NULL,
	PRIMARY KEY(`kind`, `id`)
);
--> statement-breakpoint
CREATE TABLE `sync_rejections` (
	`eventId` text PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`message` text NOT NULL,
	`rejectedAt` text NOT NULL
);

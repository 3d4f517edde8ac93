CREATE TABLE `app_meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `bills` (
	`visitId` text NOT NULL,
	`billId` text NOT NULL,
	`kind` text NOT NULL,
	`amountCents` integer NOT NULL,
	`discountCents` integer NOT NULL,
	`paidCents` integer NOT NULL,
	`refundedCents` integer NOT NULL,
	`balanceCents` integer NOT NULL,
	`status` text NOT NULL,
	`items` text NOT NULL,
	`billedAt` text NOT NULL,
	`billedBy` text,
	PRIMARY KEY(`visitId`, `billId`)
);
--> statement-breakpoint
CREATE INDEX `bills_status` ON `bills` (`status`,`billedAt`);--> statement-breakpoint
CREATE TABLE `follow_ups` (
	`visitId` text NOT NULL,
	`followUpId` text NOT NULL,
	`patientId` text,
	`dueDate` text NOT NULL,
	`reason` text,
	`remindersSent` integer NOT NULL,
	`lastReminderAt` text,
	PRIMARY KEY(`visitId`, `followUpId`)
);
--> statement-breakpoint
CREATE INDEX `follow_ups_due` ON `follow_ups` (`dueDate`);--> statement-breakpoint
CREATE TABLE `patients` (
	`id` text PRIMARY KEY NOT NULL,
	`patientNumber` text NOT NULL,
	`name` text NOT NULL,
	`sex` text NOT NULL,
	`dateOfBirth` text,
	`phone` text,
	`address` text,
	`createdAt` text NOT NULL,
	`createdBy` text,
	`updatedAt` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `patients_number` ON `patients` (`patientNumber`);--> statement-breakpoint
CREATE INDEX `patients_name` ON `patients` (`name`);--> statement-breakpoint
CREATE INDEX `patients_phone` ON `patients` (`phone`);--> statement-breakpoint
CREATE TABLE `staff` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`username` text,
	`passwordHash` text,
	`active` integer DEFAULT true NOT NULL,
	`createdAt` text NOT NULL,
	`updatedAt` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `staff_username` ON `staff` (`username`);--> statement-breakpoint
CREATE TABLE `test_orders` (
	`visitId` text NOT NULL,
	`testOrderId` text NOT NULL,
	`name` text,
	`priority` text NOT NULL,
	`status` text NOT NULL,
	`orderedAt` text NOT NULL,
	`orderedBy` text,
	`collectedAt` text,
	`rejectedCount` integer NOT NULL,
	`lastRejectionReason` text,
	`startedAt` text,
	`completedAt` text,
	`reviewedAt` text,
	`reviewedBy` text,
	`approvedAt` text,
	`approvedBy` text,
	`reportedAt` text,
	`reportUrl` text,
	`reportSha256` text,
	`deliveredAt` text,
	`amendedCount` integer NOT NULL,
	`results` text,
	PRIMARY KEY(`visitId`, `testOrderId`)
);
--> statement-breakpoint
CREATE INDEX `test_orders_status` ON `test_orders` (`status`,`orderedAt`);--> statement-breakpoint
CREATE TABLE `visit_conflicts` (
	`eventId` text PRIMARY KEY NOT NULL,
	`visitId` text NOT NULL,
	`eventType` text NOT NULL,
	`kind` text NOT NULL,
	`code` text NOT NULL,
	`message` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `visit_conflicts_visit` ON `visit_conflicts` (`visitId`);--> statement-breakpoint
CREATE TABLE `visit_events` (
	`position` integer PRIMARY KEY NOT NULL,
	`id` text NOT NULL,
	`visitId` text NOT NULL,
	`eventType` text NOT NULL,
	`description` text,
	`metadata` text,
	`performedBy` text,
	`performedAt` text NOT NULL,
	`deviceId` text NOT NULL,
	`serverSeq` integer,
	`schemaVersion` integer DEFAULT 1 NOT NULL,
	`recordedAt` text NOT NULL,
	`prevHash` text,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `visit_events_id` ON `visit_events` (`id`);--> statement-breakpoint
CREATE INDEX `visit_events_visit_time` ON `visit_events` (`visitId`,`performedAt`);--> statement-breakpoint
CREATE INDEX `visit_events_type_time` ON `visit_events` (`eventType`,`performedAt`);--> statement-breakpoint
CREATE UNIQUE INDEX `visit_events_server_seq` ON `visit_events` (`serverSeq`) WHERE "serverSeq" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `visit_events_pending` ON `visit_events` (`position`) WHERE "serverSeq" IS NULL;--> statement-breakpoint
CREATE INDEX `visit_events_device` ON `visit_events` (`deviceId`,`position`);--> statement-breakpoint
CREATE TABLE `visits` (
	`id` text PRIMARY KEY NOT NULL,
	`patientId` text,
	`doctorId` text,
	`department` text,
	`status` text NOT NULL,
	`phase` text NOT NULL,
	`tokenNumber` text,
	`registeredAt` text,
	`queueJoinedAt` text,
	`calledAt` text,
	`skippedCount` integer NOT NULL,
	`enteredRoomAt` text,
	`exitedRoomAt` text,
	`consultationCompletedAt` text,
	`closedAt` text,
	`closeReason` text,
	`rescheduledTo` text,
	`lastEventAt` text,
	`eventCount` integer NOT NULL,
	`dueCents` integer NOT NULL,
	`paidCents` integer NOT NULL,
	`balanceCents` integer NOT NULL,
	`conflictCount` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `visits_status` ON `visits` (`status`,`queueJoinedAt`);--> statement-breakpoint
CREATE INDEX `visits_doctor` ON `visits` (`doctorId`,`status`);--> statement-breakpoint
CREATE INDEX `visits_patient` ON `visits` (`patientId`);--> statement-breakpoint
CREATE INDEX `visits_registered` ON `visits` (`registeredAt`);
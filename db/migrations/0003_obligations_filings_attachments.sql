CREATE TABLE `obligation_extensions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`obligation_id` integer NOT NULL,
	`from_date` text NOT NULL,
	`to_date` text NOT NULL,
	`reason` text NOT NULL,
	`approved_by` text NOT NULL,
	`recorded_by` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`obligation_id`) REFERENCES `obligations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `obligation_extensions_obligation_idx` ON `obligation_extensions` (`obligation_id`);--> statement-breakpoint
CREATE TABLE `obligations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`lab_id` integer NOT NULL,
	`period_id` integer NOT NULL,
	`validity_year` integer NOT NULL,
	`kind` text NOT NULL,
	`year_start` text NOT NULL,
	`year_end` text NOT NULL,
	`due_date` text NOT NULL,
	`original_due_date` text NOT NULL,
	`due_date_estimated` integer DEFAULT false NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`lab_id`) REFERENCES `labs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`period_id`) REFERENCES `validity_periods`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `obligations_period_year_kind_uq` ON `obligations` (`period_id`,`validity_year`,`kind`);--> statement-breakpoint
CREATE INDEX `obligations_lab_idx` ON `obligations` (`lab_id`);--> statement-breakpoint
CREATE INDEX `obligations_due_idx` ON `obligations` (`due_date`);--> statement-breakpoint
CREATE TABLE `annual_reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`lab_id` integer NOT NULL,
	`period_id` integer NOT NULL,
	`validity_year` integer NOT NULL,
	`content` text NOT NULL,
	`roster_snapshot` text,
	`status` text DEFAULT 'draft' NOT NULL,
	`grade` text,
	`submitted_at` text,
	`district_opinion_at` text,
	`decided_at` text,
	`created_by` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`lab_id`) REFERENCES `labs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`period_id`) REFERENCES `validity_periods`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `annual_reports_period_year_uq` ON `annual_reports` (`period_id`,`validity_year`);--> statement-breakpoint
CREATE INDEX `annual_reports_lab_idx` ON `annual_reports` (`lab_id`);--> statement-breakpoint
CREATE INDEX `annual_reports_status_idx` ON `annual_reports` (`status`,`submitted_at`);--> statement-breakpoint
CREATE TABLE `deliverables` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`lab_id` integer NOT NULL,
	`root_id` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`type` text NOT NULL,
	`forms` text NOT NULL,
	`title` text NOT NULL,
	`summary` text DEFAULT '' NOT NULL,
	`completed_on` text NOT NULL,
	`transfer_status` text DEFAULT 'none' NOT NULL,
	`transfer_partner` text DEFAULT '' NOT NULL,
	`transfer_value` real,
	`status` text DEFAULT 'draft' NOT NULL,
	`grade` text,
	`submitted_at` text,
	`district_opinion_at` text,
	`decided_at` text,
	`created_by` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`lab_id`) REFERENCES `labs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `deliverables_lab_idx` ON `deliverables` (`lab_id`,`completed_on`);--> statement-breakpoint
CREATE INDEX `deliverables_status_idx` ON `deliverables` (`status`,`submitted_at`);--> statement-breakpoint
CREATE INDEX `deliverables_root_idx` ON `deliverables` (`root_id`);--> statement-breakpoint
CREATE TABLE `filing_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`filing_kind` text NOT NULL,
	`filing_id` integer NOT NULL,
	`lab_id` integer NOT NULL,
	`action` text NOT NULL,
	`from_status` text,
	`to_status` text NOT NULL,
	`comment` text DEFAULT '' NOT NULL,
	`grade` text,
	`actor_user_id` integer,
	`actor_name` text NOT NULL,
	`at` text NOT NULL,
	FOREIGN KEY (`lab_id`) REFERENCES `labs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `filing_events_filing_idx` ON `filing_events` (`filing_kind`,`filing_id`);--> statement-breakpoint
CREATE INDEX `filing_events_lab_idx` ON `filing_events` (`lab_id`,`at`);--> statement-breakpoint
CREATE TABLE `attachments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`lab_id` integer NOT NULL,
	`owner_type` text NOT NULL,
	`owner_id` integer NOT NULL,
	`sha256` text NOT NULL,
	`size` integer NOT NULL,
	`media_type` text NOT NULL,
	`original_name` text NOT NULL,
	`uploaded_by` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`lab_id`) REFERENCES `labs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`uploaded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `attachments_owner_idx` ON `attachments` (`owner_type`,`owner_id`);--> statement-breakpoint
CREATE INDEX `attachments_sha_idx` ON `attachments` (`sha256`);
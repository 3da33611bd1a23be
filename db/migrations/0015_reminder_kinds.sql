CREATE TABLE `reminder_kind_rules` (
	`kind` text PRIMARY KEY NOT NULL,
	`follows_default` integer NOT NULL,
	`before_days` text NOT NULL,
	`on_due_date` integer NOT NULL,
	`after_days` text NOT NULL,
	`repeat_every_days` integer NOT NULL,
	`escalate_district_after_days` integer NOT NULL,
	`escalate_bureau_after_days` integer NOT NULL,
	`row_version` integer DEFAULT 1 NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` integer,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `reminder_snoozes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`source` text NOT NULL,
	`source_id` integer NOT NULL,
	`lab_id` integer NOT NULL,
	`until` text NOT NULL,
	`created_by` integer,
	`created_at` text NOT NULL,
	FOREIGN KEY (`lab_id`) REFERENCES `labs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reminder_snoozes_key_uq` ON `reminder_snoozes` (`source`,`source_id`);--> statement-breakpoint
CREATE INDEX `reminder_snoozes_lab_idx` ON `reminder_snoozes` (`lab_id`);--> statement-breakpoint
ALTER TABLE `reminder_rules` ADD `row_version` integer DEFAULT 1 NOT NULL;
CREATE TABLE `inbox_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`notice_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`created_at` text NOT NULL,
	`read_at` text,
	FOREIGN KEY (`notice_id`) REFERENCES `notices`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `inbox_items_notice_id_unique` ON `inbox_items` (`notice_id`);--> statement-breakpoint
CREATE INDEX `inbox_items_user_read_idx` ON `inbox_items` (`user_id`,`read_at`,`created_at`);--> statement-breakpoint
CREATE TABLE `mail_outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer,
	`to_address` text NOT NULL,
	`locale` text NOT NULL,
	`subject` text NOT NULL,
	`body` text NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` text,
	`last_error` text,
	`sent_at` text,
	`message_id` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `mail_outbox_status_next_idx` ON `mail_outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `mail_outbox_created_idx` ON `mail_outbox` (`created_at`);--> statement-breakpoint
CREATE TABLE `mail_preferences` (
	`user_id` integer NOT NULL,
	`source` text NOT NULL,
	`mail` integer NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`user_id`, `source`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `notices` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`source` text NOT NULL,
	`source_id` integer NOT NULL,
	`due_date` text NOT NULL,
	`offset_days` integer NOT NULL,
	`recipient_id` integer NOT NULL,
	`channel` text NOT NULL,
	`audience` text NOT NULL,
	`lab_id` integer NOT NULL,
	`title` text NOT NULL,
	`link` text NOT NULL,
	`created_at` text NOT NULL,
	`outbox_id` integer,
	FOREIGN KEY (`recipient_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`lab_id`) REFERENCES `labs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`outbox_id`) REFERENCES `mail_outbox`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notices_key_uq` ON `notices` (`source`,`source_id`,`due_date`,`offset_days`,`recipient_id`,`channel`);--> statement-breakpoint
CREATE INDEX `notices_outbox_idx` ON `notices` (`outbox_id`);--> statement-breakpoint
CREATE TABLE `reminder_rules` (
	`id` integer PRIMARY KEY NOT NULL,
	`before_days` text NOT NULL,
	`on_due_date` integer NOT NULL,
	`after_days` text NOT NULL,
	`repeat_every_days` integer NOT NULL,
	`escalate_district_after_days` integer NOT NULL,
	`escalate_bureau_after_days` integer NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` integer,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);

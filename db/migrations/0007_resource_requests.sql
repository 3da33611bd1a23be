CREATE TABLE `request_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`request_id` integer NOT NULL,
	`lab_id` integer NOT NULL,
	`action` text NOT NULL,
	`from_status` text,
	`to_status` text NOT NULL,
	`comment` text DEFAULT '' NOT NULL,
	`actor_user_id` integer,
	`actor_name` text NOT NULL,
	`at` text NOT NULL,
	FOREIGN KEY (`request_id`) REFERENCES `resource_requests`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`lab_id`) REFERENCES `labs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `request_events_request_idx` ON `request_events` (`request_id`,`at`);--> statement-breakpoint
CREATE TABLE `request_type_rules` (
	`type` text PRIMARY KEY NOT NULL,
	`decision_days` integer NOT NULL,
	`district_opinion` integer NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` integer,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `resource_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`lab_id` integer NOT NULL,
	`type` text NOT NULL,
	`title` text NOT NULL,
	`description` text NOT NULL,
	`quantity` real NOT NULL,
	`unit` text NOT NULL,
	`needed_by` text NOT NULL,
	`justification` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`district_opinion_required` integer DEFAULT false NOT NULL,
	`district_opinion` text,
	`submitted_at` text,
	`submitted_on` text,
	`first_submitted_at` text,
	`decision_days` integer,
	`deadline` text,
	`deadline_estimated` integer DEFAULT false NOT NULL,
	`returned_at` text,
	`accepted_at` text,
	`decided_at` text,
	`decided_on` text,
	`decision_working_days` integer,
	`decided_in_time` integer,
	`granted_quantity` real,
	`rejection_reason` text,
	`fulfilled_on` text,
	`delivered_quantity` real,
	`delivery_note` text,
	`closed_at` text,
	`withdrawn_at` text,
	`created_by` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`lab_id`) REFERENCES `labs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `resource_requests_lab_idx` ON `resource_requests` (`lab_id`,`status`);--> statement-breakpoint
CREATE INDEX `resource_requests_status_deadline_idx` ON `resource_requests` (`status`,`deadline`);--> statement-breakpoint
CREATE INDEX `resource_requests_type_status_idx` ON `resource_requests` (`type`,`status`);--> statement-breakpoint
CREATE INDEX `resource_requests_decided_idx` ON `resource_requests` (`decided_on`);--> statement-breakpoint
ALTER TABLE `lab_checks` ADD `owner` text DEFAULT 'lab' NOT NULL;
CREATE TABLE `drills` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`lab_id` integer NOT NULL,
	`held_on` text NOT NULL,
	`scenario` text NOT NULL,
	`participants` text NOT NULL,
	`findings` text DEFAULT '' NOT NULL,
	`follow_up` text DEFAULT '' NOT NULL,
	`follow_up_closed_on` text,
	`created_by` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`lab_id`) REFERENCES `labs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `drills_lab_idx` ON `drills` (`lab_id`,`held_on`);--> statement-breakpoint
CREATE TABLE `incident_updates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`incident_id` integer NOT NULL,
	`lab_id` integer NOT NULL,
	`at` text NOT NULL,
	`from_status` text,
	`to_status` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`actor_user_id` integer,
	`actor_name` text NOT NULL,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`lab_id`) REFERENCES `labs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `incident_updates_incident_idx` ON `incident_updates` (`incident_id`,`at`);--> statement-breakpoint
CREATE INDEX `incident_updates_lab_idx` ON `incident_updates` (`lab_id`,`at`);--> statement-breakpoint
CREATE TABLE `incidents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`lab_id` integer NOT NULL,
	`grade` text NOT NULL,
	`title` text NOT NULL,
	`discovered_at` text NOT NULL,
	`reported_at` text,
	`report_deadline` text NOT NULL,
	`description` text NOT NULL,
	`data_affected` text DEFAULT '' NOT NULL,
	`measures` text DEFAULT '' NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`closed_at` text,
	`created_by` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`lab_id`) REFERENCES `labs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `incidents_lab_idx` ON `incidents` (`lab_id`,`discovered_at`);--> statement-breakpoint
CREATE INDEX `incidents_status_grade_idx` ON `incidents` (`status`,`grade`);--> statement-breakpoint
CREATE INDEX `incidents_discovered_idx` ON `incidents` (`discovered_at`);--> statement-breakpoint
CREATE TABLE `security_plans` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`lab_id` integer NOT NULL,
	`version` text NOT NULL,
	`approved_on` text NOT NULL,
	`scope` text NOT NULL,
	`responsible_person` text NOT NULL,
	`contact_24h` text NOT NULL,
	`next_review_on` text NOT NULL,
	`acknowledged_at` text,
	`acknowledged_by` integer,
	`created_by` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`lab_id`) REFERENCES `labs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`acknowledged_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `security_plans_lab_idx` ON `security_plans` (`lab_id`,`approved_on`);--> statement-breakpoint
CREATE UNIQUE INDEX `security_plans_lab_version_uq` ON `security_plans` (`lab_id`,`version`);
CREATE TABLE `compliance_history` (
	`month` text NOT NULL,
	`lab_id` integer NOT NULL,
	`severity` integer NOT NULL,
	`failing` integer NOT NULL,
	`warnings` integer NOT NULL,
	`recorded_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	PRIMARY KEY(`month`, `lab_id`),
	FOREIGN KEY (`lab_id`) REFERENCES `labs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `compliance_history_lab_idx` ON `compliance_history` (`lab_id`);--> statement-breakpoint
CREATE TABLE `lab_checks` (
	`lab_id` integer NOT NULL,
	`check_id` text NOT NULL,
	`subject` text DEFAULT '' NOT NULL,
	`result` text NOT NULL,
	`severity` integer NOT NULL,
	`reason_key` text NOT NULL,
	`reason_params` text NOT NULL,
	`concerns_date` text,
	`fix_path` text NOT NULL,
	`evaluated_on` text NOT NULL,
	PRIMARY KEY(`lab_id`, `check_id`, `subject`),
	FOREIGN KEY (`lab_id`) REFERENCES `labs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `lab_checks_severity_idx` ON `lab_checks` (`severity`,`concerns_date`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` integer NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` integer,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `calendar_days` (
	`date` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` integer,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `calendar_years` (
	`year` integer PRIMARY KEY NOT NULL,
	`source` text DEFAULT '' NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` integer,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `violations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`org_id` integer,
	`lab_id` integer,
	`category` text NOT NULL,
	`occurred_on` text NOT NULL,
	`source` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`created_by` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`lab_id`) REFERENCES `labs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "violations_subject_ck" CHECK(("violations"."org_id" IS NULL) <> ("violations"."lab_id" IS NULL))
);
--> statement-breakpoint
CREATE INDEX `violations_org_idx` ON `violations` (`org_id`);--> statement-breakpoint
CREATE INDEX `violations_lab_idx` ON `violations` (`lab_id`);
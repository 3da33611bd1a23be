CREATE TABLE `applicants` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`uscc` text NOT NULL,
	`org_kind` text NOT NULL,
	`office_district_code` text,
	`office_department_id` integer,
	`contact_name` text DEFAULT '' NOT NULL,
	`contact_phone` text DEFAULT '' NOT NULL,
	`contact_email` text DEFAULT '' NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`status_reason` text DEFAULT '' NOT NULL,
	`decided_by` integer,
	`decided_at` text,
	`row_version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_by` integer,
	FOREIGN KEY (`office_department_id`) REFERENCES `city_departments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "applicants_office_ck" CHECK(("applicants"."office_district_code" IS NULL) <> ("applicants"."office_department_id" IS NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `applicants_uscc_live_uq` ON `applicants` (`uscc`) WHERE "applicants"."status" <> 'refused';--> statement-breakpoint
CREATE INDEX `applicants_district_idx` ON `applicants` (`office_district_code`,`status`) WHERE "applicants"."office_district_code" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `applicants_department_idx` ON `applicants` (`office_department_id`,`status`) WHERE "applicants"."office_department_id" IS NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `department_id` integer REFERENCES city_departments(id);--> statement-breakpoint
ALTER TABLE `users` ADD `applicant_id` integer REFERENCES applicants(id);--> statement-breakpoint
CREATE INDEX `users_applicant_idx` ON `users` (`applicant_id`) WHERE "users"."applicant_id" IS NOT NULL;--> statement-breakpoint
CREATE TRIGGER `applicants_row_version` AFTER UPDATE ON `applicants` FOR EACH ROW WHEN NEW.row_version = OLD.row_version BEGIN UPDATE `applicants` SET row_version = OLD.row_version + 1 WHERE rowid = NEW.rowid; END;

CREATE TABLE `round_application_indicators` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`application_id` integer NOT NULL,
	`indicator_key` text,
	`custom_indicator_id` integer,
	`target` integer NOT NULL,
	FOREIGN KEY (`application_id`) REFERENCES `round_applications`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`custom_indicator_id`) REFERENCES `custom_indicators`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "round_application_indicators_one_ck" CHECK(("round_application_indicators"."indicator_key" IS NULL) <> ("round_application_indicators"."custom_indicator_id" IS NULL)),
	CONSTRAINT "round_application_indicators_whole_ck" CHECK("round_application_indicators"."target" >= 0 AND typeof("round_application_indicators"."target") = 'integer')
);
--> statement-breakpoint
CREATE UNIQUE INDEX `round_application_indicators_key_uq` ON `round_application_indicators` (`application_id`,`indicator_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `round_application_indicators_custom_uq` ON `round_application_indicators` (`application_id`,`custom_indicator_id`);--> statement-breakpoint
CREATE TABLE `round_application_members` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`application_id` integer NOT NULL,
	`name` text NOT NULL,
	`title_level` text NOT NULL,
	`degree` text NOT NULL,
	`role` text NOT NULL,
	FOREIGN KEY (`application_id`) REFERENCES `round_applications`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `round_application_members_application_idx` ON `round_application_members` (`application_id`);--> statement-breakpoint
CREATE TABLE `round_application_partners` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`application_id` integer NOT NULL,
	`name` text NOT NULL,
	`uscc` text NOT NULL,
	`kind` text NOT NULL,
	FOREIGN KEY (`application_id`) REFERENCES `round_applications`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `round_application_partners_application_idx` ON `round_application_partners` (`application_id`);--> statement-breakpoint
CREATE TABLE `round_applications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`round_id` integer NOT NULL,
	`applicant_id` integer NOT NULL,
	`office_district_code` text,
	`office_department_id` integer,
	`direction` integer,
	`lab_name` text DEFAULT '' NOT NULL,
	`host_kind` text,
	`status` text DEFAULT 'draft' NOT NULL,
	`submitted_at` text,
	`plan_technical_goals` text DEFAULT '' NOT NULL,
	`plan_intellectual_property` text DEFAULT '' NOT NULL,
	`plan_funding` text DEFAULT '' NOT NULL,
	`plan_application_scenarios` text DEFAULT '' NOT NULL,
	`data_security` text DEFAULT '' NOT NULL,
	`commitments` text DEFAULT '[]' NOT NULL,
	`check_complete` integer,
	`check_complete_reason` text DEFAULT '' NOT NULL,
	`check_authentic` integer,
	`check_authentic_reason` text DEFAULT '' NOT NULL,
	`check_valid` integer,
	`check_valid_reason` text DEFAULT '' NOT NULL,
	`checked_at` text,
	`checked_by` integer,
	`return_reasons` text DEFAULT '' NOT NULL,
	`reject_reasons` text DEFAULT '' NOT NULL,
	`reject_grounds` text DEFAULT '[]' NOT NULL,
	`recommended_at` text,
	`recommended_by` integer,
	`row_version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_by` integer,
	FOREIGN KEY (`round_id`) REFERENCES `certification_rounds`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`applicant_id`) REFERENCES `applicants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`office_department_id`) REFERENCES `city_departments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`checked_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recommended_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "round_applications_office_ck" CHECK(("round_applications"."office_district_code" IS NULL) <> ("round_applications"."office_department_id" IS NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `round_applications_applicant_round_uq` ON `round_applications` (`applicant_id`,`round_id`);--> statement-breakpoint
CREATE INDEX `round_applications_district_idx` ON `round_applications` (`round_id`,`office_district_code`,`status`) WHERE "round_applications"."office_district_code" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `round_applications_department_idx` ON `round_applications` (`round_id`,`office_department_id`,`status`) WHERE "round_applications"."office_department_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `round_applications_round_status_idx` ON `round_applications` (`round_id`,`status`);--> statement-breakpoint
-- attachments.lab_id becomes nullable (a certification application's files belong to no lab yet)
-- and gains `kind`. No table references attachments, so dropping the old one cascades nowhere
-- (PRAGMA foreign_keys=OFF does nothing inside the migration's transaction; kept as generated).
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_attachments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`lab_id` integer,
	`owner_type` text NOT NULL,
	`owner_id` integer NOT NULL,
	`kind` text,
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
INSERT INTO `__new_attachments`("id", "lab_id", "owner_type", "owner_id", "kind", "sha256", "size", "media_type", "original_name", "uploaded_by", "created_at") SELECT "id", "lab_id", "owner_type", "owner_id", NULL, "sha256", "size", "media_type", "original_name", "uploaded_by", "created_at" FROM `attachments`;--> statement-breakpoint
DROP TABLE `attachments`;--> statement-breakpoint
ALTER TABLE `__new_attachments` RENAME TO `attachments`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `attachments_owner_idx` ON `attachments` (`owner_type`,`owner_id`);--> statement-breakpoint
CREATE INDEX `attachments_sha_idx` ON `attachments` (`sha256`);--> statement-breakpoint
CREATE TRIGGER `round_applications_row_version` AFTER UPDATE ON `round_applications` FOR EACH ROW WHEN NEW.row_version = OLD.row_version BEGIN UPDATE `round_applications` SET row_version = OLD.row_version + 1 WHERE rowid = NEW.rowid; END;

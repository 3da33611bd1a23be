CREATE TABLE `certification_rounds` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`year` integer NOT NULL,
	`name_zh` text NOT NULL,
	`name_en` text NOT NULL,
	`applications_due_at` text NOT NULL,
	`recommendations_due_at` text NOT NULL,
	`district_quota` integer DEFAULT 3 NOT NULL,
	`department_quota` integer DEFAULT 2 NOT NULL,
	`required_attachments` text DEFAULT '[{"kind":"application_pdf"},{"kind":"application_docx"}]' NOT NULL,
	`created_by` integer,
	`row_version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_by` integer,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "certification_rounds_deadlines_ck" CHECK("certification_rounds"."recommendations_due_at" > "certification_rounds"."applications_due_at"),
	CONSTRAINT "certification_rounds_quotas_ck" CHECK("certification_rounds"."district_quota" >= 0 AND "certification_rounds"."department_quota" >= 0)
);
--> statement-breakpoint
CREATE INDEX `certification_rounds_year_idx` ON `certification_rounds` (`year`);--> statement-breakpoint
CREATE TABLE `city_departments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`name_zh` text NOT NULL,
	`name_en` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`row_version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_by` integer,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `city_departments_code_uq` ON `city_departments` (`code`);--> statement-breakpoint
CREATE TABLE `round_criteria` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`round_id` integer NOT NULL,
	`label_zh` text NOT NULL,
	`label_en` text NOT NULL,
	`weight` integer NOT NULL,
	`position` integer NOT NULL,
	FOREIGN KEY (`round_id`) REFERENCES `certification_rounds`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `round_criteria_round_idx` ON `round_criteria` (`round_id`,`position`);--> statement-breakpoint
CREATE TABLE `round_office_quotas` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`round_id` integer NOT NULL,
	`district_code` text,
	`department_id` integer,
	`quota` integer NOT NULL,
	FOREIGN KEY (`round_id`) REFERENCES `certification_rounds`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`department_id`) REFERENCES `city_departments`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "round_office_quotas_office_ck" CHECK(("round_office_quotas"."district_code" IS NULL) <> ("round_office_quotas"."department_id" IS NULL)),
	CONSTRAINT "round_office_quotas_quota_ck" CHECK("round_office_quotas"."quota" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `round_office_quotas_district_uq` ON `round_office_quotas` (`round_id`,`district_code`) WHERE "round_office_quotas"."district_code" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `round_office_quotas_department_uq` ON `round_office_quotas` (`round_id`,`department_id`) WHERE "round_office_quotas"."department_id" IS NOT NULL;--> statement-breakpoint
CREATE TRIGGER `certification_rounds_row_version` AFTER UPDATE ON `certification_rounds` FOR EACH ROW WHEN NEW.row_version = OLD.row_version BEGIN UPDATE `certification_rounds` SET row_version = OLD.row_version + 1 WHERE rowid = NEW.rowid; END;--> statement-breakpoint
CREATE TRIGGER `city_departments_row_version` AFTER UPDATE ON `city_departments` FOR EACH ROW WHEN NEW.row_version = OLD.row_version BEGIN UPDATE `city_departments` SET row_version = OLD.row_version + 1 WHERE rowid = NEW.rowid; END;

CREATE TABLE `custom_indicators` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name_zh` text NOT NULL,
	`name_en` text NOT NULL,
	`unit` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`row_version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` integer,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `indicator_plans` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`lab_id` integer NOT NULL,
	`period_id` integer NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`return_reason` text DEFAULT '' NOT NULL,
	`submitted_at` text,
	`submitted_by` integer,
	`decided_at` text,
	`decided_by` integer,
	`row_version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`lab_id`) REFERENCES `labs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`period_id`) REFERENCES `validity_periods`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`submitted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `indicator_plans_period_uq` ON `indicator_plans` (`period_id`);--> statement-breakpoint
CREATE INDEX `indicator_plans_lab_idx` ON `indicator_plans` (`lab_id`);--> statement-breakpoint
CREATE TABLE `indicator_targets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`plan_id` integer NOT NULL,
	`indicator_key` text,
	`custom_indicator_id` integer,
	`target` integer NOT NULL,
	FOREIGN KEY (`plan_id`) REFERENCES `indicator_plans`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`custom_indicator_id`) REFERENCES `custom_indicators`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "indicator_targets_one_indicator_ck" CHECK(("indicator_targets"."indicator_key" IS NULL) <> ("indicator_targets"."custom_indicator_id" IS NULL)),
	CONSTRAINT "indicator_targets_whole_ck" CHECK("indicator_targets"."target" >= 0 AND typeof("indicator_targets"."target") = 'integer')
);
--> statement-breakpoint
CREATE UNIQUE INDEX `indicator_targets_plan_key_uq` ON `indicator_targets` (`plan_id`,`indicator_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `indicator_targets_plan_custom_uq` ON `indicator_targets` (`plan_id`,`custom_indicator_id`);--> statement-breakpoint
CREATE TRIGGER `indicator_plans_row_version` AFTER UPDATE ON `indicator_plans` FOR EACH ROW WHEN NEW.row_version = OLD.row_version BEGIN UPDATE `indicator_plans` SET row_version = OLD.row_version + 1 WHERE rowid = NEW.rowid; END;--> statement-breakpoint
CREATE TRIGGER `custom_indicators_row_version` AFTER UPDATE ON `custom_indicators` FOR EACH ROW WHEN NEW.row_version = OLD.row_version BEGIN UPDATE `custom_indicators` SET row_version = OLD.row_version + 1 WHERE rowid = NEW.rowid; END;

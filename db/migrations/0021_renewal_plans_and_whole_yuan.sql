-- Issue 16: a renewal application proposes the next period's indicator plan (indicator_plans gets
-- renewal_id, period_id may wait for the period the renewal creates: at least one of the two), and
-- a deliverable's transfer value moves from a float in 万元 to whole yuan.
-- Migrations run in one transaction, where PRAGMA foreign_keys=OFF does nothing: dropping the old
-- indicator_plans table cascades to indicator_targets, so the targets are kept aside and put back
-- (ids unchanged), and the row-version trigger, dropped with the table, is created again.
CREATE TABLE `__keep_indicator_targets` AS SELECT * FROM `indicator_targets`;--> statement-breakpoint
CREATE TABLE `__new_indicator_plans` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`lab_id` integer NOT NULL,
	`period_id` integer,
	`renewal_id` integer,
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
	FOREIGN KEY (`renewal_id`) REFERENCES `renewals`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`submitted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "indicator_plans_owner_ck" CHECK("period_id" IS NOT NULL OR "renewal_id" IS NOT NULL)
);
--> statement-breakpoint
INSERT INTO `__new_indicator_plans`("id", "lab_id", "period_id", "renewal_id", "status", "return_reason", "submitted_at", "submitted_by", "decided_at", "decided_by", "row_version", "created_at", "updated_at") SELECT "id", "lab_id", "period_id", NULL, "status", "return_reason", "submitted_at", "submitted_by", "decided_at", "decided_by", "row_version", "created_at", "updated_at" FROM `indicator_plans`;--> statement-breakpoint
DROP TABLE `indicator_plans`;--> statement-breakpoint
ALTER TABLE `__new_indicator_plans` RENAME TO `indicator_plans`;--> statement-breakpoint
DELETE FROM `indicator_targets`;--> statement-breakpoint
INSERT INTO `indicator_targets` SELECT * FROM `__keep_indicator_targets`;--> statement-breakpoint
DROP TABLE `__keep_indicator_targets`;--> statement-breakpoint
CREATE UNIQUE INDEX `indicator_plans_period_uq` ON `indicator_plans` (`period_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `indicator_plans_renewal_uq` ON `indicator_plans` (`renewal_id`);--> statement-breakpoint
CREATE INDEX `indicator_plans_lab_idx` ON `indicator_plans` (`lab_id`);--> statement-breakpoint
CREATE TRIGGER `indicator_plans_row_version` AFTER UPDATE ON `indicator_plans` FOR EACH ROW WHEN NEW.row_version = OLD.row_version BEGIN UPDATE `indicator_plans` SET row_version = OLD.row_version + 1 WHERE rowid = NEW.rowid; END;--> statement-breakpoint
-- whole yuan from 万元: ROUND to the nearest yuan (a float's 0.30000000000000004 万元 is 3,000 yuan)
ALTER TABLE `deliverables` ADD `transfer_value_yuan` integer;--> statement-breakpoint
UPDATE `deliverables` SET `transfer_value_yuan` = CAST(ROUND(`transfer_value` * 10000) AS INTEGER) WHERE `transfer_value` IS NOT NULL;--> statement-breakpoint
ALTER TABLE `deliverables` DROP COLUMN `transfer_value`;

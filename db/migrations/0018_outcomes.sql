CREATE TABLE `outcomes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`lab_id` integer NOT NULL,
	`period_id` integer NOT NULL,
	`validity_year` integer NOT NULL,
	`form` text NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`occurred_on` text NOT NULL,
	`partners` text DEFAULT '' NOT NULL,
	`value_yuan` integer,
	`description` text DEFAULT '' NOT NULL,
	`patent_number` text DEFAULT '' NOT NULL,
	`patent_status` text,
	`standard_level` text,
	`award_level` text,
	`user_organisation` text DEFAULT '' NOT NULL,
	`counterpart` text DEFAULT '' NOT NULL,
	`verification` text DEFAULT 'unverified' NOT NULL,
	`checked_by` integer,
	`checked_at` text,
	`check_note` text DEFAULT '' NOT NULL,
	`decided_by` integer,
	`decided_at` text,
	`decision_reason` text DEFAULT '' NOT NULL,
	`row_version` integer DEFAULT 1 NOT NULL,
	`created_by` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`lab_id`) REFERENCES `labs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`period_id`) REFERENCES `validity_periods`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`checked_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `outcomes_lab_idx` ON `outcomes` (`lab_id`,`occurred_on`);--> statement-breakpoint
CREATE INDEX `outcomes_verification_idx` ON `outcomes` (`verification`,`lab_id`);--> statement-breakpoint
CREATE TRIGGER `outcomes_row_version` AFTER UPDATE ON `outcomes` FOR EACH ROW WHEN NEW.row_version = OLD.row_version BEGIN UPDATE `outcomes` SET row_version = OLD.row_version + 1 WHERE rowid = NEW.rowid; END;
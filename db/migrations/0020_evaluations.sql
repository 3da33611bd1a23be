CREATE TABLE `evaluation_results` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`round_id` integer NOT NULL,
	`lab_id` integer NOT NULL,
	`period_id` integer,
	`score_report` integer,
	`score_plan` integer,
	`score_compliance` integer,
	`score_security` integer,
	`score` integer,
	`rank` integer NOT NULL,
	`proposed_grade` text,
	`final_grade` text,
	`details` text NOT NULL,
	`adjustment_reason` text DEFAULT '' NOT NULL,
	`adjusted_at` text,
	`adjusted_by` integer,
	`row_version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`round_id`) REFERENCES `evaluation_rounds`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`lab_id`) REFERENCES `labs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`period_id`) REFERENCES `validity_periods`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`adjusted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `evaluation_results_round_lab_uq` ON `evaluation_results` (`round_id`,`lab_id`);--> statement-breakpoint
CREATE INDEX `evaluation_results_round_rank_idx` ON `evaluation_results` (`round_id`,`rank`);--> statement-breakpoint
CREATE INDEX `evaluation_results_lab_idx` ON `evaluation_results` (`lab_id`);--> statement-breakpoint
CREATE TABLE `evaluation_rounds` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`year` integer NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`weight_report` integer NOT NULL,
	`weight_plan` integer NOT NULL,
	`weight_compliance` integer NOT NULL,
	`weight_security` integer NOT NULL,
	`cap_excellent_percent` integer NOT NULL,
	`cap_good_percent` integer NOT NULL,
	`min_excellent` integer NOT NULL,
	`min_good` integer NOT NULL,
	`min_pass` integer NOT NULL,
	`opened_at` text NOT NULL,
	`opened_by` integer,
	`computed_at` text NOT NULL,
	`published_at` text,
	`published_by` integer,
	`row_version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`opened_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`published_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "evaluation_rounds_weights_ck" CHECK("evaluation_rounds"."weight_report" + "evaluation_rounds"."weight_plan" + "evaluation_rounds"."weight_compliance" + "evaluation_rounds"."weight_security" = 100)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `evaluation_rounds_year_uq` ON `evaluation_rounds` (`year`);--> statement-breakpoint
CREATE TRIGGER `evaluation_rounds_row_version` AFTER UPDATE ON `evaluation_rounds` FOR EACH ROW WHEN NEW.row_version = OLD.row_version BEGIN UPDATE `evaluation_rounds` SET row_version = OLD.row_version + 1 WHERE rowid = NEW.rowid; END;--> statement-breakpoint
CREATE TRIGGER `evaluation_results_row_version` AFTER UPDATE ON `evaluation_results` FOR EACH ROW WHEN NEW.row_version = OLD.row_version BEGIN UPDATE `evaluation_results` SET row_version = OLD.row_version + 1 WHERE rowid = NEW.rowid; END;

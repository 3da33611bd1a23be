CREATE TABLE `application_reviews` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`application_id` integer NOT NULL,
	`expert_id` integer NOT NULL,
	`status` text DEFAULT 'assigned' NOT NULL,
	`scores` text DEFAULT '{}' NOT NULL,
	`total_score` real,
	`comment` text DEFAULT '' NOT NULL,
	`conflict_reason` text DEFAULT '' NOT NULL,
	`assigned_by` integer,
	`assigned_at` text NOT NULL,
	`submitted_at` text,
	`row_version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`application_id`) REFERENCES `round_applications`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`expert_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assigned_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `application_reviews_application_expert_uq` ON `application_reviews` (`application_id`,`expert_id`);--> statement-breakpoint
CREATE INDEX `application_reviews_expert_idx` ON `application_reviews` (`expert_id`,`status`);--> statement-breakpoint
CREATE TRIGGER `application_reviews_row_version` AFTER UPDATE ON `application_reviews` FOR EACH ROW WHEN NEW.row_version = OLD.row_version BEGIN UPDATE `application_reviews` SET row_version = OLD.row_version + 1 WHERE rowid = NEW.rowid; END;
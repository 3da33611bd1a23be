CREATE TABLE `notice_objections` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`notice_id` integer NOT NULL,
	`received_on` text NOT NULL,
	`objector` text DEFAULT '' NOT NULL,
	`contact` text DEFAULT '' NOT NULL,
	`content` text NOT NULL,
	`decision` text DEFAULT 'pending' NOT NULL,
	`decision_reason` text DEFAULT '' NOT NULL,
	`decided_by` integer,
	`decided_at` text,
	`recorded_by` integer,
	`row_version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`notice_id`) REFERENCES `public_notices`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `notice_objections_notice_idx` ON `notice_objections` (`notice_id`,`decision`);--> statement-breakpoint
CREATE TABLE `public_notices` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`subject_kind` text NOT NULL,
	`subject_id` integer NOT NULL,
	`proposal` text DEFAULT '{}' NOT NULL,
	`published_at` text NOT NULL,
	`starts_on` text NOT NULL,
	`ends_on` text NOT NULL,
	`estimated` integer DEFAULT false NOT NULL,
	`published_by` integer,
	`withdrawn_at` text,
	`withdrawn_reason` text DEFAULT '' NOT NULL,
	`confirmed_at` text,
	`confirmed_by` integer,
	`row_version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`published_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`confirmed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `public_notices_live_subject_uq` ON `public_notices` (`subject_kind`,`subject_id`) WHERE "public_notices"."withdrawn_at" IS NULL;--> statement-breakpoint
CREATE INDEX `public_notices_subject_idx` ON `public_notices` (`subject_kind`,`subject_id`);--> statement-breakpoint
CREATE INDEX `public_notices_kind_ends_idx` ON `public_notices` (`subject_kind`,`ends_on`);--> statement-breakpoint
CREATE TRIGGER `public_notices_row_version` AFTER UPDATE ON `public_notices` FOR EACH ROW WHEN NEW.row_version = OLD.row_version BEGIN UPDATE `public_notices` SET row_version = OLD.row_version + 1 WHERE rowid = NEW.rowid; END;--> statement-breakpoint
CREATE TRIGGER `notice_objections_row_version` AFTER UPDATE ON `notice_objections` FOR EACH ROW WHEN NEW.row_version = OLD.row_version BEGIN UPDATE `notice_objections` SET row_version = OLD.row_version + 1 WHERE rowid = NEW.rowid; END;

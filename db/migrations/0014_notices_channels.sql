-- Migrations run in one transaction, where PRAGMA foreign_keys=OFF does nothing: dropping the old
-- notices table cascades to inbox_items, so the inbox is kept aside and put back (ids unchanged).
CREATE TABLE `chat_robots` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`district_code` text,
	`provider` text NOT NULL,
	`name` text NOT NULL,
	`webhook_url` text NOT NULL,
	`secret` text,
	`active` integer DEFAULT true NOT NULL,
	`row_version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_by` integer,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `chat_robots_district_idx` ON `chat_robots` (`district_code`);--> statement-breakpoint
CREATE TABLE `__keep_inbox_items` AS SELECT * FROM `inbox_items`;--> statement-breakpoint
CREATE TABLE `__new_notices` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`source` text NOT NULL,
	`source_id` integer NOT NULL,
	`due_date` text NOT NULL,
	`offset_days` integer NOT NULL,
	`recipient_id` integer,
	`robot_id` integer,
	`channel` text NOT NULL,
	`audience` text NOT NULL,
	`lab_id` integer,
	`title` text NOT NULL,
	`link` text NOT NULL,
	`created_at` text NOT NULL,
	`outbox_id` integer,
	FOREIGN KEY (`recipient_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`robot_id`) REFERENCES `chat_robots`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`lab_id`) REFERENCES `labs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`outbox_id`) REFERENCES `mail_outbox`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
INSERT INTO `__new_notices`("id", "source", "source_id", "due_date", "offset_days", "recipient_id", "robot_id", "channel", "audience", "lab_id", "title", "link", "created_at", "outbox_id") SELECT "id", "source", "source_id", "due_date", "offset_days", "recipient_id", NULL, "channel", "audience", "lab_id", "title", "link", "created_at", "outbox_id" FROM `notices`;--> statement-breakpoint
DROP TABLE `notices`;--> statement-breakpoint
ALTER TABLE `__new_notices` RENAME TO `notices`;--> statement-breakpoint
DELETE FROM `inbox_items`;--> statement-breakpoint
INSERT INTO `inbox_items` SELECT * FROM `__keep_inbox_items`;--> statement-breakpoint
DROP TABLE `__keep_inbox_items`;--> statement-breakpoint
CREATE UNIQUE INDEX `notices_key_uq` ON `notices` (`source`,`source_id`,`due_date`,`offset_days`,`recipient_id`,`channel`);--> statement-breakpoint
CREATE UNIQUE INDEX `notices_robot_key_uq` ON `notices` (`source`,`source_id`,`due_date`,`offset_days`,`robot_id`,`channel`) WHERE "notices"."robot_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `notices_lab_idx` ON `notices` (`lab_id`);--> statement-breakpoint
CREATE INDEX `notices_outbox_idx` ON `notices` (`outbox_id`);--> statement-breakpoint
ALTER TABLE `mail_outbox` ADD `channel` text DEFAULT 'email' NOT NULL;--> statement-breakpoint
ALTER TABLE `mail_outbox` ADD `robot_id` integer REFERENCES chat_robots(id) ON DELETE SET NULL;--> statement-breakpoint
CREATE TRIGGER `chat_robots_row_version` AFTER UPDATE ON `chat_robots` FOR EACH ROW WHEN NEW.row_version = OLD.row_version BEGIN UPDATE `chat_robots` SET row_version = OLD.row_version + 1 WHERE rowid = NEW.rowid; END;
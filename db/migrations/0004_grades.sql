CREATE TABLE `grades` (
	`code` text PRIMARY KEY NOT NULL,
	`label_zh` text NOT NULL,
	`label_en` text NOT NULL,
	`position` integer NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` integer,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
-- The default set (app/domain/grades.ts DEFAULT_GRADES), for every installation: the codes are the ones filings already store.
INSERT INTO `grades` (`code`, `label_zh`, `label_en`, `position`, `active`, `updated_at`, `updated_by`) VALUES
	('excellent', '优秀', 'Excellent', 1, 1, strftime('%Y-%m-%dT%H:%M:%fZ','now'), NULL),
	('good', '良好', 'Good', 2, 1, strftime('%Y-%m-%dT%H:%M:%fZ','now'), NULL),
	('pass', '合格', 'Pass', 3, 1, strftime('%Y-%m-%dT%H:%M:%fZ','now'), NULL),
	('fail', '不合格', 'Fail', 4, 1, strftime('%Y-%m-%dT%H:%M:%fZ','now'), NULL);

DROP INDEX `audit_lab_idx`;--> statement-breakpoint
CREATE INDEX `audit_lab_idx` ON `audit_log` (`lab_id`,`at`);
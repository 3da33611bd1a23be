ALTER TABLE `login_throttle` ADD `last_failure_at` text;--> statement-breakpoint
ALTER TABLE `job_locks` ADD `host` text;--> statement-breakpoint
ALTER TABLE `job_locks` ADD `heartbeat_at` text;
ALTER TABLE `incidents` ADD `alerted_at` text;--> statement-breakpoint
ALTER TABLE `incidents` ADD `alert_acknowledged_at` text;--> statement-breakpoint
ALTER TABLE `incidents` ADD `alert_acknowledged_by` integer REFERENCES users(id);--> statement-breakpoint
CREATE INDEX `incidents_alert_pending_idx` ON `incidents` (`lab_id`) WHERE "incidents"."alerted_at" IS NOT NULL AND "incidents"."alert_acknowledged_at" IS NULL;
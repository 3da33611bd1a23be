ALTER TABLE `annual_reports` ADD `district_opinion` text;--> statement-breakpoint
ALTER TABLE `deliverables` ADD `district_opinion` text;--> statement-breakpoint
ALTER TABLE `filing_events` ADD `district_opinion` text;--> statement-breakpoint
CREATE INDEX `resource_requests_awaiting_order_idx` ON `resource_requests` ((status NOT IN ('submitted', 'district_reviewed', 'accepted')),(deadline IS NULL),`deadline`);
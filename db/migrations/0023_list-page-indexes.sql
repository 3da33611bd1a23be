CREATE INDEX `annual_reports_lab_status_idx` ON `annual_reports` (`lab_id`,`status`);--> statement-breakpoint
CREATE INDEX `deliverables_lab_status_date_idx` ON `deliverables` (`lab_id`,`status`,`completed_on`);--> statement-breakpoint
CREATE INDEX `resource_requests_awaiting_idx` ON `resource_requests` (`status`,`district_opinion_required`,`lab_id`);--> statement-breakpoint
CREATE INDEX `resource_requests_deadline_order_idx` ON `resource_requests` ((deadline IS NULL),`deadline`);
CREATE INDEX `deliverables_accepted_date_idx` ON `deliverables` (`status`,`completed_on`);--> statement-breakpoint
CREATE INDEX `outcomes_date_idx` ON `outcomes` (`occurred_on`);--> statement-breakpoint
CREATE INDEX `outcomes_period_idx` ON `outcomes` (`period_id`);
CREATE INDEX `validity_periods_open_end_idx` ON `validity_periods` (`end_date`) WHERE "validity_periods"."outcome" IS NULL;--> statement-breakpoint
CREATE INDEX `renewals_status_decided_idx` ON `renewals` (`status`,`decided_on`);--> statement-breakpoint
CREATE INDEX `renewals_status_decision_idx` ON `renewals` (`status`,`decision`);
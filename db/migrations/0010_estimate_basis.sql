ALTER TABLE `obligations` ADD `due_basis` text;--> statement-breakpoint
-- Rows from before the column: a deliverable counts from its year's last day; a report from its year's end plus the setting as it stands now (30 days unless the bureau changed it), never later than its original due date, which moving to a working day only made later.
UPDATE `obligations` SET `due_basis` = CASE `kind`
	WHEN 'annual_report' THEN min(date(`year_end`, '+' || coalesce((SELECT `value` FROM `settings` WHERE `key` = 'reportDueDaysAfterYearEnd'), 30) || ' days'), `original_due_date`)
	ELSE `year_end`
END;

ALTER TABLE `settings` ADD `row_version` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `annual_reports` ADD `row_version` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `deliverables` ADD `row_version` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `drills` ADD `row_version` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `incidents` ADD `row_version` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `security_plans` ADD `row_version` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `request_type_rules` ADD `row_version` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `resource_requests` ADD `row_version` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `renewals` ADD `row_version` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `review_assignments` ADD `row_version` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `review_criteria` ADD `row_version` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
CREATE TRIGGER `settings_row_version` AFTER UPDATE ON `settings` FOR EACH ROW WHEN NEW.row_version = OLD.row_version BEGIN UPDATE `settings` SET row_version = OLD.row_version + 1 WHERE rowid = NEW.rowid; END;--> statement-breakpoint
CREATE TRIGGER `annual_reports_row_version` AFTER UPDATE ON `annual_reports` FOR EACH ROW WHEN NEW.row_version = OLD.row_version BEGIN UPDATE `annual_reports` SET row_version = OLD.row_version + 1 WHERE rowid = NEW.rowid; END;--> statement-breakpoint
CREATE TRIGGER `deliverables_row_version` AFTER UPDATE ON `deliverables` FOR EACH ROW WHEN NEW.row_version = OLD.row_version BEGIN UPDATE `deliverables` SET row_version = OLD.row_version + 1 WHERE rowid = NEW.rowid; END;--> statement-breakpoint
CREATE TRIGGER `drills_row_version` AFTER UPDATE ON `drills` FOR EACH ROW WHEN NEW.row_version = OLD.row_version BEGIN UPDATE `drills` SET row_version = OLD.row_version + 1 WHERE rowid = NEW.rowid; END;--> statement-breakpoint
CREATE TRIGGER `incidents_row_version` AFTER UPDATE ON `incidents` FOR EACH ROW WHEN NEW.row_version = OLD.row_version BEGIN UPDATE `incidents` SET row_version = OLD.row_version + 1 WHERE rowid = NEW.rowid; END;--> statement-breakpoint
CREATE TRIGGER `security_plans_row_version` AFTER UPDATE ON `security_plans` FOR EACH ROW WHEN NEW.row_version = OLD.row_version BEGIN UPDATE `security_plans` SET row_version = OLD.row_version + 1 WHERE rowid = NEW.rowid; END;--> statement-breakpoint
CREATE TRIGGER `request_type_rules_row_version` AFTER UPDATE ON `request_type_rules` FOR EACH ROW WHEN NEW.row_version = OLD.row_version BEGIN UPDATE `request_type_rules` SET row_version = OLD.row_version + 1 WHERE rowid = NEW.rowid; END;--> statement-breakpoint
CREATE TRIGGER `resource_requests_row_version` AFTER UPDATE ON `resource_requests` FOR EACH ROW WHEN NEW.row_version = OLD.row_version BEGIN UPDATE `resource_requests` SET row_version = OLD.row_version + 1 WHERE rowid = NEW.rowid; END;--> statement-breakpoint
CREATE TRIGGER `renewals_row_version` AFTER UPDATE ON `renewals` FOR EACH ROW WHEN NEW.row_version = OLD.row_version BEGIN UPDATE `renewals` SET row_version = OLD.row_version + 1 WHERE rowid = NEW.rowid; END;--> statement-breakpoint
CREATE TRIGGER `review_assignments_row_version` AFTER UPDATE ON `review_assignments` FOR EACH ROW WHEN NEW.row_version = OLD.row_version BEGIN UPDATE `review_assignments` SET row_version = OLD.row_version + 1 WHERE rowid = NEW.rowid; END;--> statement-breakpoint
CREATE TRIGGER `review_criteria_row_version` AFTER UPDATE ON `review_criteria` FOR EACH ROW WHEN NEW.row_version = OLD.row_version BEGIN UPDATE `review_criteria` SET row_version = OLD.row_version + 1 WHERE rowid = NEW.rowid; END;

-- Issue 18, the district dashboard: lab_checks carries its lab's district for a district's
-- needs-attention page, lab_standing_tally counts lab_standing per district, direction, status and
-- worst result (with the checks summed) for the tiles and charts, and a district's overdue requests
-- are counted through its labs in resource_requests_lab_idx. Triggers keep both copies as the
-- 0024 aggregates are kept: on every write of the row, a lab moving district or direction, and a
-- lab deleted (its standing taken away first, while its district can still be read).
CREATE TABLE `lab_standing_tally` (
	`district_code` text NOT NULL,
	`direction` integer NOT NULL,
	`status` text NOT NULL,
	`worst` integer NOT NULL,
	`n` integer NOT NULL,
	`failing_checks` integer NOT NULL,
	`warning_checks` integer NOT NULL,
	PRIMARY KEY(`district_code`, `direction`, `status`, `worst`)
);
--> statement-breakpoint
DROP INDEX `resource_requests_lab_idx`;--> statement-breakpoint
CREATE INDEX `resource_requests_lab_idx` ON `resource_requests` (`lab_id`,`status`,`deadline`);--> statement-breakpoint
ALTER TABLE `lab_checks` ADD `district_code` text;--> statement-breakpoint
UPDATE lab_checks SET district_code = (SELECT l.district_code FROM labs l WHERE l.id = lab_checks.lab_id);--> statement-breakpoint
CREATE INDEX `lab_checks_district_attention_idx` ON `lab_checks` (`district_code`,"severity" DESC,"concerns_date" IS NULL,`concerns_date`);--> statement-breakpoint
CREATE INDEX `lab_standing_expires_idx` ON `lab_standing` (`expires_on`);--> statement-breakpoint
CREATE TRIGGER lab_checks_district_insert AFTER INSERT ON lab_checks WHEN NEW.district_code IS NULL BEGIN
  UPDATE lab_checks SET district_code = (SELECT l.district_code FROM labs l WHERE l.id = NEW.lab_id) WHERE rowid = NEW.rowid;
END;
--> statement-breakpoint
CREATE TRIGGER lab_checks_district_update AFTER UPDATE OF lab_id ON lab_checks BEGIN
  UPDATE lab_checks SET district_code = (SELECT l.district_code FROM labs l WHERE l.id = NEW.lab_id) WHERE rowid = NEW.rowid;
END;
--> statement-breakpoint
CREATE TRIGGER labs_district_checks AFTER UPDATE OF district_code ON labs WHEN OLD.district_code IS NOT NEW.district_code BEGIN
  UPDATE lab_checks SET district_code = NEW.district_code WHERE lab_id = NEW.id;
END;
--> statement-breakpoint
CREATE TRIGGER lab_standing_tally_insert AFTER INSERT ON lab_standing BEGIN
  INSERT INTO lab_standing_tally (district_code, direction, status, worst, n, failing_checks, warning_checks)
    SELECT l.district_code, l.direction, NEW.status, coalesce(NEW.worst_severity, -1), 1, NEW.failing_checks, NEW.warning_checks FROM labs l WHERE l.id = NEW.lab_id
    ON CONFLICT (district_code, direction, status, worst) DO UPDATE SET n = n + excluded.n, failing_checks = failing_checks + excluded.failing_checks, warning_checks = warning_checks + excluded.warning_checks;
END;
--> statement-breakpoint
CREATE TRIGGER lab_standing_tally_delete AFTER DELETE ON lab_standing BEGIN
  INSERT INTO lab_standing_tally (district_code, direction, status, worst, n, failing_checks, warning_checks)
    SELECT l.district_code, l.direction, OLD.status, coalesce(OLD.worst_severity, -1), -1, -OLD.failing_checks, -OLD.warning_checks FROM labs l WHERE l.id = OLD.lab_id
    ON CONFLICT (district_code, direction, status, worst) DO UPDATE SET n = n + excluded.n, failing_checks = failing_checks + excluded.failing_checks, warning_checks = warning_checks + excluded.warning_checks;
END;
--> statement-breakpoint
CREATE TRIGGER lab_standing_tally_update AFTER UPDATE OF lab_id, status, worst_severity, failing_checks, warning_checks ON lab_standing BEGIN
  INSERT INTO lab_standing_tally (district_code, direction, status, worst, n, failing_checks, warning_checks)
    SELECT l.district_code, l.direction, OLD.status, coalesce(OLD.worst_severity, -1), -1, -OLD.failing_checks, -OLD.warning_checks FROM labs l WHERE l.id = OLD.lab_id
    ON CONFLICT (district_code, direction, status, worst) DO UPDATE SET n = n + excluded.n, failing_checks = failing_checks + excluded.failing_checks, warning_checks = warning_checks + excluded.warning_checks;
  INSERT INTO lab_standing_tally (district_code, direction, status, worst, n, failing_checks, warning_checks)
    SELECT l.district_code, l.direction, NEW.status, coalesce(NEW.worst_severity, -1), 1, NEW.failing_checks, NEW.warning_checks FROM labs l WHERE l.id = NEW.lab_id
    ON CONFLICT (district_code, direction, status, worst) DO UPDATE SET n = n + excluded.n, failing_checks = failing_checks + excluded.failing_checks, warning_checks = warning_checks + excluded.warning_checks;
END;
--> statement-breakpoint
CREATE TRIGGER labs_standing_tally AFTER UPDATE OF district_code, direction ON labs
  WHEN OLD.district_code IS NOT NEW.district_code OR OLD.direction IS NOT NEW.direction BEGIN
  INSERT INTO lab_standing_tally (district_code, direction, status, worst, n, failing_checks, warning_checks)
    SELECT OLD.district_code, OLD.direction, s.status, coalesce(s.worst_severity, -1), -1, -s.failing_checks, -s.warning_checks FROM lab_standing s WHERE s.lab_id = NEW.id
    ON CONFLICT (district_code, direction, status, worst) DO UPDATE SET n = n + excluded.n, failing_checks = failing_checks + excluded.failing_checks, warning_checks = warning_checks + excluded.warning_checks;
  INSERT INTO lab_standing_tally (district_code, direction, status, worst, n, failing_checks, warning_checks)
    SELECT NEW.district_code, NEW.direction, s.status, coalesce(s.worst_severity, -1), 1, s.failing_checks, s.warning_checks FROM lab_standing s WHERE s.lab_id = NEW.id
    ON CONFLICT (district_code, direction, status, worst) DO UPDATE SET n = n + excluded.n, failing_checks = failing_checks + excluded.failing_checks, warning_checks = warning_checks + excluded.warning_checks;
END;
--> statement-breakpoint
-- a lab's standing leaves the tally while the lab's district and direction can still be read
-- (the foreign key's cascade would delete it after the lab is gone)
CREATE TRIGGER labs_delete_standing BEFORE DELETE ON labs BEGIN
  DELETE FROM lab_standing WHERE lab_id = OLD.id;
END;
--> statement-breakpoint
INSERT INTO lab_standing_tally (district_code, direction, status, worst, n, failing_checks, warning_checks)
  SELECT l.district_code, l.direction, s.status, coalesce(s.worst_severity, -1), count(*), sum(s.failing_checks), sum(s.warning_checks)
  FROM lab_standing s JOIN labs l ON l.id = s.lab_id WHERE true
  GROUP BY l.district_code, l.direction, s.status, coalesce(s.worst_severity, -1);

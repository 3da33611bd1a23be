-- Issue 18, the dashboards at province scale: lab_checks carries its lab's district for a
-- district's needs-attention page; lab_standing_tally counts lab_standing per district, direction,
-- status and worst result (with the checks summed) for the tiles, two charts and the attention
-- total; lab_expiry_tally counts undecided ends per district and month (the expiries chart);
-- request_deadline_tally counts requests awaiting a decision ('submitted', 'district_reviewed',
-- 'accepted': AWAITING_DECISION in app/domain/resource-requests.ts) per district and deadline (the
-- overdue tile). Triggers keep them as the 0024 aggregates are kept: on every write of the row, a
-- lab moving district or direction, and a lab deleted (its rows taken away first, while its
-- district can still be read; the cascaded rows then find no lab and change nothing).
CREATE TABLE `lab_expiry_tally` (
	`district_code` text NOT NULL,
	`month` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`district_code`, `month`)
);
--> statement-breakpoint
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
CREATE TABLE `request_deadline_tally` (
	`district_code` text NOT NULL,
	`deadline` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`district_code`, `deadline`)
);
--> statement-breakpoint
ALTER TABLE `lab_checks` ADD `district_code` text;--> statement-breakpoint
UPDATE lab_checks SET district_code = (SELECT l.district_code FROM labs l WHERE l.id = lab_checks.lab_id);--> statement-breakpoint
CREATE INDEX `lab_checks_district_attention_idx` ON `lab_checks` (`district_code`,"severity" DESC,"concerns_date" IS NULL,`concerns_date`);--> statement-breakpoint
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
  INSERT INTO lab_expiry_tally (district_code, month, n)
    SELECT l.district_code, substr(NEW.expires_on, 1, 7), 1 FROM labs l WHERE l.id = NEW.lab_id AND NEW.expires_on IS NOT NULL
    ON CONFLICT (district_code, month) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER lab_standing_tally_delete AFTER DELETE ON lab_standing BEGIN
  INSERT INTO lab_standing_tally (district_code, direction, status, worst, n, failing_checks, warning_checks)
    SELECT l.district_code, l.direction, OLD.status, coalesce(OLD.worst_severity, -1), -1, -OLD.failing_checks, -OLD.warning_checks FROM labs l WHERE l.id = OLD.lab_id
    ON CONFLICT (district_code, direction, status, worst) DO UPDATE SET n = n + excluded.n, failing_checks = failing_checks + excluded.failing_checks, warning_checks = warning_checks + excluded.warning_checks;
  INSERT INTO lab_expiry_tally (district_code, month, n)
    SELECT l.district_code, substr(OLD.expires_on, 1, 7), -1 FROM labs l WHERE l.id = OLD.lab_id AND OLD.expires_on IS NOT NULL
    ON CONFLICT (district_code, month) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER lab_standing_tally_update AFTER UPDATE OF lab_id, status, worst_severity, expires_on, failing_checks, warning_checks ON lab_standing BEGIN
  INSERT INTO lab_standing_tally (district_code, direction, status, worst, n, failing_checks, warning_checks)
    SELECT l.district_code, l.direction, OLD.status, coalesce(OLD.worst_severity, -1), -1, -OLD.failing_checks, -OLD.warning_checks FROM labs l WHERE l.id = OLD.lab_id
    ON CONFLICT (district_code, direction, status, worst) DO UPDATE SET n = n + excluded.n, failing_checks = failing_checks + excluded.failing_checks, warning_checks = warning_checks + excluded.warning_checks;
  INSERT INTO lab_expiry_tally (district_code, month, n)
    SELECT l.district_code, substr(OLD.expires_on, 1, 7), -1 FROM labs l WHERE l.id = OLD.lab_id AND OLD.expires_on IS NOT NULL
    ON CONFLICT (district_code, month) DO UPDATE SET n = n + excluded.n;
  INSERT INTO lab_standing_tally (district_code, direction, status, worst, n, failing_checks, warning_checks)
    SELECT l.district_code, l.direction, NEW.status, coalesce(NEW.worst_severity, -1), 1, NEW.failing_checks, NEW.warning_checks FROM labs l WHERE l.id = NEW.lab_id
    ON CONFLICT (district_code, direction, status, worst) DO UPDATE SET n = n + excluded.n, failing_checks = failing_checks + excluded.failing_checks, warning_checks = warning_checks + excluded.warning_checks;
  INSERT INTO lab_expiry_tally (district_code, month, n)
    SELECT l.district_code, substr(NEW.expires_on, 1, 7), 1 FROM labs l WHERE l.id = NEW.lab_id AND NEW.expires_on IS NOT NULL
    ON CONFLICT (district_code, month) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER labs_standing_tally AFTER UPDATE OF district_code, direction ON labs
  WHEN OLD.district_code IS NOT NEW.district_code OR OLD.direction IS NOT NEW.direction BEGIN
  INSERT INTO lab_standing_tally (district_code, direction, status, worst, n, failing_checks, warning_checks)
    SELECT OLD.district_code, OLD.direction, s.status, coalesce(s.worst_severity, -1), -1, -s.failing_checks, -s.warning_checks FROM lab_standing s WHERE s.lab_id = NEW.id
    ON CONFLICT (district_code, direction, status, worst) DO UPDATE SET n = n + excluded.n, failing_checks = failing_checks + excluded.failing_checks, warning_checks = warning_checks + excluded.warning_checks;
  INSERT INTO lab_expiry_tally (district_code, month, n)
    SELECT OLD.district_code, substr(s.expires_on, 1, 7), -1 FROM lab_standing s WHERE s.lab_id = NEW.id AND s.expires_on IS NOT NULL
    ON CONFLICT (district_code, month) DO UPDATE SET n = n + excluded.n;
  INSERT INTO lab_standing_tally (district_code, direction, status, worst, n, failing_checks, warning_checks)
    SELECT NEW.district_code, NEW.direction, s.status, coalesce(s.worst_severity, -1), 1, s.failing_checks, s.warning_checks FROM lab_standing s WHERE s.lab_id = NEW.id
    ON CONFLICT (district_code, direction, status, worst) DO UPDATE SET n = n + excluded.n, failing_checks = failing_checks + excluded.failing_checks, warning_checks = warning_checks + excluded.warning_checks;
  INSERT INTO lab_expiry_tally (district_code, month, n)
    SELECT NEW.district_code, substr(s.expires_on, 1, 7), 1 FROM lab_standing s WHERE s.lab_id = NEW.id AND s.expires_on IS NOT NULL
    ON CONFLICT (district_code, month) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER resource_requests_deadline_insert AFTER INSERT ON resource_requests BEGIN
  INSERT INTO request_deadline_tally (district_code, deadline, n)
    SELECT l.district_code, NEW.deadline, 1 FROM labs l WHERE l.id = NEW.lab_id AND NEW.status IN ('submitted', 'district_reviewed', 'accepted') AND NEW.deadline IS NOT NULL
    ON CONFLICT (district_code, deadline) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER resource_requests_deadline_delete AFTER DELETE ON resource_requests BEGIN
  INSERT INTO request_deadline_tally (district_code, deadline, n)
    SELECT l.district_code, OLD.deadline, -1 FROM labs l WHERE l.id = OLD.lab_id AND OLD.status IN ('submitted', 'district_reviewed', 'accepted') AND OLD.deadline IS NOT NULL
    ON CONFLICT (district_code, deadline) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER resource_requests_deadline_update AFTER UPDATE OF lab_id, status, deadline ON resource_requests BEGIN
  INSERT INTO request_deadline_tally (district_code, deadline, n)
    SELECT l.district_code, OLD.deadline, -1 FROM labs l WHERE l.id = OLD.lab_id AND OLD.status IN ('submitted', 'district_reviewed', 'accepted') AND OLD.deadline IS NOT NULL
    ON CONFLICT (district_code, deadline) DO UPDATE SET n = n + excluded.n;
  INSERT INTO request_deadline_tally (district_code, deadline, n)
    SELECT l.district_code, NEW.deadline, 1 FROM labs l WHERE l.id = NEW.lab_id AND NEW.status IN ('submitted', 'district_reviewed', 'accepted') AND NEW.deadline IS NOT NULL
    ON CONFLICT (district_code, deadline) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER labs_district_deadlines AFTER UPDATE OF district_code ON labs WHEN OLD.district_code IS NOT NEW.district_code BEGIN
  INSERT INTO request_deadline_tally (district_code, deadline, n)
    SELECT OLD.district_code, r.deadline, -1 * count(*) FROM resource_requests r WHERE r.lab_id = NEW.id AND r.status IN ('submitted', 'district_reviewed', 'accepted') AND r.deadline IS NOT NULL
    GROUP BY r.deadline
    ON CONFLICT (district_code, deadline) DO UPDATE SET n = n + excluded.n;
  INSERT INTO request_deadline_tally (district_code, deadline, n)
    SELECT NEW.district_code, r.deadline, 1 * count(*) FROM resource_requests r WHERE r.lab_id = NEW.id AND r.status IN ('submitted', 'district_reviewed', 'accepted') AND r.deadline IS NOT NULL
    GROUP BY r.deadline
    ON CONFLICT (district_code, deadline) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER labs_delete_dashboard_tallies BEFORE DELETE ON labs BEGIN
  DELETE FROM lab_standing WHERE lab_id = OLD.id;
  INSERT INTO request_deadline_tally (district_code, deadline, n)
    SELECT OLD.district_code, r.deadline, -1 * count(*) FROM resource_requests r WHERE r.lab_id = OLD.id AND r.status IN ('submitted', 'district_reviewed', 'accepted') AND r.deadline IS NOT NULL
    GROUP BY r.deadline
    ON CONFLICT (district_code, deadline) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
INSERT INTO lab_standing_tally (district_code, direction, status, worst, n, failing_checks, warning_checks)
  SELECT l.district_code, l.direction, s.status, coalesce(s.worst_severity, -1), count(*), sum(s.failing_checks), sum(s.warning_checks)
  FROM lab_standing s JOIN labs l ON l.id = s.lab_id WHERE true
  GROUP BY l.district_code, l.direction, s.status, coalesce(s.worst_severity, -1);
--> statement-breakpoint
INSERT INTO lab_expiry_tally (district_code, month, n)
  SELECT l.district_code, substr(s.expires_on, 1, 7), count(*)
  FROM lab_standing s JOIN labs l ON l.id = s.lab_id WHERE s.expires_on IS NOT NULL
  GROUP BY l.district_code, substr(s.expires_on, 1, 7);
--> statement-breakpoint
INSERT INTO request_deadline_tally (district_code, deadline, n)
  SELECT l.district_code, r.deadline, count(*)
  FROM resource_requests r JOIN labs l ON l.id = r.lab_id WHERE r.status IN ('submitted', 'district_reviewed', 'accepted') AND r.deadline IS NOT NULL
  GROUP BY l.district_code, r.deadline;

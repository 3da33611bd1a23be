CREATE TABLE `compliance_month_totals` (
	`month` text NOT NULL,
	`district_code` text NOT NULL,
	`total` integer NOT NULL,
	`compliant` integer NOT NULL,
	PRIMARY KEY(`month`, `district_code`)
);
--> statement-breakpoint
CREATE TABLE `lab_standing` (
	`lab_id` integer PRIMARY KEY NOT NULL,
	`status` text NOT NULL,
	`worst_severity` integer,
	`expires_on` text,
	`failing_checks` integer NOT NULL,
	`warning_checks` integer NOT NULL,
	`evaluated_on` text NOT NULL,
	FOREIGN KEY (`lab_id`) REFERENCES `labs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `request_speed_tally` (
	`district_code` text NOT NULL,
	`type` text NOT NULL,
	`working_days` integer NOT NULL,
	`n` integer NOT NULL,
	`in_time` integer NOT NULL,
	PRIMARY KEY(`district_code`, `type`, `working_days`)
);
--> statement-breakpoint
CREATE TABLE `request_tally` (
	`district_code` text NOT NULL,
	`type` text NOT NULL,
	`status` text NOT NULL,
	`unit` text NOT NULL,
	`n` integer NOT NULL,
	`granted_n` integer NOT NULL,
	`granted_milli` integer NOT NULL,
	PRIMARY KEY(`district_code`, `type`, `status`, `unit`)
);
--> statement-breakpoint
CREATE INDEX `lab_checks_attention_idx` ON `lab_checks` ("severity" DESC,"concerns_date" IS NULL,`concerns_date`);--> statement-breakpoint
CREATE INDEX `annual_reports_review_idx` ON `annual_reports` (`status`,`district_opinion_at`,`lab_id`);--> statement-breakpoint
CREATE INDEX `deliverables_review_idx` ON `deliverables` (`status`,`district_opinion_at`,`lab_id`);
--> statement-breakpoint
-- Issue 18: the dashboard's aggregates kept on write. Each trigger adds a row's contribution to
-- its district's totals (and takes the old one away); a lab moving district moves its rows; a lab
-- deleted takes its rows away first (its cascaded rows then find no lab and change nothing).
CREATE TRIGGER compliance_history_totals_insert AFTER INSERT ON compliance_history BEGIN
  INSERT INTO compliance_month_totals (month, district_code, total, compliant)
    SELECT NEW.month, l.district_code, 1, (NEW.severity = 0) FROM labs l WHERE l.id = NEW.lab_id
    ON CONFLICT (month, district_code) DO UPDATE SET total = total + excluded.total, compliant = compliant + excluded.compliant;
END;
--> statement-breakpoint
CREATE TRIGGER compliance_history_totals_delete AFTER DELETE ON compliance_history BEGIN
  INSERT INTO compliance_month_totals (month, district_code, total, compliant)
    SELECT OLD.month, l.district_code, -1, -(OLD.severity = 0) FROM labs l WHERE l.id = OLD.lab_id
    ON CONFLICT (month, district_code) DO UPDATE SET total = total + excluded.total, compliant = compliant + excluded.compliant;
END;
--> statement-breakpoint
CREATE TRIGGER compliance_history_totals_update AFTER UPDATE OF month, lab_id, severity ON compliance_history BEGIN
  INSERT INTO compliance_month_totals (month, district_code, total, compliant)
    SELECT OLD.month, l.district_code, -1, -(OLD.severity = 0) FROM labs l WHERE l.id = OLD.lab_id
    ON CONFLICT (month, district_code) DO UPDATE SET total = total + excluded.total, compliant = compliant + excluded.compliant;
  INSERT INTO compliance_month_totals (month, district_code, total, compliant)
    SELECT NEW.month, l.district_code, 1, (NEW.severity = 0) FROM labs l WHERE l.id = NEW.lab_id
    ON CONFLICT (month, district_code) DO UPDATE SET total = total + excluded.total, compliant = compliant + excluded.compliant;
END;
--> statement-breakpoint
CREATE TRIGGER resource_requests_tally_insert AFTER INSERT ON resource_requests BEGIN
  INSERT INTO request_tally (district_code, type, status, unit, n, granted_n, granted_milli)
    SELECT l.district_code, NEW.type, NEW.status, NEW.unit, 1, (coalesce(NEW.granted_quantity, CASE WHEN NEW.status = 'approved' THEN NEW.quantity END) IS NOT NULL), CAST(round(coalesce(coalesce(NEW.granted_quantity, CASE WHEN NEW.status = 'approved' THEN NEW.quantity END), 0) * 1000) AS INTEGER)
    FROM labs l WHERE l.id = NEW.lab_id
    ON CONFLICT (district_code, type, status, unit) DO UPDATE SET n = n + excluded.n,
      granted_n = granted_n + excluded.granted_n, granted_milli = granted_milli + excluded.granted_milli;
  INSERT INTO request_speed_tally (district_code, type, working_days, n, in_time)
    SELECT l.district_code, NEW.type, NEW.decision_working_days, 1, coalesce(NEW.decided_in_time, 0)
    FROM labs l WHERE l.id = NEW.lab_id AND NEW.status IN ('approved', 'partly_approved', 'rejected', 'fulfilled', 'closed') AND NEW.decision_working_days IS NOT NULL
    ON CONFLICT (district_code, type, working_days) DO UPDATE SET n = n + excluded.n, in_time = in_time + excluded.in_time;
END;
--> statement-breakpoint
CREATE TRIGGER resource_requests_tally_delete AFTER DELETE ON resource_requests BEGIN
  INSERT INTO request_tally (district_code, type, status, unit, n, granted_n, granted_milli)
    SELECT l.district_code, OLD.type, OLD.status, OLD.unit, -1, -(coalesce(OLD.granted_quantity, CASE WHEN OLD.status = 'approved' THEN OLD.quantity END) IS NOT NULL), -CAST(round(coalesce(coalesce(OLD.granted_quantity, CASE WHEN OLD.status = 'approved' THEN OLD.quantity END), 0) * 1000) AS INTEGER)
    FROM labs l WHERE l.id = OLD.lab_id
    ON CONFLICT (district_code, type, status, unit) DO UPDATE SET n = n + excluded.n,
      granted_n = granted_n + excluded.granted_n, granted_milli = granted_milli + excluded.granted_milli;
  INSERT INTO request_speed_tally (district_code, type, working_days, n, in_time)
    SELECT l.district_code, OLD.type, OLD.decision_working_days, -1, -coalesce(OLD.decided_in_time, 0)
    FROM labs l WHERE l.id = OLD.lab_id AND OLD.status IN ('approved', 'partly_approved', 'rejected', 'fulfilled', 'closed') AND OLD.decision_working_days IS NOT NULL
    ON CONFLICT (district_code, type, working_days) DO UPDATE SET n = n + excluded.n, in_time = in_time + excluded.in_time;
END;
--> statement-breakpoint
CREATE TRIGGER resource_requests_tally_update AFTER UPDATE OF lab_id, type, status, unit, decision_working_days, decided_in_time, quantity, granted_quantity ON resource_requests BEGIN
  INSERT INTO request_tally (district_code, type, status, unit, n, granted_n, granted_milli)
    SELECT l.district_code, OLD.type, OLD.status, OLD.unit, -1, -(coalesce(OLD.granted_quantity, CASE WHEN OLD.status = 'approved' THEN OLD.quantity END) IS NOT NULL), -CAST(round(coalesce(coalesce(OLD.granted_quantity, CASE WHEN OLD.status = 'approved' THEN OLD.quantity END), 0) * 1000) AS INTEGER)
    FROM labs l WHERE l.id = OLD.lab_id
    ON CONFLICT (district_code, type, status, unit) DO UPDATE SET n = n + excluded.n,
      granted_n = granted_n + excluded.granted_n, granted_milli = granted_milli + excluded.granted_milli;
  INSERT INTO request_speed_tally (district_code, type, working_days, n, in_time)
    SELECT l.district_code, OLD.type, OLD.decision_working_days, -1, -coalesce(OLD.decided_in_time, 0)
    FROM labs l WHERE l.id = OLD.lab_id AND OLD.status IN ('approved', 'partly_approved', 'rejected', 'fulfilled', 'closed') AND OLD.decision_working_days IS NOT NULL
    ON CONFLICT (district_code, type, working_days) DO UPDATE SET n = n + excluded.n, in_time = in_time + excluded.in_time;
  INSERT INTO request_tally (district_code, type, status, unit, n, granted_n, granted_milli)
    SELECT l.district_code, NEW.type, NEW.status, NEW.unit, 1, (coalesce(NEW.granted_quantity, CASE WHEN NEW.status = 'approved' THEN NEW.quantity END) IS NOT NULL), CAST(round(coalesce(coalesce(NEW.granted_quantity, CASE WHEN NEW.status = 'approved' THEN NEW.quantity END), 0) * 1000) AS INTEGER)
    FROM labs l WHERE l.id = NEW.lab_id
    ON CONFLICT (district_code, type, status, unit) DO UPDATE SET n = n + excluded.n,
      granted_n = granted_n + excluded.granted_n, granted_milli = granted_milli + excluded.granted_milli;
  INSERT INTO request_speed_tally (district_code, type, working_days, n, in_time)
    SELECT l.district_code, NEW.type, NEW.decision_working_days, 1, coalesce(NEW.decided_in_time, 0)
    FROM labs l WHERE l.id = NEW.lab_id AND NEW.status IN ('approved', 'partly_approved', 'rejected', 'fulfilled', 'closed') AND NEW.decision_working_days IS NOT NULL
    ON CONFLICT (district_code, type, working_days) DO UPDATE SET n = n + excluded.n, in_time = in_time + excluded.in_time;
END;
--> statement-breakpoint
CREATE TRIGGER labs_district_aggregates AFTER UPDATE OF district_code ON labs WHEN OLD.district_code IS NOT NEW.district_code BEGIN
  INSERT INTO compliance_month_totals (month, district_code, total, compliant)
    SELECT h.month, OLD.district_code, -1, -(h.severity = 0) FROM compliance_history h WHERE h.lab_id = NEW.id
    ON CONFLICT (month, district_code) DO UPDATE SET total = total + excluded.total, compliant = compliant + excluded.compliant;
  INSERT INTO compliance_month_totals (month, district_code, total, compliant)
    SELECT h.month, NEW.district_code, 1, (h.severity = 0) FROM compliance_history h WHERE h.lab_id = NEW.id
    ON CONFLICT (month, district_code) DO UPDATE SET total = total + excluded.total, compliant = compliant + excluded.compliant;
  INSERT INTO request_tally (district_code, type, status, unit, n, granted_n, granted_milli)
    SELECT OLD.district_code, r.type, r.status, r.unit, -count(*), -sum(coalesce(r.granted_quantity, CASE WHEN r.status = 'approved' THEN r.quantity END) IS NOT NULL), -sum(CAST(round(coalesce(coalesce(r.granted_quantity, CASE WHEN r.status = 'approved' THEN r.quantity END), 0) * 1000) AS INTEGER))
    FROM resource_requests r WHERE r.lab_id = NEW.id
    GROUP BY r.type, r.status, r.unit
    ON CONFLICT (district_code, type, status, unit) DO UPDATE SET n = n + excluded.n,
      granted_n = granted_n + excluded.granted_n, granted_milli = granted_milli + excluded.granted_milli;
  INSERT INTO request_speed_tally (district_code, type, working_days, n, in_time)
    SELECT OLD.district_code, r.type, r.decision_working_days, -count(*), -sum(coalesce(r.decided_in_time, 0))
    FROM resource_requests r WHERE r.lab_id = NEW.id AND r.status IN ('approved', 'partly_approved', 'rejected', 'fulfilled', 'closed') AND r.decision_working_days IS NOT NULL
    GROUP BY r.type, r.decision_working_days
    ON CONFLICT (district_code, type, working_days) DO UPDATE SET n = n + excluded.n, in_time = in_time + excluded.in_time;
  INSERT INTO request_tally (district_code, type, status, unit, n, granted_n, granted_milli)
    SELECT NEW.district_code, r.type, r.status, r.unit, count(*), sum(coalesce(r.granted_quantity, CASE WHEN r.status = 'approved' THEN r.quantity END) IS NOT NULL), sum(CAST(round(coalesce(coalesce(r.granted_quantity, CASE WHEN r.status = 'approved' THEN r.quantity END), 0) * 1000) AS INTEGER))
    FROM resource_requests r WHERE r.lab_id = NEW.id
    GROUP BY r.type, r.status, r.unit
    ON CONFLICT (district_code, type, status, unit) DO UPDATE SET n = n + excluded.n,
      granted_n = granted_n + excluded.granted_n, granted_milli = granted_milli + excluded.granted_milli;
  INSERT INTO request_speed_tally (district_code, type, working_days, n, in_time)
    SELECT NEW.district_code, r.type, r.decision_working_days, count(*), sum(coalesce(r.decided_in_time, 0))
    FROM resource_requests r WHERE r.lab_id = NEW.id AND r.status IN ('approved', 'partly_approved', 'rejected', 'fulfilled', 'closed') AND r.decision_working_days IS NOT NULL
    GROUP BY r.type, r.decision_working_days
    ON CONFLICT (district_code, type, working_days) DO UPDATE SET n = n + excluded.n, in_time = in_time + excluded.in_time;
END;
--> statement-breakpoint
CREATE TRIGGER labs_delete_aggregates BEFORE DELETE ON labs BEGIN
  INSERT INTO compliance_month_totals (month, district_code, total, compliant)
    SELECT h.month, OLD.district_code, -1, -(h.severity = 0) FROM compliance_history h WHERE h.lab_id = OLD.id
    ON CONFLICT (month, district_code) DO UPDATE SET total = total + excluded.total, compliant = compliant + excluded.compliant;
  INSERT INTO request_tally (district_code, type, status, unit, n, granted_n, granted_milli)
    SELECT OLD.district_code, r.type, r.status, r.unit, -count(*), -sum(coalesce(r.granted_quantity, CASE WHEN r.status = 'approved' THEN r.quantity END) IS NOT NULL), -sum(CAST(round(coalesce(coalesce(r.granted_quantity, CASE WHEN r.status = 'approved' THEN r.quantity END), 0) * 1000) AS INTEGER))
    FROM resource_requests r WHERE r.lab_id = OLD.id
    GROUP BY r.type, r.status, r.unit
    ON CONFLICT (district_code, type, status, unit) DO UPDATE SET n = n + excluded.n,
      granted_n = granted_n + excluded.granted_n, granted_milli = granted_milli + excluded.granted_milli;
  INSERT INTO request_speed_tally (district_code, type, working_days, n, in_time)
    SELECT OLD.district_code, r.type, r.decision_working_days, -count(*), -sum(coalesce(r.decided_in_time, 0))
    FROM resource_requests r WHERE r.lab_id = OLD.id AND r.status IN ('approved', 'partly_approved', 'rejected', 'fulfilled', 'closed') AND r.decision_working_days IS NOT NULL
    GROUP BY r.type, r.decision_working_days
    ON CONFLICT (district_code, type, working_days) DO UPDATE SET n = n + excluded.n, in_time = in_time + excluded.in_time;
END;
--> statement-breakpoint
INSERT INTO compliance_month_totals (month, district_code, total, compliant)
  SELECT h.month, l.district_code, count(*), sum(h.severity = 0) FROM compliance_history h JOIN labs l ON l.id = h.lab_id WHERE true
  GROUP BY h.month, l.district_code;
--> statement-breakpoint
INSERT INTO request_tally (district_code, type, status, unit, n, granted_n, granted_milli)
  SELECT l.district_code, r.type, r.status, r.unit, count(*), sum(coalesce(r.granted_quantity, CASE WHEN r.status = 'approved' THEN r.quantity END) IS NOT NULL), sum(CAST(round(coalesce(coalesce(r.granted_quantity, CASE WHEN r.status = 'approved' THEN r.quantity END), 0) * 1000) AS INTEGER))
  FROM resource_requests r JOIN labs l ON l.id = r.lab_id WHERE true
  GROUP BY l.district_code, r.type, r.status, r.unit;
--> statement-breakpoint
INSERT INTO request_speed_tally (district_code, type, working_days, n, in_time)
  SELECT l.district_code, r.type, r.decision_working_days, count(*), sum(coalesce(r.decided_in_time, 0))
  FROM resource_requests r JOIN labs l ON l.id = r.lab_id WHERE r.status IN ('approved', 'partly_approved', 'rejected', 'fulfilled', 'closed') AND r.decision_working_days IS NOT NULL
  GROUP BY l.district_code, r.type, r.decision_working_days;
--> statement-breakpoint
-- lab_standing is written by the compliance refresh: forget the stored stamp so the next reader
-- re-evaluates every lab and fills it
DELETE FROM app_meta WHERE key = 'compliance_evaluated';

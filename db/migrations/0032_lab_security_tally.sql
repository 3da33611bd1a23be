-- Issue 18, /security at province scale: the bureau's count of labs needing attention counted
-- every failing and warning security check of the city twice (count DISTINCT lab_id, some 190,000
-- checks at 50,000 labs). lab_standing now carries each lab's worst severity per security check
-- (security_severities, two bits per check in SECURITY_CHECK_IDS order: security_plan, drill,
-- incident, incident_report), written by refreshCompliance with the checks, and lab_security_tally
-- counts the labs with any such severity per district and value, kept by triggers as
-- lab_standing_tally is (migration 0028): on every write of lab_standing, a lab moving district,
-- and a lab deleted (labs_delete_dashboard_tallies takes its lab_standing row away first, while
-- its district can still be read). Labs whose security checks are all ok are not counted.
CREATE TABLE `lab_security_tally` (
	`district_code` text NOT NULL,
	`security_severities` integer NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`district_code`, `security_severities`)
);
--> statement-breakpoint
ALTER TABLE `lab_standing` ADD `security_severities` integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
-- one pass over the security checks (correlated lookups per lab took minutes at 50,000 labs: the
-- planner probed lab_checks_check_idx by check_id alone)
UPDATE lab_standing SET security_severities = w.bits
  FROM (SELECT lab_id, sum(worst << CASE check_id WHEN 'security_plan' THEN 0 WHEN 'drill' THEN 2 WHEN 'incident' THEN 4 ELSE 6 END) AS bits
    FROM (SELECT lab_id, check_id, max(severity) AS worst FROM lab_checks
      WHERE check_id IN ('security_plan', 'drill', 'incident', 'incident_report') GROUP BY lab_id, check_id)
    GROUP BY lab_id) AS w
  WHERE w.lab_id = lab_standing.lab_id;
--> statement-breakpoint
INSERT INTO lab_security_tally (district_code, security_severities, n)
  SELECT l.district_code, s.security_severities, count(*)
  FROM lab_standing s JOIN labs l ON l.id = s.lab_id WHERE s.security_severities <> 0
  GROUP BY l.district_code, s.security_severities;
--> statement-breakpoint
CREATE TRIGGER lab_security_tally_insert AFTER INSERT ON lab_standing WHEN NEW.security_severities <> 0 BEGIN
  INSERT INTO lab_security_tally (district_code, security_severities, n)
    SELECT l.district_code, NEW.security_severities, 1 FROM labs l WHERE l.id = NEW.lab_id
    ON CONFLICT (district_code, security_severities) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER lab_security_tally_delete AFTER DELETE ON lab_standing WHEN OLD.security_severities <> 0 BEGIN
  INSERT INTO lab_security_tally (district_code, security_severities, n)
    SELECT l.district_code, OLD.security_severities, -1 FROM labs l WHERE l.id = OLD.lab_id
    ON CONFLICT (district_code, security_severities) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER lab_security_tally_update AFTER UPDATE OF lab_id, security_severities ON lab_standing
  WHEN OLD.lab_id IS NOT NEW.lab_id OR OLD.security_severities IS NOT NEW.security_severities BEGIN
  INSERT INTO lab_security_tally (district_code, security_severities, n)
    SELECT l.district_code, OLD.security_severities, -1 FROM labs l WHERE l.id = OLD.lab_id AND OLD.security_severities <> 0
    ON CONFLICT (district_code, security_severities) DO UPDATE SET n = n + excluded.n;
  INSERT INTO lab_security_tally (district_code, security_severities, n)
    SELECT l.district_code, NEW.security_severities, 1 FROM labs l WHERE l.id = NEW.lab_id AND NEW.security_severities <> 0
    ON CONFLICT (district_code, security_severities) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER labs_security_tally AFTER UPDATE OF district_code ON labs WHEN OLD.district_code IS NOT NEW.district_code BEGIN
  INSERT INTO lab_security_tally (district_code, security_severities, n)
    SELECT OLD.district_code, s.security_severities, -1 FROM lab_standing s WHERE s.lab_id = NEW.id AND s.security_severities <> 0
    ON CONFLICT (district_code, security_severities) DO UPDATE SET n = n + excluded.n;
  INSERT INTO lab_security_tally (district_code, security_severities, n)
    SELECT NEW.district_code, s.security_severities, 1 FROM lab_standing s WHERE s.lab_id = NEW.id AND s.security_severities <> 0
    ON CONFLICT (district_code, security_severities) DO UPDATE SET n = n + excluded.n;
END;

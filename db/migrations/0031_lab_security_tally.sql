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
UPDATE lab_standing SET security_severities =
  coalesce((SELECT max(c.severity) FROM lab_checks c WHERE c.lab_id = lab_standing.lab_id AND c.check_id = 'security_plan'), 0)
  | (coalesce((SELECT max(c.severity) FROM lab_checks c WHERE c.lab_id = lab_standing.lab_id AND c.check_id = 'drill'), 0) << 2)
  | (coalesce((SELECT max(c.severity) FROM lab_checks c WHERE c.lab_id = lab_standing.lab_id AND c.check_id = 'incident'), 0) << 4)
  | (coalesce((SELECT max(c.severity) FROM lab_checks c WHERE c.lab_id = lab_standing.lab_id AND c.check_id = 'incident_report'), 0) << 6);
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

DROP INDEX `labs_district_idx`;--> statement-breakpoint
ALTER TABLE `labs` ADD `headcount` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `labs` ADD `qualified` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `labs_district_name_idx` ON `labs` (`district_code`,`name`);--> statement-breakpoint
CREATE INDEX `labs_headcount_idx` ON `labs` (`headcount`,`id`);--> statement-breakpoint
CREATE INDEX `labs_headcount_desc_idx` ON `labs` ("headcount" DESC,`id`);--> statement-breakpoint
CREATE INDEX `labs_qualified_idx` ON `labs` (`qualified`,`id`);--> statement-breakpoint
CREATE INDEX `labs_qualified_desc_idx` ON `labs` ("qualified" DESC,`id`);--> statement-breakpoint
-- Issue 18: each lab's active headcount and qualified researchers kept on write. Every roster
-- write recounts the labs it touches from team_members (one index probe), so the counts cannot
-- drift; the qualifying sets are app/domain/team.ts' QUALIFYING_TITLES and QUALIFYING_DEGREES,
-- and tests/models/lab-registry-agreement.test.ts holds these columns to teamCounts() after every
-- kind of roster write.
CREATE TRIGGER team_members_counts_insert AFTER INSERT ON team_members BEGIN
  UPDATE labs SET
    headcount = (SELECT count(*) FROM team_members tm WHERE tm.lab_id = NEW.lab_id AND tm.active = 1),
    qualified = (SELECT count(*) FROM team_members tm WHERE tm.lab_id = NEW.lab_id AND tm.active = 1 AND tm.role <> 'administrator'
      AND (tm.title_level IN ('associate_senior', 'senior') OR tm.degree IN ('master', 'doctorate')))
  WHERE id = NEW.lab_id;
END;
--> statement-breakpoint
CREATE TRIGGER team_members_counts_delete AFTER DELETE ON team_members BEGIN
  UPDATE labs SET
    headcount = (SELECT count(*) FROM team_members tm WHERE tm.lab_id = OLD.lab_id AND tm.active = 1),
    qualified = (SELECT count(*) FROM team_members tm WHERE tm.lab_id = OLD.lab_id AND tm.active = 1 AND tm.role <> 'administrator'
      AND (tm.title_level IN ('associate_senior', 'senior') OR tm.degree IN ('master', 'doctorate')))
  WHERE id = OLD.lab_id;
END;
--> statement-breakpoint
CREATE TRIGGER team_members_counts_update AFTER UPDATE OF lab_id, active, role, title_level, degree ON team_members BEGIN
  UPDATE labs SET
    headcount = (SELECT count(*) FROM team_members tm WHERE tm.lab_id = labs.id AND tm.active = 1),
    qualified = (SELECT count(*) FROM team_members tm WHERE tm.lab_id = labs.id AND tm.active = 1 AND tm.role <> 'administrator'
      AND (tm.title_level IN ('associate_senior', 'senior') OR tm.degree IN ('master', 'doctorate')))
  WHERE id IN (OLD.lab_id, NEW.lab_id);
END;
--> statement-breakpoint
UPDATE labs SET
  headcount = (SELECT count(*) FROM team_members tm WHERE tm.lab_id = labs.id AND tm.active = 1),
  qualified = (SELECT count(*) FROM team_members tm WHERE tm.lab_id = labs.id AND tm.active = 1 AND tm.role <> 'administrator'
    AND (tm.title_level IN ('associate_senior', 'senior') OR tm.degree IN ('master', 'doctorate')));
--> statement-breakpoint
-- Issue 18: the registry's search box matches a substring of the lab's name, host organisation,
-- director or latest period's certificate number. lab_search holds those four texts per lab
-- (rowid = lab id) in a trigram index, which finds the labs containing a term of 3 or more
-- characters without reading every lab; the registry's exact LIKE test then reads these rows
-- (app/models/labs.server.ts searchCondition). The triggers rebuild a lab's row whenever one of its
-- texts changes.
CREATE VIRTUAL TABLE lab_search USING fts5(name, host, director, certificate, tokenize = 'trigram');
--> statement-breakpoint
CREATE TRIGGER labs_search_insert AFTER INSERT ON labs BEGIN
  INSERT INTO lab_search (rowid, name, host, director, certificate)
    SELECT l.id, l.name, o.name, l.director_name, coalesce((SELECT vp.certificate_no FROM validity_periods vp WHERE vp.lab_id = l.id ORDER BY vp.sequence DESC LIMIT 1), '')
    FROM labs l JOIN organisations o ON o.id = l.host_org_id WHERE l.id = NEW.id;
END;
--> statement-breakpoint
CREATE TRIGGER labs_search_update AFTER UPDATE OF name, director_name, host_org_id ON labs BEGIN
  DELETE FROM lab_search WHERE rowid = OLD.id;
  INSERT INTO lab_search (rowid, name, host, director, certificate)
    SELECT l.id, l.name, o.name, l.director_name, coalesce((SELECT vp.certificate_no FROM validity_periods vp WHERE vp.lab_id = l.id ORDER BY vp.sequence DESC LIMIT 1), '')
    FROM labs l JOIN organisations o ON o.id = l.host_org_id WHERE l.id = NEW.id;
END;
--> statement-breakpoint
CREATE TRIGGER labs_search_delete AFTER DELETE ON labs BEGIN
  DELETE FROM lab_search WHERE rowid = OLD.id;
END;
--> statement-breakpoint
CREATE TRIGGER organisations_search_update AFTER UPDATE OF name ON organisations BEGIN
  DELETE FROM lab_search WHERE rowid IN (SELECT id FROM labs WHERE host_org_id = NEW.id);
  INSERT INTO lab_search (rowid, name, host, director, certificate)
    SELECT l.id, l.name, NEW.name, l.director_name, coalesce((SELECT vp.certificate_no FROM validity_periods vp WHERE vp.lab_id = l.id ORDER BY vp.sequence DESC LIMIT 1), '')
    FROM labs l WHERE l.host_org_id = NEW.id;
END;
--> statement-breakpoint
CREATE TRIGGER validity_periods_search_insert AFTER INSERT ON validity_periods BEGIN
  DELETE FROM lab_search WHERE rowid = NEW.lab_id;
  INSERT INTO lab_search (rowid, name, host, director, certificate)
    SELECT l.id, l.name, o.name, l.director_name, coalesce((SELECT vp.certificate_no FROM validity_periods vp WHERE vp.lab_id = l.id ORDER BY vp.sequence DESC LIMIT 1), '')
    FROM labs l JOIN organisations o ON o.id = l.host_org_id WHERE l.id = NEW.lab_id;
END;
--> statement-breakpoint
CREATE TRIGGER validity_periods_search_update AFTER UPDATE OF certificate_no, lab_id, sequence ON validity_periods BEGIN
  DELETE FROM lab_search WHERE rowid IN (OLD.lab_id, NEW.lab_id);
  INSERT INTO lab_search (rowid, name, host, director, certificate)
    SELECT l.id, l.name, o.name, l.director_name, coalesce((SELECT vp.certificate_no FROM validity_periods vp WHERE vp.lab_id = l.id ORDER BY vp.sequence DESC LIMIT 1), '')
    FROM labs l JOIN organisations o ON o.id = l.host_org_id WHERE l.id IN (OLD.lab_id, NEW.lab_id);
END;
--> statement-breakpoint
CREATE TRIGGER validity_periods_search_delete AFTER DELETE ON validity_periods BEGIN
  DELETE FROM lab_search WHERE rowid = OLD.lab_id;
  INSERT INTO lab_search (rowid, name, host, director, certificate)
    SELECT l.id, l.name, o.name, l.director_name, coalesce((SELECT vp.certificate_no FROM validity_periods vp WHERE vp.lab_id = l.id ORDER BY vp.sequence DESC LIMIT 1), '')
    FROM labs l JOIN organisations o ON o.id = l.host_org_id WHERE l.id = OLD.lab_id;
END;
--> statement-breakpoint
INSERT INTO lab_search (rowid, name, host, director, certificate)
  SELECT l.id, l.name, o.name, l.director_name, coalesce((SELECT vp.certificate_no FROM validity_periods vp WHERE vp.lab_id = l.id ORDER BY vp.sequence DESC LIMIT 1), '')
  FROM labs l JOIN organisations o ON o.id = l.host_org_id WHERE true;

-- Issue 18, /renewals at province scale: the stage tiles counted every open period in the renewal
-- window, every renewal in progress and the decided ones on each request (grouped passes joined
-- with each lab's latest period, some 50,000 periods at 50,000 labs). renewal_stage_tally counts
-- the pipeline's rows (app/models/renewal-pipeline.server.ts) per kind, end, district and
-- direction, and the tiles sum it (the unapplied ones by a range of ends: upcoming from today to
-- the window's last day, not applied before today).
--
-- The open part: renewal_stage_labs holds what each lab adds to it (openPart): its latest period,
-- when it has no outcome and no decided renewal, as 'unapplied' (no renewal, or a draft) with the
-- period's end, or as the status of its renewal in progress (end ''). A lab's row is recomputed
-- from the tables after every write that can change it, rather than worked out from OLD and NEW:
-- a period inserted (the lab's previous latest stops being latest), deleted, or its lab, sequence,
-- end or outcome changed; a renewal inserted, deleted, or its status or period changed (the lab
-- found through the period, as openPart joins it); a lab moving district or direction. A lab
-- deleted takes its periods along (ON DELETE CASCADE), whose delete trigger then finds no lab and
-- leaves it no row. AFTER triggers only: a BEFORE INSERT trigger also fires for a row that ON
-- CONFLICT DO NOTHING then skips (startApplication's insert), so taking away before and adding
-- after would drift. renewal_stage_labs's own triggers move its rows into the tally.
--
-- The decided part: every decided renewal under its lab (decidedPart joins it by lab_id), kept as
-- renewal_decision_tallies is (0025): on every write of the renewal, a lab moving, and a lab
-- deleted (its count taken away first, while its district can still be read). It replaces the
-- count from renewal_decision_tallies corrected by a range over renewals_status_decision_idx,
-- whose only reader it was.
--
-- A key that reaches 0 is dropped, so that ends long past do not pile up.
CREATE TABLE `renewal_stage_labs` (
	`lab_id` integer PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`end_date` text NOT NULL,
	`district_code` text NOT NULL,
	`direction` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `renewal_stage_tally` (
	`kind` text NOT NULL,
	`end_date` text NOT NULL,
	`district_code` text NOT NULL,
	`direction` integer NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`kind`, `end_date`, `district_code`, `direction`)
);
--> statement-breakpoint
DROP INDEX `renewals_status_decision_idx`;
--> statement-breakpoint
INSERT INTO renewal_stage_labs (lab_id, kind, end_date, district_code, direction)
  SELECT l.id, CASE WHEN r.id IS NULL OR r.status = 'draft' THEN 'unapplied' ELSE r.status END,
    CASE WHEN r.id IS NULL OR r.status = 'draft' THEN vp.end_date ELSE '' END, l.district_code, l.direction
  FROM labs l
  JOIN validity_periods vp ON vp.lab_id = l.id AND vp.sequence = (SELECT max(v2.sequence) FROM validity_periods v2 WHERE v2.lab_id = l.id)
  LEFT JOIN renewals r ON r.period_id = vp.id
  WHERE vp.outcome IS NULL AND (r.id IS NULL OR r.status <> 'decided');
--> statement-breakpoint
INSERT INTO renewal_stage_tally (kind, end_date, district_code, direction, n)
  SELECT kind, end_date, district_code, direction, count(*) FROM renewal_stage_labs
  GROUP BY kind, end_date, district_code, direction;
--> statement-breakpoint
INSERT INTO renewal_stage_tally (kind, end_date, district_code, direction, n)
  SELECT 'decided', '', l.district_code, l.direction, count(*) FROM renewals r JOIN labs l ON l.id = r.lab_id WHERE r.status = 'decided'
  GROUP BY l.district_code, l.direction;
--> statement-breakpoint
CREATE TRIGGER renewal_stage_tally_empty AFTER UPDATE OF n ON renewal_stage_tally WHEN NEW.n = 0 BEGIN
DELETE FROM renewal_stage_tally WHERE kind = NEW.kind AND end_date = NEW.end_date AND district_code = NEW.district_code AND direction = NEW.direction;
END;
--> statement-breakpoint
CREATE TRIGGER renewal_stage_labs_insert AFTER INSERT ON renewal_stage_labs BEGIN
INSERT INTO renewal_stage_tally (kind, end_date, district_code, direction, n) VALUES (NEW.kind, NEW.end_date, NEW.district_code, NEW.direction, 1)
  ON CONFLICT (kind, end_date, district_code, direction) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER renewal_stage_labs_delete AFTER DELETE ON renewal_stage_labs BEGIN
INSERT INTO renewal_stage_tally (kind, end_date, district_code, direction, n) VALUES (OLD.kind, OLD.end_date, OLD.district_code, OLD.direction, -1)
  ON CONFLICT (kind, end_date, district_code, direction) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER renewal_stage_period_insert AFTER INSERT ON validity_periods BEGIN
DELETE FROM renewal_stage_labs WHERE lab_id IN (NEW.lab_id);
INSERT INTO renewal_stage_labs (lab_id, kind, end_date, district_code, direction)
  SELECT l.id, CASE WHEN r.id IS NULL OR r.status = 'draft' THEN 'unapplied' ELSE r.status END,
    CASE WHEN r.id IS NULL OR r.status = 'draft' THEN vp.end_date ELSE '' END, l.district_code, l.direction
  FROM labs l
  JOIN validity_periods vp ON vp.lab_id = l.id AND vp.sequence = (SELECT max(v2.sequence) FROM validity_periods v2 WHERE v2.lab_id = l.id)
  LEFT JOIN renewals r ON r.period_id = vp.id
  WHERE l.id IN (NEW.lab_id) AND vp.outcome IS NULL AND (r.id IS NULL OR r.status <> 'decided');
END;
--> statement-breakpoint
CREATE TRIGGER renewal_stage_period_delete AFTER DELETE ON validity_periods BEGIN
DELETE FROM renewal_stage_labs WHERE lab_id IN (OLD.lab_id);
INSERT INTO renewal_stage_labs (lab_id, kind, end_date, district_code, direction)
  SELECT l.id, CASE WHEN r.id IS NULL OR r.status = 'draft' THEN 'unapplied' ELSE r.status END,
    CASE WHEN r.id IS NULL OR r.status = 'draft' THEN vp.end_date ELSE '' END, l.district_code, l.direction
  FROM labs l
  JOIN validity_periods vp ON vp.lab_id = l.id AND vp.sequence = (SELECT max(v2.sequence) FROM validity_periods v2 WHERE v2.lab_id = l.id)
  LEFT JOIN renewals r ON r.period_id = vp.id
  WHERE l.id IN (OLD.lab_id) AND vp.outcome IS NULL AND (r.id IS NULL OR r.status <> 'decided');
END;
--> statement-breakpoint
CREATE TRIGGER renewal_stage_period_update AFTER UPDATE OF lab_id, sequence, end_date, outcome ON validity_periods
  WHEN OLD.lab_id IS NOT NEW.lab_id OR OLD.sequence IS NOT NEW.sequence OR OLD.end_date IS NOT NEW.end_date OR OLD.outcome IS NOT NEW.outcome BEGIN
DELETE FROM renewal_stage_labs WHERE lab_id IN (OLD.lab_id, NEW.lab_id);
INSERT INTO renewal_stage_labs (lab_id, kind, end_date, district_code, direction)
  SELECT l.id, CASE WHEN r.id IS NULL OR r.status = 'draft' THEN 'unapplied' ELSE r.status END,
    CASE WHEN r.id IS NULL OR r.status = 'draft' THEN vp.end_date ELSE '' END, l.district_code, l.direction
  FROM labs l
  JOIN validity_periods vp ON vp.lab_id = l.id AND vp.sequence = (SELECT max(v2.sequence) FROM validity_periods v2 WHERE v2.lab_id = l.id)
  LEFT JOIN renewals r ON r.period_id = vp.id
  WHERE l.id IN (OLD.lab_id, NEW.lab_id) AND vp.outcome IS NULL AND (r.id IS NULL OR r.status <> 'decided');
END;
--> statement-breakpoint
CREATE TRIGGER renewal_stage_renewal_insert AFTER INSERT ON renewals BEGIN
DELETE FROM renewal_stage_labs WHERE lab_id IN (SELECT p.lab_id FROM validity_periods p WHERE p.id = NEW.period_id);
INSERT INTO renewal_stage_labs (lab_id, kind, end_date, district_code, direction)
  SELECT l.id, CASE WHEN r.id IS NULL OR r.status = 'draft' THEN 'unapplied' ELSE r.status END,
    CASE WHEN r.id IS NULL OR r.status = 'draft' THEN vp.end_date ELSE '' END, l.district_code, l.direction
  FROM labs l
  JOIN validity_periods vp ON vp.lab_id = l.id AND vp.sequence = (SELECT max(v2.sequence) FROM validity_periods v2 WHERE v2.lab_id = l.id)
  LEFT JOIN renewals r ON r.period_id = vp.id
  WHERE l.id IN (SELECT p.lab_id FROM validity_periods p WHERE p.id = NEW.period_id) AND vp.outcome IS NULL AND (r.id IS NULL OR r.status <> 'decided');
INSERT INTO renewal_stage_tally (kind, end_date, district_code, direction, n)
  SELECT 'decided', '', l.district_code, l.direction, 1 FROM labs l WHERE l.id = NEW.lab_id AND NEW.status = 'decided'
  ON CONFLICT (kind, end_date, district_code, direction) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER renewal_stage_renewal_delete AFTER DELETE ON renewals BEGIN
DELETE FROM renewal_stage_labs WHERE lab_id IN (SELECT p.lab_id FROM validity_periods p WHERE p.id = OLD.period_id);
INSERT INTO renewal_stage_labs (lab_id, kind, end_date, district_code, direction)
  SELECT l.id, CASE WHEN r.id IS NULL OR r.status = 'draft' THEN 'unapplied' ELSE r.status END,
    CASE WHEN r.id IS NULL OR r.status = 'draft' THEN vp.end_date ELSE '' END, l.district_code, l.direction
  FROM labs l
  JOIN validity_periods vp ON vp.lab_id = l.id AND vp.sequence = (SELECT max(v2.sequence) FROM validity_periods v2 WHERE v2.lab_id = l.id)
  LEFT JOIN renewals r ON r.period_id = vp.id
  WHERE l.id IN (SELECT p.lab_id FROM validity_periods p WHERE p.id = OLD.period_id) AND vp.outcome IS NULL AND (r.id IS NULL OR r.status <> 'decided');
INSERT INTO renewal_stage_tally (kind, end_date, district_code, direction, n)
  SELECT 'decided', '', l.district_code, l.direction, -1 FROM labs l WHERE l.id = OLD.lab_id AND OLD.status = 'decided'
  ON CONFLICT (kind, end_date, district_code, direction) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER renewal_stage_renewal_update AFTER UPDATE OF status, period_id, lab_id ON renewals
  WHEN OLD.status IS NOT NEW.status OR OLD.period_id IS NOT NEW.period_id OR OLD.lab_id IS NOT NEW.lab_id BEGIN
DELETE FROM renewal_stage_labs WHERE lab_id IN (SELECT p.lab_id FROM validity_periods p WHERE p.id IN (OLD.period_id, NEW.period_id));
INSERT INTO renewal_stage_labs (lab_id, kind, end_date, district_code, direction)
  SELECT l.id, CASE WHEN r.id IS NULL OR r.status = 'draft' THEN 'unapplied' ELSE r.status END,
    CASE WHEN r.id IS NULL OR r.status = 'draft' THEN vp.end_date ELSE '' END, l.district_code, l.direction
  FROM labs l
  JOIN validity_periods vp ON vp.lab_id = l.id AND vp.sequence = (SELECT max(v2.sequence) FROM validity_periods v2 WHERE v2.lab_id = l.id)
  LEFT JOIN renewals r ON r.period_id = vp.id
  WHERE l.id IN (SELECT p.lab_id FROM validity_periods p WHERE p.id IN (OLD.period_id, NEW.period_id)) AND vp.outcome IS NULL AND (r.id IS NULL OR r.status <> 'decided');
INSERT INTO renewal_stage_tally (kind, end_date, district_code, direction, n)
  SELECT 'decided', '', l.district_code, l.direction, -1 FROM labs l WHERE l.id = OLD.lab_id AND OLD.status = 'decided'
  ON CONFLICT (kind, end_date, district_code, direction) DO UPDATE SET n = n + excluded.n;
INSERT INTO renewal_stage_tally (kind, end_date, district_code, direction, n)
  SELECT 'decided', '', l.district_code, l.direction, 1 FROM labs l WHERE l.id = NEW.lab_id AND NEW.status = 'decided'
  ON CONFLICT (kind, end_date, district_code, direction) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER renewal_stage_lab_move AFTER UPDATE OF district_code, direction ON labs
  WHEN OLD.district_code IS NOT NEW.district_code OR OLD.direction IS NOT NEW.direction BEGIN
DELETE FROM renewal_stage_labs WHERE lab_id IN (NEW.id);
INSERT INTO renewal_stage_labs (lab_id, kind, end_date, district_code, direction)
  SELECT l.id, CASE WHEN r.id IS NULL OR r.status = 'draft' THEN 'unapplied' ELSE r.status END,
    CASE WHEN r.id IS NULL OR r.status = 'draft' THEN vp.end_date ELSE '' END, l.district_code, l.direction
  FROM labs l
  JOIN validity_periods vp ON vp.lab_id = l.id AND vp.sequence = (SELECT max(v2.sequence) FROM validity_periods v2 WHERE v2.lab_id = l.id)
  LEFT JOIN renewals r ON r.period_id = vp.id
  WHERE l.id IN (NEW.id) AND vp.outcome IS NULL AND (r.id IS NULL OR r.status <> 'decided');
INSERT INTO renewal_stage_tally (kind, end_date, district_code, direction, n)
  SELECT 'decided', '', OLD.district_code, OLD.direction, -count(*) FROM renewals r WHERE r.lab_id = NEW.id AND r.status = 'decided' GROUP BY r.lab_id
  ON CONFLICT (kind, end_date, district_code, direction) DO UPDATE SET n = n + excluded.n;
INSERT INTO renewal_stage_tally (kind, end_date, district_code, direction, n)
  SELECT 'decided', '', NEW.district_code, NEW.direction, count(*) FROM renewals r WHERE r.lab_id = NEW.id AND r.status = 'decided' GROUP BY r.lab_id
  ON CONFLICT (kind, end_date, district_code, direction) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER renewal_stage_lab_delete BEFORE DELETE ON labs BEGIN
INSERT INTO renewal_stage_tally (kind, end_date, district_code, direction, n)
  SELECT 'decided', '', OLD.district_code, OLD.direction, -count(*) FROM renewals r WHERE r.lab_id = OLD.id AND r.status = 'decided' GROUP BY r.lab_id
  ON CONFLICT (kind, end_date, district_code, direction) DO UPDATE SET n = n + excluded.n;
END;

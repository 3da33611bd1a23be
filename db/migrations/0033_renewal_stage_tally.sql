-- Issue 18, /renewals at province scale: the stage tiles other than decided counted every open
-- period in the renewal window and every renewal in progress on each request (two grouped passes
-- joined with each lab's latest period, some 50,000 periods at 50,000 labs). renewal_stage_labs
-- holds what each lab adds to the pipeline's open part (app/models/renewal-pipeline.server.ts
-- openPart): its latest period, when it has no outcome and no decided renewal, as 'unapplied' (no
-- renewal, or a draft) with the period's end, or as the status of its renewal in progress (end
-- ''). renewal_stage_tally sums those rows per kind, end, district and direction, and the tiles
-- sum the tally (the unapplied ones by a range of ends: upcoming from today to the window's last
-- day, not applied before today).
--
-- A lab's row is recomputed from the tables after every write that can change it, rather than
-- worked out from OLD and NEW: a period inserted (the lab's previous latest stops being latest),
-- deleted, or its lab, sequence, end or outcome changed; a renewal inserted, deleted, or its
-- status or period changed (the lab found through the period, as openPart joins it); a lab moving
-- district or direction. A lab deleted takes its periods along (ON DELETE CASCADE), whose delete
-- trigger then finds no lab and leaves it no row. AFTER triggers only: a BEFORE INSERT trigger
-- also fires for a row that ON CONFLICT DO NOTHING then skips (startApplication's insert), so
-- taking away before and adding after would drift. The tally follows renewal_stage_labs's own
-- rows, and drops a key at 0 so that ends long past do not pile up.
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
CREATE TRIGGER renewal_stage_labs_insert AFTER INSERT ON renewal_stage_labs BEGIN
INSERT INTO renewal_stage_tally (kind, end_date, district_code, direction, n) VALUES (NEW.kind, NEW.end_date, NEW.district_code, NEW.direction, 1)
  ON CONFLICT (kind, end_date, district_code, direction) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER renewal_stage_labs_delete AFTER DELETE ON renewal_stage_labs BEGIN
INSERT INTO renewal_stage_tally (kind, end_date, district_code, direction, n) VALUES (OLD.kind, OLD.end_date, OLD.district_code, OLD.direction, -1)
  ON CONFLICT (kind, end_date, district_code, direction) DO UPDATE SET n = n + excluded.n;
DELETE FROM renewal_stage_tally WHERE kind = OLD.kind AND end_date = OLD.end_date AND district_code = OLD.district_code AND direction = OLD.direction AND n = 0;
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
END;
--> statement-breakpoint
CREATE TRIGGER renewal_stage_renewal_update AFTER UPDATE OF status, period_id ON renewals
  WHEN OLD.status IS NOT NEW.status OR OLD.period_id IS NOT NEW.period_id BEGIN
DELETE FROM renewal_stage_labs WHERE lab_id IN (SELECT p.lab_id FROM validity_periods p WHERE p.id IN (OLD.period_id, NEW.period_id));
INSERT INTO renewal_stage_labs (lab_id, kind, end_date, district_code, direction)
  SELECT l.id, CASE WHEN r.id IS NULL OR r.status = 'draft' THEN 'unapplied' ELSE r.status END,
    CASE WHEN r.id IS NULL OR r.status = 'draft' THEN vp.end_date ELSE '' END, l.district_code, l.direction
  FROM labs l
  JOIN validity_periods vp ON vp.lab_id = l.id AND vp.sequence = (SELECT max(v2.sequence) FROM validity_periods v2 WHERE v2.lab_id = l.id)
  LEFT JOIN renewals r ON r.period_id = vp.id
  WHERE l.id IN (SELECT p.lab_id FROM validity_periods p WHERE p.id IN (OLD.period_id, NEW.period_id)) AND vp.outcome IS NULL AND (r.id IS NULL OR r.status <> 'decided');
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
END;

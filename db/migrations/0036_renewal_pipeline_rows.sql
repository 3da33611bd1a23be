-- Issue 18, /renewals of one district or direction at province scale: the page read every lab
-- of the district (or the city's rows in order, skipping the other districts', which reads nearly
-- all of them where a district has few rows of a kind, such as a young district's decided
-- renewals). renewal_pipeline_rows holds each pipeline row (app/models/renewal-pipeline.server.ts)
-- under its period with what the page filters and sorts by, so a district's or a direction's page
-- reads its first rows off an index, as the city's page does.
--   'open': a lab's latest period without an outcome and without a decided renewal (the open
--           parts; the reader cuts them at the window's last day);
--   'decided': a period whose renewal is decided, under the renewal's lab (decidedPart joins the
--           lab by renewals.lab_id).
-- in_progress marks an open row whose renewal is in progress: the renewals in progress beyond a
-- shortened window are found off a partial index instead of reading every one in the city.
-- As in 0033, a lab's rows are recomputed from the tables after every write that can change them
-- (a period inserted, deleted, or its lab, sequence, end or outcome changed; a renewal inserted,
-- deleted, or its status, period, lab or decision date changed; a lab renamed or moving district
-- or direction; a lab deleted), rather than worked out from OLD and NEW. INSERT OR REPLACE: a row
-- left under another lab by a write this list misses is moved, never a failed write.
CREATE TABLE `renewal_pipeline_rows` (
	`period_id` integer PRIMARY KEY NOT NULL,
	`lab_id` integer NOT NULL,
	`kind` text NOT NULL,
	`district_code` text NOT NULL,
	`direction` integer NOT NULL,
	`lab_name` text NOT NULL,
	`end_date` text NOT NULL,
	`decided_on` text,
	`in_progress` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `renewal_pipeline_rows_in_progress_idx` ON `renewal_pipeline_rows` (`end_date`) WHERE "renewal_pipeline_rows"."in_progress" = 1;--> statement-breakpoint
CREATE INDEX `renewal_pipeline_rows_district_end_idx` ON `renewal_pipeline_rows` (`district_code`,`kind`,`end_date`);--> statement-breakpoint
CREATE INDEX `renewal_pipeline_rows_district_lab_idx` ON `renewal_pipeline_rows` (`district_code`,`kind`,`lab_name`);--> statement-breakpoint
CREATE INDEX `renewal_pipeline_rows_district_decided_idx` ON `renewal_pipeline_rows` (`district_code`,`kind`,`decided_on`);--> statement-breakpoint
CREATE INDEX `renewal_pipeline_rows_direction_end_idx` ON `renewal_pipeline_rows` (`direction`,`kind`,`end_date`);--> statement-breakpoint
CREATE INDEX `renewal_pipeline_rows_direction_lab_idx` ON `renewal_pipeline_rows` (`direction`,`kind`,`lab_name`);--> statement-breakpoint
CREATE INDEX `renewal_pipeline_rows_direction_decided_idx` ON `renewal_pipeline_rows` (`direction`,`kind`,`decided_on`);--> statement-breakpoint
CREATE INDEX `renewal_pipeline_rows_lab_idx` ON `renewal_pipeline_rows` (`lab_id`);
--> statement-breakpoint
INSERT OR REPLACE INTO renewal_pipeline_rows (period_id, lab_id, kind, district_code, direction, lab_name, end_date, decided_on, in_progress)
  SELECT vp.id, l.id, 'open', l.district_code, l.direction, l.name, vp.end_date, NULL, coalesce(r.status IN ('submitted', 'under_review', 'rectifying'), 0)
  FROM labs l
  JOIN validity_periods vp ON vp.lab_id = l.id AND vp.sequence = (SELECT max(v2.sequence) FROM validity_periods v2 WHERE v2.lab_id = l.id)
  LEFT JOIN renewals r ON r.period_id = vp.id
  WHERE vp.outcome IS NULL AND (r.id IS NULL OR r.status <> 'decided')
  UNION ALL
  SELECT vp.id, l.id, 'decided', l.district_code, l.direction, l.name, vp.end_date, r.decided_on, 0
  FROM labs l
  JOIN renewals r ON r.lab_id = l.id
  JOIN validity_periods vp ON vp.id = r.period_id
  WHERE r.status = 'decided';
--> statement-breakpoint
CREATE TRIGGER renewal_pipeline_rows_period_insert AFTER INSERT ON validity_periods BEGIN
DELETE FROM renewal_pipeline_rows WHERE lab_id IN (NEW.lab_id);
INSERT OR REPLACE INTO renewal_pipeline_rows (period_id, lab_id, kind, district_code, direction, lab_name, end_date, decided_on, in_progress)
  SELECT vp.id, l.id, 'open', l.district_code, l.direction, l.name, vp.end_date, NULL, coalesce(r.status IN ('submitted', 'under_review', 'rectifying'), 0)
  FROM labs l
  JOIN validity_periods vp ON vp.lab_id = l.id AND vp.sequence = (SELECT max(v2.sequence) FROM validity_periods v2 WHERE v2.lab_id = l.id)
  LEFT JOIN renewals r ON r.period_id = vp.id
  WHERE l.id IN (NEW.lab_id) AND vp.outcome IS NULL AND (r.id IS NULL OR r.status <> 'decided')
  UNION ALL
  SELECT vp.id, l.id, 'decided', l.district_code, l.direction, l.name, vp.end_date, r.decided_on, 0
  FROM labs l
  JOIN renewals r ON r.lab_id = l.id
  JOIN validity_periods vp ON vp.id = r.period_id
  WHERE l.id IN (NEW.lab_id) AND r.status = 'decided';
END;
--> statement-breakpoint
CREATE TRIGGER renewal_pipeline_rows_period_delete AFTER DELETE ON validity_periods BEGIN
DELETE FROM renewal_pipeline_rows WHERE lab_id IN (OLD.lab_id);
INSERT OR REPLACE INTO renewal_pipeline_rows (period_id, lab_id, kind, district_code, direction, lab_name, end_date, decided_on, in_progress)
  SELECT vp.id, l.id, 'open', l.district_code, l.direction, l.name, vp.end_date, NULL, coalesce(r.status IN ('submitted', 'under_review', 'rectifying'), 0)
  FROM labs l
  JOIN validity_periods vp ON vp.lab_id = l.id AND vp.sequence = (SELECT max(v2.sequence) FROM validity_periods v2 WHERE v2.lab_id = l.id)
  LEFT JOIN renewals r ON r.period_id = vp.id
  WHERE l.id IN (OLD.lab_id) AND vp.outcome IS NULL AND (r.id IS NULL OR r.status <> 'decided')
  UNION ALL
  SELECT vp.id, l.id, 'decided', l.district_code, l.direction, l.name, vp.end_date, r.decided_on, 0
  FROM labs l
  JOIN renewals r ON r.lab_id = l.id
  JOIN validity_periods vp ON vp.id = r.period_id
  WHERE l.id IN (OLD.lab_id) AND r.status = 'decided';
END;
--> statement-breakpoint
CREATE TRIGGER renewal_pipeline_rows_period_update AFTER UPDATE OF lab_id, sequence, end_date, outcome ON validity_periods
  WHEN OLD.lab_id IS NOT NEW.lab_id OR OLD.sequence IS NOT NEW.sequence OR OLD.end_date IS NOT NEW.end_date OR OLD.outcome IS NOT NEW.outcome BEGIN
DELETE FROM renewal_pipeline_rows WHERE lab_id IN (OLD.lab_id, NEW.lab_id);
INSERT OR REPLACE INTO renewal_pipeline_rows (period_id, lab_id, kind, district_code, direction, lab_name, end_date, decided_on, in_progress)
  SELECT vp.id, l.id, 'open', l.district_code, l.direction, l.name, vp.end_date, NULL, coalesce(r.status IN ('submitted', 'under_review', 'rectifying'), 0)
  FROM labs l
  JOIN validity_periods vp ON vp.lab_id = l.id AND vp.sequence = (SELECT max(v2.sequence) FROM validity_periods v2 WHERE v2.lab_id = l.id)
  LEFT JOIN renewals r ON r.period_id = vp.id
  WHERE l.id IN (OLD.lab_id, NEW.lab_id) AND vp.outcome IS NULL AND (r.id IS NULL OR r.status <> 'decided')
  UNION ALL
  SELECT vp.id, l.id, 'decided', l.district_code, l.direction, l.name, vp.end_date, r.decided_on, 0
  FROM labs l
  JOIN renewals r ON r.lab_id = l.id
  JOIN validity_periods vp ON vp.id = r.period_id
  WHERE l.id IN (OLD.lab_id, NEW.lab_id) AND r.status = 'decided';
END;
--> statement-breakpoint
CREATE TRIGGER renewal_pipeline_rows_renewal_insert AFTER INSERT ON renewals BEGIN
DELETE FROM renewal_pipeline_rows WHERE lab_id IN (SELECT p.lab_id FROM validity_periods p WHERE p.id = NEW.period_id UNION SELECT NEW.lab_id);
INSERT OR REPLACE INTO renewal_pipeline_rows (period_id, lab_id, kind, district_code, direction, lab_name, end_date, decided_on, in_progress)
  SELECT vp.id, l.id, 'open', l.district_code, l.direction, l.name, vp.end_date, NULL, coalesce(r.status IN ('submitted', 'under_review', 'rectifying'), 0)
  FROM labs l
  JOIN validity_periods vp ON vp.lab_id = l.id AND vp.sequence = (SELECT max(v2.sequence) FROM validity_periods v2 WHERE v2.lab_id = l.id)
  LEFT JOIN renewals r ON r.period_id = vp.id
  WHERE l.id IN (SELECT p.lab_id FROM validity_periods p WHERE p.id = NEW.period_id UNION SELECT NEW.lab_id) AND vp.outcome IS NULL AND (r.id IS NULL OR r.status <> 'decided')
  UNION ALL
  SELECT vp.id, l.id, 'decided', l.district_code, l.direction, l.name, vp.end_date, r.decided_on, 0
  FROM labs l
  JOIN renewals r ON r.lab_id = l.id
  JOIN validity_periods vp ON vp.id = r.period_id
  WHERE l.id IN (SELECT p.lab_id FROM validity_periods p WHERE p.id = NEW.period_id UNION SELECT NEW.lab_id) AND r.status = 'decided';
END;
--> statement-breakpoint
CREATE TRIGGER renewal_pipeline_rows_renewal_delete AFTER DELETE ON renewals BEGIN
DELETE FROM renewal_pipeline_rows WHERE lab_id IN (SELECT p.lab_id FROM validity_periods p WHERE p.id = OLD.period_id UNION SELECT OLD.lab_id);
INSERT OR REPLACE INTO renewal_pipeline_rows (period_id, lab_id, kind, district_code, direction, lab_name, end_date, decided_on, in_progress)
  SELECT vp.id, l.id, 'open', l.district_code, l.direction, l.name, vp.end_date, NULL, coalesce(r.status IN ('submitted', 'under_review', 'rectifying'), 0)
  FROM labs l
  JOIN validity_periods vp ON vp.lab_id = l.id AND vp.sequence = (SELECT max(v2.sequence) FROM validity_periods v2 WHERE v2.lab_id = l.id)
  LEFT JOIN renewals r ON r.period_id = vp.id
  WHERE l.id IN (SELECT p.lab_id FROM validity_periods p WHERE p.id = OLD.period_id UNION SELECT OLD.lab_id) AND vp.outcome IS NULL AND (r.id IS NULL OR r.status <> 'decided')
  UNION ALL
  SELECT vp.id, l.id, 'decided', l.district_code, l.direction, l.name, vp.end_date, r.decided_on, 0
  FROM labs l
  JOIN renewals r ON r.lab_id = l.id
  JOIN validity_periods vp ON vp.id = r.period_id
  WHERE l.id IN (SELECT p.lab_id FROM validity_periods p WHERE p.id = OLD.period_id UNION SELECT OLD.lab_id) AND r.status = 'decided';
END;
--> statement-breakpoint
CREATE TRIGGER renewal_pipeline_rows_renewal_update AFTER UPDATE OF status, period_id, lab_id, decided_on ON renewals
  WHEN OLD.status IS NOT NEW.status OR OLD.period_id IS NOT NEW.period_id OR OLD.lab_id IS NOT NEW.lab_id OR OLD.decided_on IS NOT NEW.decided_on BEGIN
DELETE FROM renewal_pipeline_rows WHERE lab_id IN (SELECT p.lab_id FROM validity_periods p WHERE p.id IN (OLD.period_id, NEW.period_id) UNION SELECT OLD.lab_id UNION SELECT NEW.lab_id);
INSERT OR REPLACE INTO renewal_pipeline_rows (period_id, lab_id, kind, district_code, direction, lab_name, end_date, decided_on, in_progress)
  SELECT vp.id, l.id, 'open', l.district_code, l.direction, l.name, vp.end_date, NULL, coalesce(r.status IN ('submitted', 'under_review', 'rectifying'), 0)
  FROM labs l
  JOIN validity_periods vp ON vp.lab_id = l.id AND vp.sequence = (SELECT max(v2.sequence) FROM validity_periods v2 WHERE v2.lab_id = l.id)
  LEFT JOIN renewals r ON r.period_id = vp.id
  WHERE l.id IN (SELECT p.lab_id FROM validity_periods p WHERE p.id IN (OLD.period_id, NEW.period_id) UNION SELECT OLD.lab_id UNION SELECT NEW.lab_id) AND vp.outcome IS NULL AND (r.id IS NULL OR r.status <> 'decided')
  UNION ALL
  SELECT vp.id, l.id, 'decided', l.district_code, l.direction, l.name, vp.end_date, r.decided_on, 0
  FROM labs l
  JOIN renewals r ON r.lab_id = l.id
  JOIN validity_periods vp ON vp.id = r.period_id
  WHERE l.id IN (SELECT p.lab_id FROM validity_periods p WHERE p.id IN (OLD.period_id, NEW.period_id) UNION SELECT OLD.lab_id UNION SELECT NEW.lab_id) AND r.status = 'decided';
END;
--> statement-breakpoint
CREATE TRIGGER renewal_pipeline_rows_lab_move AFTER UPDATE OF name, district_code, direction ON labs
  WHEN OLD.name IS NOT NEW.name OR OLD.district_code IS NOT NEW.district_code OR OLD.direction IS NOT NEW.direction BEGIN
DELETE FROM renewal_pipeline_rows WHERE lab_id IN (NEW.id);
INSERT OR REPLACE INTO renewal_pipeline_rows (period_id, lab_id, kind, district_code, direction, lab_name, end_date, decided_on, in_progress)
  SELECT vp.id, l.id, 'open', l.district_code, l.direction, l.name, vp.end_date, NULL, coalesce(r.status IN ('submitted', 'under_review', 'rectifying'), 0)
  FROM labs l
  JOIN validity_periods vp ON vp.lab_id = l.id AND vp.sequence = (SELECT max(v2.sequence) FROM validity_periods v2 WHERE v2.lab_id = l.id)
  LEFT JOIN renewals r ON r.period_id = vp.id
  WHERE l.id IN (NEW.id) AND vp.outcome IS NULL AND (r.id IS NULL OR r.status <> 'decided')
  UNION ALL
  SELECT vp.id, l.id, 'decided', l.district_code, l.direction, l.name, vp.end_date, r.decided_on, 0
  FROM labs l
  JOIN renewals r ON r.lab_id = l.id
  JOIN validity_periods vp ON vp.id = r.period_id
  WHERE l.id IN (NEW.id) AND r.status = 'decided';
END;
--> statement-breakpoint
CREATE TRIGGER renewal_pipeline_rows_lab_delete AFTER DELETE ON labs BEGIN
DELETE FROM renewal_pipeline_rows WHERE lab_id = OLD.id;
END;

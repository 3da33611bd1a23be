-- Issue 18: the triggers of 0036 read a lab's decided renewals through the city's every decided
-- renewal. "FROM labs l JOIN renewals r ... WHERE l.id IN (...) AND r.status = 'decided'" let SQLite
-- search renewals by renewals_status_decided_idx (status = 'decided'), then keep the lab's: every
-- write to a period or a renewal read all decided renewals (120,000 at 50,000 labs), and seeding
-- the scale data grew with the square of the labs. The decided part now reads the lab's renewals
-- by renewals_lab_idx: r.lab_id carries the lab condition, and the unary + keeps the status term
-- from choosing an index (tests/db/trigger-plans.test.ts holds every trigger to its lab's rows).
DROP TRIGGER renewal_pipeline_rows_period_insert;
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
  FROM renewals r
  JOIN labs l ON l.id = r.lab_id
  JOIN validity_periods vp ON vp.id = r.period_id
  WHERE r.lab_id IN (NEW.lab_id) AND +r.status = 'decided';
END;
--> statement-breakpoint
DROP TRIGGER renewal_pipeline_rows_period_delete;
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
  FROM renewals r
  JOIN labs l ON l.id = r.lab_id
  JOIN validity_periods vp ON vp.id = r.period_id
  WHERE r.lab_id IN (OLD.lab_id) AND +r.status = 'decided';
END;
--> statement-breakpoint
DROP TRIGGER renewal_pipeline_rows_period_update;
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
  FROM renewals r
  JOIN labs l ON l.id = r.lab_id
  JOIN validity_periods vp ON vp.id = r.period_id
  WHERE r.lab_id IN (OLD.lab_id, NEW.lab_id) AND +r.status = 'decided';
END;
--> statement-breakpoint
DROP TRIGGER renewal_pipeline_rows_renewal_insert;
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
  FROM renewals r
  JOIN labs l ON l.id = r.lab_id
  JOIN validity_periods vp ON vp.id = r.period_id
  WHERE r.lab_id IN (SELECT p.lab_id FROM validity_periods p WHERE p.id = NEW.period_id UNION SELECT NEW.lab_id) AND +r.status = 'decided';
END;
--> statement-breakpoint
DROP TRIGGER renewal_pipeline_rows_renewal_delete;
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
  FROM renewals r
  JOIN labs l ON l.id = r.lab_id
  JOIN validity_periods vp ON vp.id = r.period_id
  WHERE r.lab_id IN (SELECT p.lab_id FROM validity_periods p WHERE p.id = OLD.period_id UNION SELECT OLD.lab_id) AND +r.status = 'decided';
END;
--> statement-breakpoint
DROP TRIGGER renewal_pipeline_rows_renewal_update;
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
  FROM renewals r
  JOIN labs l ON l.id = r.lab_id
  JOIN validity_periods vp ON vp.id = r.period_id
  WHERE r.lab_id IN (SELECT p.lab_id FROM validity_periods p WHERE p.id IN (OLD.period_id, NEW.period_id) UNION SELECT OLD.lab_id UNION SELECT NEW.lab_id) AND +r.status = 'decided';
END;
--> statement-breakpoint
DROP TRIGGER renewal_pipeline_rows_lab_move;
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
  FROM renewals r
  JOIN labs l ON l.id = r.lab_id
  JOIN validity_periods vp ON vp.id = r.period_id
  WHERE r.lab_id IN (NEW.id) AND +r.status = 'decided';
END;
--> statement-breakpoint
-- The same for the review queue's tally (0027) when a lab moves district or is deleted: the lab's
-- submitted filings were found through deliverables_review_idx / annual_reports_review_idx
-- (status first), every submitted filing in the city; now through the lab's index.
DROP TRIGGER `queue_tallies_lab_move`;
--> statement-breakpoint
CREATE TRIGGER `queue_tallies_lab_move` AFTER UPDATE OF district_code ON `labs` FOR EACH ROW WHEN OLD.district_code IS NOT NEW.district_code BEGIN
  INSERT INTO request_queue_tally (district_code, type, status, district_opinion_required, n)
    SELECT OLD.district_code, r.type, r.status, r.district_opinion_required, -count(*) FROM resource_requests r WHERE r.lab_id = NEW.id
    GROUP BY r.type, r.status, r.district_opinion_required
    ON CONFLICT (district_code, type, status, district_opinion_required) DO UPDATE SET n = n + excluded.n;
  INSERT INTO request_queue_tally (district_code, type, status, district_opinion_required, n)
    SELECT NEW.district_code, r.type, r.status, r.district_opinion_required, count(*) FROM resource_requests r WHERE r.lab_id = NEW.id
    GROUP BY r.type, r.status, r.district_opinion_required
    ON CONFLICT (district_code, type, status, district_opinion_required) DO UPDATE SET n = n + excluded.n;
  INSERT INTO review_queue_tally (kind, district_code, opinion_pending, n)
    SELECT 'deliverable', OLD.district_code, f.district_opinion_at IS NULL, -count(*) FROM deliverables f WHERE f.lab_id = NEW.id AND +f.status = 'submitted'
    GROUP BY f.district_opinion_at IS NULL
    ON CONFLICT (kind, district_code, opinion_pending) DO UPDATE SET n = n + excluded.n;
  INSERT INTO review_queue_tally (kind, district_code, opinion_pending, n)
    SELECT 'deliverable', NEW.district_code, f.district_opinion_at IS NULL, count(*) FROM deliverables f WHERE f.lab_id = NEW.id AND +f.status = 'submitted'
    GROUP BY f.district_opinion_at IS NULL
    ON CONFLICT (kind, district_code, opinion_pending) DO UPDATE SET n = n + excluded.n;
  INSERT INTO review_queue_tally (kind, district_code, opinion_pending, n)
    SELECT 'annual_report', OLD.district_code, f.district_opinion_at IS NULL, -count(*) FROM annual_reports f WHERE f.lab_id = NEW.id AND +f.status = 'submitted'
    GROUP BY f.district_opinion_at IS NULL
    ON CONFLICT (kind, district_code, opinion_pending) DO UPDATE SET n = n + excluded.n;
  INSERT INTO review_queue_tally (kind, district_code, opinion_pending, n)
    SELECT 'annual_report', NEW.district_code, f.district_opinion_at IS NULL, count(*) FROM annual_reports f WHERE f.lab_id = NEW.id AND +f.status = 'submitted'
    GROUP BY f.district_opinion_at IS NULL
    ON CONFLICT (kind, district_code, opinion_pending) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
DROP TRIGGER `queue_tallies_lab_delete`;
--> statement-breakpoint
CREATE TRIGGER `queue_tallies_lab_delete` BEFORE DELETE ON `labs` FOR EACH ROW BEGIN
  INSERT INTO request_queue_tally (district_code, type, status, district_opinion_required, n)
    SELECT OLD.district_code, r.type, r.status, r.district_opinion_required, -count(*) FROM resource_requests r WHERE r.lab_id = OLD.id
    GROUP BY r.type, r.status, r.district_opinion_required
    ON CONFLICT (district_code, type, status, district_opinion_required) DO UPDATE SET n = n + excluded.n;
  INSERT INTO review_queue_tally (kind, district_code, opinion_pending, n)
    SELECT 'deliverable', OLD.district_code, f.district_opinion_at IS NULL, -count(*) FROM deliverables f WHERE f.lab_id = OLD.id AND +f.status = 'submitted'
    GROUP BY f.district_opinion_at IS NULL
    ON CONFLICT (kind, district_code, opinion_pending) DO UPDATE SET n = n + excluded.n;
  INSERT INTO review_queue_tally (kind, district_code, opinion_pending, n)
    SELECT 'annual_report', OLD.district_code, f.district_opinion_at IS NULL, -count(*) FROM annual_reports f WHERE f.lab_id = OLD.id AND +f.status = 'submitted'
    GROUP BY f.district_opinion_at IS NULL
    ON CONFLICT (kind, district_code, opinion_pending) DO UPDATE SET n = n + excluded.n;
END;

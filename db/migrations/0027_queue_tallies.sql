CREATE TABLE `request_queue_tally` (
	`district_code` text NOT NULL,
	`type` text NOT NULL,
	`status` text NOT NULL,
	`district_opinion_required` integer NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`district_code`, `type`, `status`, `district_opinion_required`)
);
--> statement-breakpoint
CREATE TABLE `review_queue_tally` (
	`kind` text NOT NULL,
	`district_code` text NOT NULL,
	`opinion_pending` integer NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`kind`, `district_code`, `opinion_pending`)
);
--> statement-breakpoint
CREATE INDEX `users_username_order_idx` ON `users` (lower(username),`id`);
--> statement-breakpoint
-- the queue tallies kept on write (db/schema/queue-tallies.ts): each row adds itself under its lab's district, an
-- update takes the old row off and adds the new one, a lab that moves takes its rows along, a lab deleted takes them off
-- before its rows go (their own delete triggers then find no lab and count nothing twice)
CREATE TRIGGER `request_queue_tally_insert` AFTER INSERT ON `resource_requests` FOR EACH ROW BEGIN
  INSERT INTO request_queue_tally (district_code, type, status, district_opinion_required, n)
    SELECT l.district_code, NEW.type, NEW.status, NEW.district_opinion_required, 1 FROM labs l WHERE l.id = NEW.lab_id
    ON CONFLICT (district_code, type, status, district_opinion_required) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `request_queue_tally_delete` AFTER DELETE ON `resource_requests` FOR EACH ROW BEGIN
  INSERT INTO request_queue_tally (district_code, type, status, district_opinion_required, n)
    SELECT l.district_code, OLD.type, OLD.status, OLD.district_opinion_required, -1 FROM labs l WHERE l.id = OLD.lab_id
    ON CONFLICT (district_code, type, status, district_opinion_required) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `request_queue_tally_update` AFTER UPDATE OF lab_id, type, status, district_opinion_required ON `resource_requests` FOR EACH ROW
  WHEN OLD.lab_id IS NOT NEW.lab_id OR OLD.type IS NOT NEW.type OR OLD.status IS NOT NEW.status OR OLD.district_opinion_required IS NOT NEW.district_opinion_required BEGIN
  INSERT INTO request_queue_tally (district_code, type, status, district_opinion_required, n)
    SELECT l.district_code, OLD.type, OLD.status, OLD.district_opinion_required, -1 FROM labs l WHERE l.id = OLD.lab_id
    ON CONFLICT (district_code, type, status, district_opinion_required) DO UPDATE SET n = n + excluded.n;
  INSERT INTO request_queue_tally (district_code, type, status, district_opinion_required, n)
    SELECT l.district_code, NEW.type, NEW.status, NEW.district_opinion_required, 1 FROM labs l WHERE l.id = NEW.lab_id
    ON CONFLICT (district_code, type, status, district_opinion_required) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `review_queue_tally_deliverables_insert` AFTER INSERT ON `deliverables` FOR EACH ROW WHEN NEW.status = 'submitted' BEGIN
  INSERT INTO review_queue_tally (kind, district_code, opinion_pending, n)
    SELECT 'deliverable', l.district_code, NEW.district_opinion_at IS NULL, 1 FROM labs l WHERE l.id = NEW.lab_id AND NEW.status = 'submitted'
    ON CONFLICT (kind, district_code, opinion_pending) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `review_queue_tally_deliverables_delete` AFTER DELETE ON `deliverables` FOR EACH ROW WHEN OLD.status = 'submitted' BEGIN
  INSERT INTO review_queue_tally (kind, district_code, opinion_pending, n)
    SELECT 'deliverable', l.district_code, OLD.district_opinion_at IS NULL, -1 FROM labs l WHERE l.id = OLD.lab_id AND OLD.status = 'submitted'
    ON CONFLICT (kind, district_code, opinion_pending) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `review_queue_tally_deliverables_update` AFTER UPDATE OF lab_id, status, district_opinion_at ON `deliverables` FOR EACH ROW
  WHEN (OLD.status = 'submitted' OR NEW.status = 'submitted')
    AND (OLD.lab_id IS NOT NEW.lab_id OR OLD.status IS NOT NEW.status OR (OLD.district_opinion_at IS NULL) IS NOT (NEW.district_opinion_at IS NULL)) BEGIN
  INSERT INTO review_queue_tally (kind, district_code, opinion_pending, n)
    SELECT 'deliverable', l.district_code, OLD.district_opinion_at IS NULL, -1 FROM labs l WHERE l.id = OLD.lab_id AND OLD.status = 'submitted'
    ON CONFLICT (kind, district_code, opinion_pending) DO UPDATE SET n = n + excluded.n;
  INSERT INTO review_queue_tally (kind, district_code, opinion_pending, n)
    SELECT 'deliverable', l.district_code, NEW.district_opinion_at IS NULL, 1 FROM labs l WHERE l.id = NEW.lab_id AND NEW.status = 'submitted'
    ON CONFLICT (kind, district_code, opinion_pending) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `review_queue_tally_annual_reports_insert` AFTER INSERT ON `annual_reports` FOR EACH ROW WHEN NEW.status = 'submitted' BEGIN
  INSERT INTO review_queue_tally (kind, district_code, opinion_pending, n)
    SELECT 'annual_report', l.district_code, NEW.district_opinion_at IS NULL, 1 FROM labs l WHERE l.id = NEW.lab_id AND NEW.status = 'submitted'
    ON CONFLICT (kind, district_code, opinion_pending) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `review_queue_tally_annual_reports_delete` AFTER DELETE ON `annual_reports` FOR EACH ROW WHEN OLD.status = 'submitted' BEGIN
  INSERT INTO review_queue_tally (kind, district_code, opinion_pending, n)
    SELECT 'annual_report', l.district_code, OLD.district_opinion_at IS NULL, -1 FROM labs l WHERE l.id = OLD.lab_id AND OLD.status = 'submitted'
    ON CONFLICT (kind, district_code, opinion_pending) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `review_queue_tally_annual_reports_update` AFTER UPDATE OF lab_id, status, district_opinion_at ON `annual_reports` FOR EACH ROW
  WHEN (OLD.status = 'submitted' OR NEW.status = 'submitted')
    AND (OLD.lab_id IS NOT NEW.lab_id OR OLD.status IS NOT NEW.status OR (OLD.district_opinion_at IS NULL) IS NOT (NEW.district_opinion_at IS NULL)) BEGIN
  INSERT INTO review_queue_tally (kind, district_code, opinion_pending, n)
    SELECT 'annual_report', l.district_code, OLD.district_opinion_at IS NULL, -1 FROM labs l WHERE l.id = OLD.lab_id AND OLD.status = 'submitted'
    ON CONFLICT (kind, district_code, opinion_pending) DO UPDATE SET n = n + excluded.n;
  INSERT INTO review_queue_tally (kind, district_code, opinion_pending, n)
    SELECT 'annual_report', l.district_code, NEW.district_opinion_at IS NULL, 1 FROM labs l WHERE l.id = NEW.lab_id AND NEW.status = 'submitted'
    ON CONFLICT (kind, district_code, opinion_pending) DO UPDATE SET n = n + excluded.n;
END;
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
    SELECT 'deliverable', OLD.district_code, f.district_opinion_at IS NULL, -count(*) FROM deliverables f WHERE f.lab_id = NEW.id AND f.status = 'submitted'
    GROUP BY f.district_opinion_at IS NULL
    ON CONFLICT (kind, district_code, opinion_pending) DO UPDATE SET n = n + excluded.n;
  INSERT INTO review_queue_tally (kind, district_code, opinion_pending, n)
    SELECT 'deliverable', NEW.district_code, f.district_opinion_at IS NULL, count(*) FROM deliverables f WHERE f.lab_id = NEW.id AND f.status = 'submitted'
    GROUP BY f.district_opinion_at IS NULL
    ON CONFLICT (kind, district_code, opinion_pending) DO UPDATE SET n = n + excluded.n;
  INSERT INTO review_queue_tally (kind, district_code, opinion_pending, n)
    SELECT 'annual_report', OLD.district_code, f.district_opinion_at IS NULL, -count(*) FROM annual_reports f WHERE f.lab_id = NEW.id AND f.status = 'submitted'
    GROUP BY f.district_opinion_at IS NULL
    ON CONFLICT (kind, district_code, opinion_pending) DO UPDATE SET n = n + excluded.n;
  INSERT INTO review_queue_tally (kind, district_code, opinion_pending, n)
    SELECT 'annual_report', NEW.district_code, f.district_opinion_at IS NULL, count(*) FROM annual_reports f WHERE f.lab_id = NEW.id AND f.status = 'submitted'
    GROUP BY f.district_opinion_at IS NULL
    ON CONFLICT (kind, district_code, opinion_pending) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `queue_tallies_lab_delete` BEFORE DELETE ON `labs` FOR EACH ROW BEGIN
  INSERT INTO request_queue_tally (district_code, type, status, district_opinion_required, n)
    SELECT OLD.district_code, r.type, r.status, r.district_opinion_required, -count(*) FROM resource_requests r WHERE r.lab_id = OLD.id
    GROUP BY r.type, r.status, r.district_opinion_required
    ON CONFLICT (district_code, type, status, district_opinion_required) DO UPDATE SET n = n + excluded.n;
  INSERT INTO review_queue_tally (kind, district_code, opinion_pending, n)
    SELECT 'deliverable', OLD.district_code, f.district_opinion_at IS NULL, -count(*) FROM deliverables f WHERE f.lab_id = OLD.id AND f.status = 'submitted'
    GROUP BY f.district_opinion_at IS NULL
    ON CONFLICT (kind, district_code, opinion_pending) DO UPDATE SET n = n + excluded.n;
  INSERT INTO review_queue_tally (kind, district_code, opinion_pending, n)
    SELECT 'annual_report', OLD.district_code, f.district_opinion_at IS NULL, -count(*) FROM annual_reports f WHERE f.lab_id = OLD.id AND f.status = 'submitted'
    GROUP BY f.district_opinion_at IS NULL
    ON CONFLICT (kind, district_code, opinion_pending) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
INSERT INTO request_queue_tally (district_code, type, status, district_opinion_required, n)
  SELECT l.district_code, r.type, r.status, r.district_opinion_required, count(*) FROM resource_requests r JOIN labs l ON l.id = r.lab_id
  GROUP BY l.district_code, r.type, r.status, r.district_opinion_required;
--> statement-breakpoint
INSERT INTO review_queue_tally (kind, district_code, opinion_pending, n)
  SELECT 'deliverable', l.district_code, f.district_opinion_at IS NULL, count(*) FROM deliverables f JOIN labs l ON l.id = f.lab_id WHERE f.status = 'submitted'
  GROUP BY l.district_code, f.district_opinion_at IS NULL
  ON CONFLICT (kind, district_code, opinion_pending) DO UPDATE SET n = n + excluded.n;
--> statement-breakpoint
INSERT INTO review_queue_tally (kind, district_code, opinion_pending, n)
  SELECT 'annual_report', l.district_code, f.district_opinion_at IS NULL, count(*) FROM annual_reports f JOIN labs l ON l.id = f.lab_id WHERE f.status = 'submitted'
  GROUP BY l.district_code, f.district_opinion_at IS NULL
  ON CONFLICT (kind, district_code, opinion_pending) DO UPDATE SET n = n + excluded.n;

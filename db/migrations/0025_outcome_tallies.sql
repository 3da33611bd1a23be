CREATE TABLE `renewal_decision_tallies` (
	`grade` text NOT NULL,
	`district_code` text NOT NULL,
	`direction` integer NOT NULL,
	`decision` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`district_code`, `direction`, `grade`, `decision`)
);
--> statement-breakpoint
CREATE TABLE `outcome_tallies` (
	`district_code` text NOT NULL,
	`direction` integer NOT NULL,
	`year` integer NOT NULL,
	`source` text NOT NULL,
	`forms` integer NOT NULL,
	`kind` text NOT NULL,
	`verification` text NOT NULL,
	`n` integer NOT NULL,
	`transfers` integer NOT NULL,
	`value_yuan` integer NOT NULL,
	PRIMARY KEY(`district_code`, `direction`, `year`, `source`, `forms`, `kind`, `verification`)
);
--> statement-breakpoint
CREATE TABLE `plan_fulfilments` (
	`lab_id` integer PRIMARY KEY NOT NULL,
	`period_id` integer NOT NULL,
	`fulfilment` integer NOT NULL,
	`lab_name` text NOT NULL,
	`district_code` text NOT NULL,
	`direction` integer NOT NULL,
	`start_date` text NOT NULL,
	`end_date` text NOT NULL,
	FOREIGN KEY (`lab_id`) REFERENCES `labs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`period_id`) REFERENCES `validity_periods`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `lab_checks_check_idx` ON `lab_checks` (`check_id`,`severity`,`lab_id`);--> statement-breakpoint
CREATE INDEX `incidents_month_idx` ON `incidents` (`discovered_at`,`grade`,`lab_id`);
--> statement-breakpoint
-- the tallies kept on write (db/schema/outcomes.ts outcomeTallies): each item adds itself under its lab's district and
-- direction, an update takes the old item off and adds the new one, a lab that moves takes its items along
CREATE TRIGGER `outcome_tallies_outcome_insert` AFTER INSERT ON `outcomes` FOR EACH ROW BEGIN
INSERT INTO outcome_tallies (district_code, direction, year, source, forms, kind, verification, n, transfers, value_yuan)
  SELECT l.district_code, l.direction, CAST(substr(NEW.occurred_on, 1, 4) AS INTEGER), 'outcome', CASE NEW.form WHEN 'scenario' THEN 1 WHEN 'algorithm' THEN 2 WHEN 'data' THEN 4 WHEN 'product' THEN 8 ELSE 0 END, NEW.kind, NEW.verification,
    1, (NEW.kind = 'transfer'), (CASE WHEN NEW.kind = 'transfer' THEN coalesce(NEW.value_yuan, 0) ELSE 0 END)
  FROM labs l WHERE l.id = NEW.lab_id
  ON CONFLICT (district_code, direction, year, source, forms, kind, verification) DO UPDATE SET n = n + excluded.n, transfers = transfers + excluded.transfers, value_yuan = value_yuan + excluded.value_yuan;
END;
--> statement-breakpoint
CREATE TRIGGER `outcome_tallies_outcome_delete` AFTER DELETE ON `outcomes` FOR EACH ROW BEGIN
INSERT INTO outcome_tallies (district_code, direction, year, source, forms, kind, verification, n, transfers, value_yuan)
  SELECT l.district_code, l.direction, CAST(substr(OLD.occurred_on, 1, 4) AS INTEGER), 'outcome', CASE OLD.form WHEN 'scenario' THEN 1 WHEN 'algorithm' THEN 2 WHEN 'data' THEN 4 WHEN 'product' THEN 8 ELSE 0 END, OLD.kind, OLD.verification,
    -1, -(OLD.kind = 'transfer'), -(CASE WHEN OLD.kind = 'transfer' THEN coalesce(OLD.value_yuan, 0) ELSE 0 END)
  FROM labs l WHERE l.id = OLD.lab_id
  ON CONFLICT (district_code, direction, year, source, forms, kind, verification) DO UPDATE SET n = n + excluded.n, transfers = transfers + excluded.transfers, value_yuan = value_yuan + excluded.value_yuan;
END;
--> statement-breakpoint
CREATE TRIGGER `outcome_tallies_outcome_update` AFTER UPDATE OF lab_id, occurred_on, form, kind, value_yuan, verification ON `outcomes` FOR EACH ROW BEGIN
INSERT INTO outcome_tallies (district_code, direction, year, source, forms, kind, verification, n, transfers, value_yuan)
  SELECT l.district_code, l.direction, CAST(substr(OLD.occurred_on, 1, 4) AS INTEGER), 'outcome', CASE OLD.form WHEN 'scenario' THEN 1 WHEN 'algorithm' THEN 2 WHEN 'data' THEN 4 WHEN 'product' THEN 8 ELSE 0 END, OLD.kind, OLD.verification,
    -1, -(OLD.kind = 'transfer'), -(CASE WHEN OLD.kind = 'transfer' THEN coalesce(OLD.value_yuan, 0) ELSE 0 END)
  FROM labs l WHERE l.id = OLD.lab_id
  ON CONFLICT (district_code, direction, year, source, forms, kind, verification) DO UPDATE SET n = n + excluded.n, transfers = transfers + excluded.transfers, value_yuan = value_yuan + excluded.value_yuan;
INSERT INTO outcome_tallies (district_code, direction, year, source, forms, kind, verification, n, transfers, value_yuan)
  SELECT l.district_code, l.direction, CAST(substr(NEW.occurred_on, 1, 4) AS INTEGER), 'outcome', CASE NEW.form WHEN 'scenario' THEN 1 WHEN 'algorithm' THEN 2 WHEN 'data' THEN 4 WHEN 'product' THEN 8 ELSE 0 END, NEW.kind, NEW.verification,
    1, (NEW.kind = 'transfer'), (CASE WHEN NEW.kind = 'transfer' THEN coalesce(NEW.value_yuan, 0) ELSE 0 END)
  FROM labs l WHERE l.id = NEW.lab_id
  ON CONFLICT (district_code, direction, year, source, forms, kind, verification) DO UPDATE SET n = n + excluded.n, transfers = transfers + excluded.transfers, value_yuan = value_yuan + excluded.value_yuan;
END;
--> statement-breakpoint
CREATE TRIGGER `outcome_tallies_deliverable_insert` AFTER INSERT ON `deliverables` FOR EACH ROW BEGIN
INSERT INTO outcome_tallies (district_code, direction, year, source, forms, kind, verification, n, transfers, value_yuan)
  SELECT l.district_code, l.direction, CAST(substr(NEW.completed_on, 1, 4) AS INTEGER), 'deliverable', CASE WHEN json_valid(NEW.forms) THEN EXISTS (SELECT 1 FROM json_each(NEW.forms) WHERE json_each.value = 'scenario') * 1 + EXISTS (SELECT 1 FROM json_each(NEW.forms) WHERE json_each.value = 'algorithm') * 2 + EXISTS (SELECT 1 FROM json_each(NEW.forms) WHERE json_each.value = 'data') * 4 + EXISTS (SELECT 1 FROM json_each(NEW.forms) WHERE json_each.value = 'product') * 8 ELSE 0 END,
    CASE WHEN NEW.transfer_status = 'transferred' THEN 'transfer' ELSE 'none' END, 'verified',
    1, (NEW.transfer_status = 'transferred'), (CASE WHEN NEW.transfer_status = 'transferred' THEN coalesce(NEW.transfer_value_yuan, 0) ELSE 0 END)
  FROM labs l WHERE l.id = NEW.lab_id AND NEW.status = 'accepted'
  ON CONFLICT (district_code, direction, year, source, forms, kind, verification) DO UPDATE SET n = n + excluded.n, transfers = transfers + excluded.transfers, value_yuan = value_yuan + excluded.value_yuan;
END;
--> statement-breakpoint
CREATE TRIGGER `outcome_tallies_deliverable_delete` AFTER DELETE ON `deliverables` FOR EACH ROW BEGIN
INSERT INTO outcome_tallies (district_code, direction, year, source, forms, kind, verification, n, transfers, value_yuan)
  SELECT l.district_code, l.direction, CAST(substr(OLD.completed_on, 1, 4) AS INTEGER), 'deliverable', CASE WHEN json_valid(OLD.forms) THEN EXISTS (SELECT 1 FROM json_each(OLD.forms) WHERE json_each.value = 'scenario') * 1 + EXISTS (SELECT 1 FROM json_each(OLD.forms) WHERE json_each.value = 'algorithm') * 2 + EXISTS (SELECT 1 FROM json_each(OLD.forms) WHERE json_each.value = 'data') * 4 + EXISTS (SELECT 1 FROM json_each(OLD.forms) WHERE json_each.value = 'product') * 8 ELSE 0 END,
    CASE WHEN OLD.transfer_status = 'transferred' THEN 'transfer' ELSE 'none' END, 'verified',
    -1, -(OLD.transfer_status = 'transferred'), -(CASE WHEN OLD.transfer_status = 'transferred' THEN coalesce(OLD.transfer_value_yuan, 0) ELSE 0 END)
  FROM labs l WHERE l.id = OLD.lab_id AND OLD.status = 'accepted'
  ON CONFLICT (district_code, direction, year, source, forms, kind, verification) DO UPDATE SET n = n + excluded.n, transfers = transfers + excluded.transfers, value_yuan = value_yuan + excluded.value_yuan;
END;
--> statement-breakpoint
CREATE TRIGGER `outcome_tallies_deliverable_update` AFTER UPDATE OF lab_id, status, forms, completed_on, transfer_status, transfer_value_yuan ON `deliverables` FOR EACH ROW BEGIN
INSERT INTO outcome_tallies (district_code, direction, year, source, forms, kind, verification, n, transfers, value_yuan)
  SELECT l.district_code, l.direction, CAST(substr(OLD.completed_on, 1, 4) AS INTEGER), 'deliverable', CASE WHEN json_valid(OLD.forms) THEN EXISTS (SELECT 1 FROM json_each(OLD.forms) WHERE json_each.value = 'scenario') * 1 + EXISTS (SELECT 1 FROM json_each(OLD.forms) WHERE json_each.value = 'algorithm') * 2 + EXISTS (SELECT 1 FROM json_each(OLD.forms) WHERE json_each.value = 'data') * 4 + EXISTS (SELECT 1 FROM json_each(OLD.forms) WHERE json_each.value = 'product') * 8 ELSE 0 END,
    CASE WHEN OLD.transfer_status = 'transferred' THEN 'transfer' ELSE 'none' END, 'verified',
    -1, -(OLD.transfer_status = 'transferred'), -(CASE WHEN OLD.transfer_status = 'transferred' THEN coalesce(OLD.transfer_value_yuan, 0) ELSE 0 END)
  FROM labs l WHERE l.id = OLD.lab_id AND OLD.status = 'accepted'
  ON CONFLICT (district_code, direction, year, source, forms, kind, verification) DO UPDATE SET n = n + excluded.n, transfers = transfers + excluded.transfers, value_yuan = value_yuan + excluded.value_yuan;
INSERT INTO outcome_tallies (district_code, direction, year, source, forms, kind, verification, n, transfers, value_yuan)
  SELECT l.district_code, l.direction, CAST(substr(NEW.completed_on, 1, 4) AS INTEGER), 'deliverable', CASE WHEN json_valid(NEW.forms) THEN EXISTS (SELECT 1 FROM json_each(NEW.forms) WHERE json_each.value = 'scenario') * 1 + EXISTS (SELECT 1 FROM json_each(NEW.forms) WHERE json_each.value = 'algorithm') * 2 + EXISTS (SELECT 1 FROM json_each(NEW.forms) WHERE json_each.value = 'data') * 4 + EXISTS (SELECT 1 FROM json_each(NEW.forms) WHERE json_each.value = 'product') * 8 ELSE 0 END,
    CASE WHEN NEW.transfer_status = 'transferred' THEN 'transfer' ELSE 'none' END, 'verified',
    1, (NEW.transfer_status = 'transferred'), (CASE WHEN NEW.transfer_status = 'transferred' THEN coalesce(NEW.transfer_value_yuan, 0) ELSE 0 END)
  FROM labs l WHERE l.id = NEW.lab_id AND NEW.status = 'accepted'
  ON CONFLICT (district_code, direction, year, source, forms, kind, verification) DO UPDATE SET n = n + excluded.n, transfers = transfers + excluded.transfers, value_yuan = value_yuan + excluded.value_yuan;
END;
--> statement-breakpoint
CREATE TRIGGER `outcome_tallies_lab_move` AFTER UPDATE OF district_code, direction ON `labs` FOR EACH ROW
  WHEN OLD.district_code IS NOT NEW.district_code OR OLD.direction IS NOT NEW.direction BEGIN
INSERT INTO outcome_tallies (district_code, direction, year, source, forms, kind, verification, n, transfers, value_yuan)
  SELECT OLD.district_code, OLD.direction, CAST(substr(o.occurred_on, 1, 4) AS INTEGER) AS y, 'outcome', CASE o.form WHEN 'scenario' THEN 1 WHEN 'algorithm' THEN 2 WHEN 'data' THEN 4 WHEN 'product' THEN 8 ELSE 0 END AS m, o.kind, o.verification,
    -count(*), -sum(o.kind = 'transfer'), -coalesce(sum(CASE WHEN o.kind = 'transfer' THEN coalesce(o.value_yuan, 0) ELSE 0 END), 0)
  FROM outcomes o WHERE o.lab_id = NEW.id GROUP BY y, m, o.kind, o.verification
  ON CONFLICT (district_code, direction, year, source, forms, kind, verification) DO UPDATE SET n = n + excluded.n, transfers = transfers + excluded.transfers, value_yuan = value_yuan + excluded.value_yuan;
INSERT INTO outcome_tallies (district_code, direction, year, source, forms, kind, verification, n, transfers, value_yuan)
  SELECT NEW.district_code, NEW.direction, CAST(substr(o.occurred_on, 1, 4) AS INTEGER) AS y, 'outcome', CASE o.form WHEN 'scenario' THEN 1 WHEN 'algorithm' THEN 2 WHEN 'data' THEN 4 WHEN 'product' THEN 8 ELSE 0 END AS m, o.kind, o.verification,
    count(*), sum(o.kind = 'transfer'), coalesce(sum(CASE WHEN o.kind = 'transfer' THEN coalesce(o.value_yuan, 0) ELSE 0 END), 0)
  FROM outcomes o WHERE o.lab_id = NEW.id GROUP BY y, m, o.kind, o.verification
  ON CONFLICT (district_code, direction, year, source, forms, kind, verification) DO UPDATE SET n = n + excluded.n, transfers = transfers + excluded.transfers, value_yuan = value_yuan + excluded.value_yuan;
INSERT INTO outcome_tallies (district_code, direction, year, source, forms, kind, verification, n, transfers, value_yuan)
  SELECT OLD.district_code, OLD.direction, CAST(substr(d.completed_on, 1, 4) AS INTEGER) AS y, 'deliverable', CASE WHEN json_valid(d.forms) THEN EXISTS (SELECT 1 FROM json_each(d.forms) WHERE json_each.value = 'scenario') * 1 + EXISTS (SELECT 1 FROM json_each(d.forms) WHERE json_each.value = 'algorithm') * 2 + EXISTS (SELECT 1 FROM json_each(d.forms) WHERE json_each.value = 'data') * 4 + EXISTS (SELECT 1 FROM json_each(d.forms) WHERE json_each.value = 'product') * 8 ELSE 0 END AS m,
    CASE WHEN d.transfer_status = 'transferred' THEN 'transfer' ELSE 'none' END AS k, 'verified',
    -count(*), -sum(d.transfer_status = 'transferred'), -coalesce(sum(CASE WHEN d.transfer_status = 'transferred' THEN coalesce(d.transfer_value_yuan, 0) ELSE 0 END), 0)
  FROM deliverables d WHERE d.lab_id = NEW.id AND d.status = 'accepted' GROUP BY y, m, k
  ON CONFLICT (district_code, direction, year, source, forms, kind, verification) DO UPDATE SET n = n + excluded.n, transfers = transfers + excluded.transfers, value_yuan = value_yuan + excluded.value_yuan;
INSERT INTO outcome_tallies (district_code, direction, year, source, forms, kind, verification, n, transfers, value_yuan)
  SELECT NEW.district_code, NEW.direction, CAST(substr(d.completed_on, 1, 4) AS INTEGER) AS y, 'deliverable', CASE WHEN json_valid(d.forms) THEN EXISTS (SELECT 1 FROM json_each(d.forms) WHERE json_each.value = 'scenario') * 1 + EXISTS (SELECT 1 FROM json_each(d.forms) WHERE json_each.value = 'algorithm') * 2 + EXISTS (SELECT 1 FROM json_each(d.forms) WHERE json_each.value = 'data') * 4 + EXISTS (SELECT 1 FROM json_each(d.forms) WHERE json_each.value = 'product') * 8 ELSE 0 END AS m,
    CASE WHEN d.transfer_status = 'transferred' THEN 'transfer' ELSE 'none' END AS k, 'verified',
    count(*), sum(d.transfer_status = 'transferred'), coalesce(sum(CASE WHEN d.transfer_status = 'transferred' THEN coalesce(d.transfer_value_yuan, 0) ELSE 0 END), 0)
  FROM deliverables d WHERE d.lab_id = NEW.id AND d.status = 'accepted' GROUP BY y, m, k
  ON CONFLICT (district_code, direction, year, source, forms, kind, verification) DO UPDATE SET n = n + excluded.n, transfers = transfers + excluded.transfers, value_yuan = value_yuan + excluded.value_yuan;
END;
--> statement-breakpoint
CREATE TRIGGER `outcome_tallies_lab_delete` BEFORE DELETE ON `labs` FOR EACH ROW BEGIN
INSERT INTO outcome_tallies (district_code, direction, year, source, forms, kind, verification, n, transfers, value_yuan)
  SELECT OLD.district_code, OLD.direction, CAST(substr(o.occurred_on, 1, 4) AS INTEGER) AS y, 'outcome', CASE o.form WHEN 'scenario' THEN 1 WHEN 'algorithm' THEN 2 WHEN 'data' THEN 4 WHEN 'product' THEN 8 ELSE 0 END AS m, o.kind, o.verification,
    -count(*), -sum(o.kind = 'transfer'), -coalesce(sum(CASE WHEN o.kind = 'transfer' THEN coalesce(o.value_yuan, 0) ELSE 0 END), 0)
  FROM outcomes o WHERE o.lab_id = OLD.id GROUP BY y, m, o.kind, o.verification
  ON CONFLICT (district_code, direction, year, source, forms, kind, verification) DO UPDATE SET n = n + excluded.n, transfers = transfers + excluded.transfers, value_yuan = value_yuan + excluded.value_yuan;
INSERT INTO outcome_tallies (district_code, direction, year, source, forms, kind, verification, n, transfers, value_yuan)
  SELECT OLD.district_code, OLD.direction, CAST(substr(d.completed_on, 1, 4) AS INTEGER) AS y, 'deliverable', CASE WHEN json_valid(d.forms) THEN EXISTS (SELECT 1 FROM json_each(d.forms) WHERE json_each.value = 'scenario') * 1 + EXISTS (SELECT 1 FROM json_each(d.forms) WHERE json_each.value = 'algorithm') * 2 + EXISTS (SELECT 1 FROM json_each(d.forms) WHERE json_each.value = 'data') * 4 + EXISTS (SELECT 1 FROM json_each(d.forms) WHERE json_each.value = 'product') * 8 ELSE 0 END AS m,
    CASE WHEN d.transfer_status = 'transferred' THEN 'transfer' ELSE 'none' END AS k, 'verified',
    -count(*), -sum(d.transfer_status = 'transferred'), -coalesce(sum(CASE WHEN d.transfer_status = 'transferred' THEN coalesce(d.transfer_value_yuan, 0) ELSE 0 END), 0)
  FROM deliverables d WHERE d.lab_id = OLD.id AND d.status = 'accepted' GROUP BY y, m, k
  ON CONFLICT (district_code, direction, year, source, forms, kind, verification) DO UPDATE SET n = n + excluded.n, transfers = transfers + excluded.transfers, value_yuan = value_yuan + excluded.value_yuan;
END;
--> statement-breakpoint
INSERT INTO outcome_tallies (district_code, direction, year, source, forms, kind, verification, n, transfers, value_yuan)
  SELECT l.district_code, l.direction, CAST(substr(o.occurred_on, 1, 4) AS INTEGER) AS y, 'outcome', CASE o.form WHEN 'scenario' THEN 1 WHEN 'algorithm' THEN 2 WHEN 'data' THEN 4 WHEN 'product' THEN 8 ELSE 0 END AS m, o.kind, o.verification,
    count(*), sum(o.kind = 'transfer'), coalesce(sum(CASE WHEN o.kind = 'transfer' THEN coalesce(o.value_yuan, 0) ELSE 0 END), 0)
  FROM outcomes o JOIN labs l ON l.id = o.lab_id GROUP BY l.district_code, l.direction, y, m, o.kind, o.verification;
--> statement-breakpoint
INSERT INTO outcome_tallies (district_code, direction, year, source, forms, kind, verification, n, transfers, value_yuan)
  SELECT l.district_code, l.direction, CAST(substr(d.completed_on, 1, 4) AS INTEGER) AS y, 'deliverable', CASE WHEN json_valid(d.forms) THEN EXISTS (SELECT 1 FROM json_each(d.forms) WHERE json_each.value = 'scenario') * 1 + EXISTS (SELECT 1 FROM json_each(d.forms) WHERE json_each.value = 'algorithm') * 2 + EXISTS (SELECT 1 FROM json_each(d.forms) WHERE json_each.value = 'data') * 4 + EXISTS (SELECT 1 FROM json_each(d.forms) WHERE json_each.value = 'product') * 8 ELSE 0 END AS m,
    CASE WHEN d.transfer_status = 'transferred' THEN 'transfer' ELSE 'none' END AS k, 'verified',
    count(*), sum(d.transfer_status = 'transferred'), coalesce(sum(CASE WHEN d.transfer_status = 'transferred' THEN coalesce(d.transfer_value_yuan, 0) ELSE 0 END), 0)
  FROM deliverables d JOIN labs l ON l.id = d.lab_id WHERE d.status = 'accepted' GROUP BY l.district_code, l.direction, y, m, k;
--> statement-breakpoint
INSERT INTO compliance_stale (lab_id) VALUES (NULL);
--> statement-breakpoint
-- the decisions kept on write (db/schema/renewals.ts renewalDecisionTallies), as the outcome tallies above
CREATE TRIGGER `renewal_decision_tallies_insert` AFTER INSERT ON `renewals` FOR EACH ROW BEGIN
INSERT INTO renewal_decision_tallies (district_code, direction, grade, decision, n)
  SELECT l.district_code, l.direction, coalesce(NEW.grade, ''), NEW.decision, 1
  FROM labs l WHERE l.id = NEW.lab_id AND NEW.status IN ('decided', 'rectifying') AND NEW.decision IS NOT NULL
  ON CONFLICT (district_code, direction, grade, decision) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `renewal_decision_tallies_delete` AFTER DELETE ON `renewals` FOR EACH ROW BEGIN
INSERT INTO renewal_decision_tallies (district_code, direction, grade, decision, n)
  SELECT l.district_code, l.direction, coalesce(OLD.grade, ''), OLD.decision, -1
  FROM labs l WHERE l.id = OLD.lab_id AND OLD.status IN ('decided', 'rectifying') AND OLD.decision IS NOT NULL
  ON CONFLICT (district_code, direction, grade, decision) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `renewal_decision_tallies_update` AFTER UPDATE OF lab_id, status, decision, grade ON `renewals` FOR EACH ROW BEGIN
INSERT INTO renewal_decision_tallies (district_code, direction, grade, decision, n)
  SELECT l.district_code, l.direction, coalesce(OLD.grade, ''), OLD.decision, -1
  FROM labs l WHERE l.id = OLD.lab_id AND OLD.status IN ('decided', 'rectifying') AND OLD.decision IS NOT NULL
  ON CONFLICT (district_code, direction, grade, decision) DO UPDATE SET n = n + excluded.n;
INSERT INTO renewal_decision_tallies (district_code, direction, grade, decision, n)
  SELECT l.district_code, l.direction, coalesce(NEW.grade, ''), NEW.decision, 1
  FROM labs l WHERE l.id = NEW.lab_id AND NEW.status IN ('decided', 'rectifying') AND NEW.decision IS NOT NULL
  ON CONFLICT (district_code, direction, grade, decision) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `renewal_decision_tallies_lab_move` AFTER UPDATE OF district_code, direction ON `labs` FOR EACH ROW
  WHEN OLD.district_code IS NOT NEW.district_code OR OLD.direction IS NOT NEW.direction BEGIN
INSERT INTO renewal_decision_tallies (district_code, direction, grade, decision, n)
  SELECT OLD.district_code, OLD.direction, coalesce(r.grade, '') AS g, r.decision, -count(*)
  FROM renewals r WHERE r.lab_id = NEW.id AND r.status IN ('decided', 'rectifying') AND r.decision IS NOT NULL GROUP BY g, r.decision
  ON CONFLICT (district_code, direction, grade, decision) DO UPDATE SET n = n + excluded.n;
INSERT INTO renewal_decision_tallies (district_code, direction, grade, decision, n)
  SELECT NEW.district_code, NEW.direction, coalesce(r.grade, '') AS g, r.decision, count(*)
  FROM renewals r WHERE r.lab_id = NEW.id AND r.status IN ('decided', 'rectifying') AND r.decision IS NOT NULL GROUP BY g, r.decision
  ON CONFLICT (district_code, direction, grade, decision) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `renewal_decision_tallies_lab_delete` BEFORE DELETE ON `labs` FOR EACH ROW BEGIN
INSERT INTO renewal_decision_tallies (district_code, direction, grade, decision, n)
  SELECT OLD.district_code, OLD.direction, coalesce(r.grade, '') AS g, r.decision, -count(*)
  FROM renewals r WHERE r.lab_id = OLD.id AND r.status IN ('decided', 'rectifying') AND r.decision IS NOT NULL GROUP BY g, r.decision
  ON CONFLICT (district_code, direction, grade, decision) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
INSERT INTO renewal_decision_tallies (district_code, direction, grade, decision, n)
  SELECT l.district_code, l.direction, coalesce(r.grade, '') AS g, r.decision, count(*)
  FROM renewals r JOIN labs l ON l.id = r.lab_id WHERE r.status IN ('decided', 'rectifying') AND r.decision IS NOT NULL
  GROUP BY l.district_code, l.direction, g, r.decision;
--> statement-breakpoint
-- the copies plan_fulfilments keeps for its one-table read (db/schema/outcomes.ts planFulfilments)
CREATE TRIGGER `plan_fulfilments_lab` AFTER UPDATE OF name, district_code, direction ON `labs` FOR EACH ROW BEGIN
UPDATE plan_fulfilments SET lab_name = NEW.name, district_code = NEW.district_code, direction = NEW.direction WHERE lab_id = NEW.id;
END;
--> statement-breakpoint
CREATE TRIGGER `plan_fulfilments_period` AFTER UPDATE OF start_date, end_date ON `validity_periods` FOR EACH ROW BEGIN
UPDATE plan_fulfilments SET start_date = NEW.start_date, end_date = NEW.end_date WHERE period_id = NEW.id;
END;

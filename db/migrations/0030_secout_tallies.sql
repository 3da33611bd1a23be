CREATE TABLE `incident_month_tallies` (
	`month` text NOT NULL,
	`grade` text NOT NULL,
	`district_code` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`month`, `grade`, `district_code`)
);
--> statement-breakpoint
CREATE TABLE `outcome_marginals` (
	`district_code` text NOT NULL,
	`dimension` text NOT NULL,
	`key` text NOT NULL,
	`n` integer NOT NULL,
	`transfers` integer NOT NULL,
	`value_yuan` integer NOT NULL,
	PRIMARY KEY(`dimension`, `district_code`, `key`)
);
--> statement-breakpoint
-- incidents per month of discovery, grade and district (db/schema/security.ts incidentMonthTallies): an incident adds
-- itself under its lab's district, an update takes the old one off and adds the new one, a lab that moves takes its
-- incidents along, a deleted lab takes them away before they go with it (ON DELETE CASCADE)
CREATE TRIGGER `incident_month_tallies_insert` AFTER INSERT ON `incidents` FOR EACH ROW BEGIN
INSERT INTO incident_month_tallies (month, grade, district_code, n)
  SELECT strftime('%Y-%m', NEW.discovered_at, '+8 hours'), NEW.grade, l.district_code, 1 FROM labs l WHERE l.id = NEW.lab_id
  ON CONFLICT (month, grade, district_code) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `incident_month_tallies_delete` AFTER DELETE ON `incidents` FOR EACH ROW BEGIN
INSERT INTO incident_month_tallies (month, grade, district_code, n)
  SELECT strftime('%Y-%m', OLD.discovered_at, '+8 hours'), OLD.grade, l.district_code, -1 FROM labs l WHERE l.id = OLD.lab_id
  ON CONFLICT (month, grade, district_code) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `incident_month_tallies_update` AFTER UPDATE OF lab_id, grade, discovered_at ON `incidents` FOR EACH ROW BEGIN
INSERT INTO incident_month_tallies (month, grade, district_code, n)
  SELECT strftime('%Y-%m', OLD.discovered_at, '+8 hours'), OLD.grade, l.district_code, -1 FROM labs l WHERE l.id = OLD.lab_id
  ON CONFLICT (month, grade, district_code) DO UPDATE SET n = n + excluded.n;
INSERT INTO incident_month_tallies (month, grade, district_code, n)
  SELECT strftime('%Y-%m', NEW.discovered_at, '+8 hours'), NEW.grade, l.district_code, 1 FROM labs l WHERE l.id = NEW.lab_id
  ON CONFLICT (month, grade, district_code) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `incident_month_tallies_lab_move` AFTER UPDATE OF district_code ON `labs` FOR EACH ROW
  WHEN OLD.district_code IS NOT NEW.district_code BEGIN
INSERT INTO incident_month_tallies (month, grade, district_code, n)
  SELECT strftime('%Y-%m', i.discovered_at, '+8 hours') AS m, i.grade, OLD.district_code, -count(*) FROM incidents i WHERE i.lab_id = NEW.id GROUP BY m, i.grade
  ON CONFLICT (month, grade, district_code) DO UPDATE SET n = n + excluded.n;
INSERT INTO incident_month_tallies (month, grade, district_code, n)
  SELECT strftime('%Y-%m', i.discovered_at, '+8 hours') AS m, i.grade, NEW.district_code, count(*) FROM incidents i WHERE i.lab_id = NEW.id GROUP BY m, i.grade
  ON CONFLICT (month, grade, district_code) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `incident_month_tallies_lab_delete` BEFORE DELETE ON `labs` FOR EACH ROW BEGIN
INSERT INTO incident_month_tallies (month, grade, district_code, n)
  SELECT strftime('%Y-%m', i.discovered_at, '+8 hours') AS m, i.grade, OLD.district_code, -count(*) FROM incidents i WHERE i.lab_id = OLD.id GROUP BY m, i.grade
  ON CONFLICT (month, grade, district_code) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
INSERT INTO incident_month_tallies (month, grade, district_code, n)
  SELECT strftime('%Y-%m', i.discovered_at, '+8 hours') AS m, i.grade, l.district_code, count(*) FROM incidents i JOIN labs l ON l.id = i.lab_id GROUP BY m, i.grade, l.district_code;
--> statement-breakpoint
-- the tallies summed per district over all but one dimension (db/schema/outcomes.ts outcomeMarginals), kept from
-- outcome_tallies itself: whatever changes a tally row (an outcome, a deliverable, a lab that moves) changes these
CREATE TRIGGER `outcome_marginals_tally_insert` AFTER INSERT ON `outcome_tallies` FOR EACH ROW BEGIN
INSERT INTO outcome_marginals (district_code, dimension, key, n, transfers, value_yuan)
  SELECT NEW.district_code, m.dimension, m.key, NEW.n, NEW.transfers, NEW.value_yuan FROM (
    SELECT 'source' AS dimension, NEW.source AS key
    UNION ALL SELECT 'verification', NEW.verification
    UNION ALL SELECT 'kind', NEW.kind
    UNION ALL SELECT 'direction', CAST(NEW.direction AS TEXT)
    UNION ALL SELECT 'year', CAST(NEW.year AS TEXT)
    UNION ALL SELECT 'form', 'scenario' WHERE (NEW.forms & 1) <> 0
    UNION ALL SELECT 'form', 'algorithm' WHERE (NEW.forms & 2) <> 0
    UNION ALL SELECT 'form', 'data' WHERE (NEW.forms & 4) <> 0
    UNION ALL SELECT 'form', 'product' WHERE (NEW.forms & 8) <> 0
  ) m WHERE 1
  ON CONFLICT (dimension, district_code, key) DO UPDATE SET n = n + excluded.n, transfers = transfers + excluded.transfers, value_yuan = value_yuan + excluded.value_yuan;
END;
--> statement-breakpoint
CREATE TRIGGER `outcome_marginals_tally_update` AFTER UPDATE ON `outcome_tallies` FOR EACH ROW BEGIN
INSERT INTO outcome_marginals (district_code, dimension, key, n, transfers, value_yuan)
  SELECT OLD.district_code, m.dimension, m.key, -OLD.n, -OLD.transfers, -OLD.value_yuan FROM (
    SELECT 'source' AS dimension, OLD.source AS key
    UNION ALL SELECT 'verification', OLD.verification
    UNION ALL SELECT 'kind', OLD.kind
    UNION ALL SELECT 'direction', CAST(OLD.direction AS TEXT)
    UNION ALL SELECT 'year', CAST(OLD.year AS TEXT)
    UNION ALL SELECT 'form', 'scenario' WHERE (OLD.forms & 1) <> 0
    UNION ALL SELECT 'form', 'algorithm' WHERE (OLD.forms & 2) <> 0
    UNION ALL SELECT 'form', 'data' WHERE (OLD.forms & 4) <> 0
    UNION ALL SELECT 'form', 'product' WHERE (OLD.forms & 8) <> 0
  ) m WHERE 1
  ON CONFLICT (dimension, district_code, key) DO UPDATE SET n = n + excluded.n, transfers = transfers + excluded.transfers, value_yuan = value_yuan + excluded.value_yuan;
INSERT INTO outcome_marginals (district_code, dimension, key, n, transfers, value_yuan)
  SELECT NEW.district_code, m.dimension, m.key, NEW.n, NEW.transfers, NEW.value_yuan FROM (
    SELECT 'source' AS dimension, NEW.source AS key
    UNION ALL SELECT 'verification', NEW.verification
    UNION ALL SELECT 'kind', NEW.kind
    UNION ALL SELECT 'direction', CAST(NEW.direction AS TEXT)
    UNION ALL SELECT 'year', CAST(NEW.year AS TEXT)
    UNION ALL SELECT 'form', 'scenario' WHERE (NEW.forms & 1) <> 0
    UNION ALL SELECT 'form', 'algorithm' WHERE (NEW.forms & 2) <> 0
    UNION ALL SELECT 'form', 'data' WHERE (NEW.forms & 4) <> 0
    UNION ALL SELECT 'form', 'product' WHERE (NEW.forms & 8) <> 0
  ) m WHERE 1
  ON CONFLICT (dimension, district_code, key) DO UPDATE SET n = n + excluded.n, transfers = transfers + excluded.transfers, value_yuan = value_yuan + excluded.value_yuan;
END;
--> statement-breakpoint
CREATE TRIGGER `outcome_marginals_tally_delete` AFTER DELETE ON `outcome_tallies` FOR EACH ROW BEGIN
INSERT INTO outcome_marginals (district_code, dimension, key, n, transfers, value_yuan)
  SELECT OLD.district_code, m.dimension, m.key, -OLD.n, -OLD.transfers, -OLD.value_yuan FROM (
    SELECT 'source' AS dimension, OLD.source AS key
    UNION ALL SELECT 'verification', OLD.verification
    UNION ALL SELECT 'kind', OLD.kind
    UNION ALL SELECT 'direction', CAST(OLD.direction AS TEXT)
    UNION ALL SELECT 'year', CAST(OLD.year AS TEXT)
    UNION ALL SELECT 'form', 'scenario' WHERE (OLD.forms & 1) <> 0
    UNION ALL SELECT 'form', 'algorithm' WHERE (OLD.forms & 2) <> 0
    UNION ALL SELECT 'form', 'data' WHERE (OLD.forms & 4) <> 0
    UNION ALL SELECT 'form', 'product' WHERE (OLD.forms & 8) <> 0
  ) m WHERE 1
  ON CONFLICT (dimension, district_code, key) DO UPDATE SET n = n + excluded.n, transfers = transfers + excluded.transfers, value_yuan = value_yuan + excluded.value_yuan;
END;
--> statement-breakpoint
INSERT INTO outcome_marginals (district_code, dimension, key, n, transfers, value_yuan)
  SELECT t.district_code, 'source', t.source, sum(t.n), sum(t.transfers), sum(t.value_yuan) FROM outcome_tallies t GROUP BY t.district_code, t.source
UNION ALL SELECT t.district_code, 'verification', t.verification, sum(t.n), sum(t.transfers), sum(t.value_yuan) FROM outcome_tallies t GROUP BY t.district_code, t.verification
UNION ALL SELECT t.district_code, 'kind', t.kind, sum(t.n), sum(t.transfers), sum(t.value_yuan) FROM outcome_tallies t GROUP BY t.district_code, t.kind
UNION ALL SELECT t.district_code, 'direction', CAST(t.direction AS TEXT), sum(t.n), sum(t.transfers), sum(t.value_yuan) FROM outcome_tallies t GROUP BY t.district_code, CAST(t.direction AS TEXT)
UNION ALL SELECT t.district_code, 'year', CAST(t.year AS TEXT), sum(t.n), sum(t.transfers), sum(t.value_yuan) FROM outcome_tallies t GROUP BY t.district_code, CAST(t.year AS TEXT)
UNION ALL SELECT t.district_code, 'form', 'scenario', sum(t.n), sum(t.transfers), sum(t.value_yuan) FROM outcome_tallies t WHERE (t.forms & 1) <> 0 GROUP BY t.district_code
UNION ALL SELECT t.district_code, 'form', 'algorithm', sum(t.n), sum(t.transfers), sum(t.value_yuan) FROM outcome_tallies t WHERE (t.forms & 2) <> 0 GROUP BY t.district_code
UNION ALL SELECT t.district_code, 'form', 'data', sum(t.n), sum(t.transfers), sum(t.value_yuan) FROM outcome_tallies t WHERE (t.forms & 4) <> 0 GROUP BY t.district_code
UNION ALL SELECT t.district_code, 'form', 'product', sum(t.n), sum(t.transfers), sum(t.value_yuan) FROM outcome_tallies t WHERE (t.forms & 8) <> 0 GROUP BY t.district_code;

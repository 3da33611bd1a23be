CREATE TABLE `plan_fulfilment_tallies` (
	`district_code` text NOT NULL,
	`direction` integer NOT NULL,
	`bucket` integer NOT NULL,
	`n` integer NOT NULL,
	`total` integer NOT NULL,
	PRIMARY KEY(`district_code`, `direction`, `bucket`)
);
--> statement-breakpoint
CREATE INDEX `plan_fulfilments_fulfilment_idx` ON `plan_fulfilments` (`fulfilment`,`lab_name`,`lab_id`);--> statement-breakpoint
CREATE INDEX `plan_fulfilments_start_idx` ON `plan_fulfilments` (`start_date`);--> statement-breakpoint
CREATE INDEX `plan_fulfilments_days_idx` ON `plan_fulfilments` (julianday("end_date") - julianday("start_date"));--> statement-breakpoint
CREATE INDEX `plan_fulfilments_pace_idx` ON `plan_fulfilments` ("fulfilment" + (julianday("start_date") - 2458849.5) * 100.0 / (julianday("end_date") - julianday("start_date") + 1));--> statement-breakpoint
-- the fulfilment panel's tenths (db/schema/outcomes.ts planFulfilmentTallies): a stored row adds itself under its
-- district, direction and tenth, a deleted one (a refresh replacing it, its lab deleted) takes itself off, an update
-- (its lab moving district or direction, a new figure) takes the old one off and adds the new one
CREATE TRIGGER `plan_fulfilment_tallies_insert` AFTER INSERT ON `plan_fulfilments` FOR EACH ROW BEGIN
INSERT INTO plan_fulfilment_tallies (district_code, direction, bucket, n, total)
  VALUES (NEW.district_code, NEW.direction, min(10, NEW.fulfilment / 10), 1, NEW.fulfilment)
  ON CONFLICT (district_code, direction, bucket) DO UPDATE SET n = n + excluded.n, total = total + excluded.total;
END;
--> statement-breakpoint
CREATE TRIGGER `plan_fulfilment_tallies_delete` AFTER DELETE ON `plan_fulfilments` FOR EACH ROW BEGIN
INSERT INTO plan_fulfilment_tallies (district_code, direction, bucket, n, total)
  VALUES (OLD.district_code, OLD.direction, min(10, OLD.fulfilment / 10), -1, -OLD.fulfilment)
  ON CONFLICT (district_code, direction, bucket) DO UPDATE SET n = n + excluded.n, total = total + excluded.total;
END;
--> statement-breakpoint
CREATE TRIGGER `plan_fulfilment_tallies_update` AFTER UPDATE OF fulfilment, district_code, direction ON `plan_fulfilments` FOR EACH ROW BEGIN
INSERT INTO plan_fulfilment_tallies (district_code, direction, bucket, n, total)
  VALUES (OLD.district_code, OLD.direction, min(10, OLD.fulfilment / 10), -1, -OLD.fulfilment)
  ON CONFLICT (district_code, direction, bucket) DO UPDATE SET n = n + excluded.n, total = total + excluded.total;
INSERT INTO plan_fulfilment_tallies (district_code, direction, bucket, n, total)
  VALUES (NEW.district_code, NEW.direction, min(10, NEW.fulfilment / 10), 1, NEW.fulfilment)
  ON CONFLICT (district_code, direction, bucket) DO UPDATE SET n = n + excluded.n, total = total + excluded.total;
END;
--> statement-breakpoint
INSERT INTO plan_fulfilment_tallies (district_code, direction, bucket, n, total)
  SELECT district_code, direction, min(10, fulfilment / 10) AS b, count(*), sum(fulfilment) FROM plan_fulfilments
  GROUP BY district_code, direction, b;

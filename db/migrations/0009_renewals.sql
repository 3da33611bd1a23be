CREATE TABLE `renewal_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`renewal_id` integer NOT NULL,
	`lab_id` integer NOT NULL,
	`action` text NOT NULL,
	`from_status` text,
	`to_status` text NOT NULL,
	`comment` text DEFAULT '' NOT NULL,
	`actor_user_id` integer,
	`actor_name` text NOT NULL,
	`at` text NOT NULL,
	FOREIGN KEY (`renewal_id`) REFERENCES `renewals`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`lab_id`) REFERENCES `labs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `renewal_events_renewal_idx` ON `renewal_events` (`renewal_id`,`at`);--> statement-breakpoint
CREATE TABLE `renewals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`lab_id` integer NOT NULL,
	`period_id` integer NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`summary` text DEFAULT '' NOT NULL,
	`self_assessment` text DEFAULT '' NOT NULL,
	`plan_targets` text DEFAULT '' NOT NULL,
	`plan_ip` text DEFAULT '' NOT NULL,
	`plan_funding` text DEFAULT '' NOT NULL,
	`plan_scenarios` text DEFAULT '' NOT NULL,
	`submitted_at` text,
	`decision` text,
	`grade` text,
	`reasons` text DEFAULT '' NOT NULL,
	`decided_on` text,
	`decided_at` text,
	`decided_by` integer,
	`decided_by_name` text,
	`rectification_deadline` text,
	`rectification_requirements` text DEFAULT '' NOT NULL,
	`recheck_decision` text,
	`recheck_reasons` text DEFAULT '' NOT NULL,
	`rechecked_on` text,
	`rechecked_by` integer,
	`new_period_id` integer,
	`created_by` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`lab_id`) REFERENCES `labs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`period_id`) REFERENCES `validity_periods`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`rechecked_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`new_period_id`) REFERENCES `validity_periods`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `renewals_period_uq` ON `renewals` (`period_id`);--> statement-breakpoint
CREATE INDEX `renewals_lab_idx` ON `renewals` (`lab_id`);--> statement-breakpoint
CREATE INDEX `renewals_status_idx` ON `renewals` (`status`);--> statement-breakpoint
CREATE TABLE `review_assignments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`renewal_id` integer NOT NULL,
	`expert_id` integer NOT NULL,
	`status` text DEFAULT 'assigned' NOT NULL,
	`conflict_note` text DEFAULT '' NOT NULL,
	`opinion` text DEFAULT '' NOT NULL,
	`total_score` real,
	`assigned_by` integer,
	`assigned_at` text NOT NULL,
	`submitted_at` text,
	FOREIGN KEY (`renewal_id`) REFERENCES `renewals`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`expert_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assigned_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `review_assignments_renewal_expert_uq` ON `review_assignments` (`renewal_id`,`expert_id`);--> statement-breakpoint
CREATE INDEX `review_assignments_expert_idx` ON `review_assignments` (`expert_id`,`status`);--> statement-breakpoint
CREATE TABLE `review_criteria` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`label_zh` text NOT NULL,
	`label_en` text NOT NULL,
	`weight` integer NOT NULL,
	`position` integer NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` integer,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `review_scores` (
	`assignment_id` integer NOT NULL,
	`criterion_id` integer NOT NULL,
	`score` integer NOT NULL,
	PRIMARY KEY(`assignment_id`, `criterion_id`),
	FOREIGN KEY (`assignment_id`) REFERENCES `review_assignments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`criterion_id`) REFERENCES `review_criteria`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `users` ADD `organisation_id` integer REFERENCES organisations(id);--> statement-breakpoint
-- The default review criteria (issue 8): the guide's expectations of a lab over its two years.
INSERT INTO `review_criteria` (`label_zh`, `label_en`, `weight`, `position`, `active`, `updated_at`, `updated_by`) VALUES
  ('年度成果与目标完成情况', 'Deliverables and targets met', 30, 1, 1, strftime('%Y-%m-%dT%H:%M:%fZ','now'), NULL),
  ('成果转化与应用成效', 'Transfer and impact of outcomes', 20, 2, 1, strftime('%Y-%m-%dT%H:%M:%fZ','now'), NULL),
  ('团队建设与运行管理', 'Team and management', 15, 3, 1, strftime('%Y-%m-%dT%H:%M:%fZ','now'), NULL),
  ('数据安全与合规', 'Data security and compliance', 15, 4, 1, strftime('%Y-%m-%dT%H:%M:%fZ','now'), NULL),
  ('下一期规划的可行性', 'Feasibility of the next two-year plan', 20, 5, 1, strftime('%Y-%m-%dT%H:%M:%fZ','now'), NULL);

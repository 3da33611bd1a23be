ALTER TABLE `round_applications` ADD `lab_id` integer REFERENCES labs(id);--> statement-breakpoint
CREATE INDEX `round_applications_lab_idx` ON `round_applications` (`lab_id`) WHERE "round_applications"."lab_id" IS NOT NULL;--> statement-breakpoint
-- Applications certified before 0046: the certify step wrote, in the transaction that created the
-- lab, the application's own audit row (action 'decide', step 'certify', with the lab's id), so the
-- link is read back from it (through audit_entity_idx), kept only when that lab still exists.
UPDATE `round_applications` SET `lab_id` = (
	SELECT CAST(json_extract(a.`after`, '$.labId') AS integer) FROM `audit_log` a
	WHERE a.`entity_type` = 'round_application' AND a.`entity_id` = CAST(`round_applications`.`id` AS text)
		AND a.`action` = 'decide' AND json_extract(a.`after`, '$.step') = 'certify'
		AND CAST(json_extract(a.`after`, '$.labId') AS integer) IN (SELECT `id` FROM `labs`)
	ORDER BY a.`id` DESC LIMIT 1
) WHERE `status` = 'certified' AND `lab_id` IS NULL;

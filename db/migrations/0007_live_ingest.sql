CREATE TABLE `leases` (
	`name` text PRIMARY KEY NOT NULL,
	`holder` text NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
DROP INDEX `forecast_runs_issued_at_idx`;--> statement-breakpoint
ALTER TABLE `forecast_runs` ADD `fetched_at` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `forecast_runs` ADD `asked_at` integer;--> statement-breakpoint
CREATE INDEX `forecast_runs_fetched_at_idx` ON `forecast_runs` (`fetched_at`);--> statement-breakpoint
-- Runs stored before this release were fetched when they were issued.
UPDATE `forecast_runs` SET `fetched_at` = `issued_at`;
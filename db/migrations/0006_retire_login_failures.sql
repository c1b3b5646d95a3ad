DROP TABLE `login_failures`;--> statement-breakpoint
CREATE INDEX `forecast_runs_issued_at_idx` ON `forecast_runs` (`issued_at`);
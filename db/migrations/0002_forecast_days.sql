CREATE TABLE `forecast_days` (
	`location_id` integer NOT NULL,
	`date` text NOT NULL,
	`temperature_min` real NOT NULL,
	`temperature_max` real NOT NULL,
	`precipitation_sum` real NOT NULL,
	`weather_code` integer NOT NULL,
	`sunrise` integer,
	`sunset` integer,
	PRIMARY KEY(`location_id`, `date`),
	FOREIGN KEY (`location_id`) REFERENCES `forecast_runs`(`location_id`) ON UPDATE no action ON DELETE cascade
);

CREATE TABLE `forecast_hours` (
	`location_id` integer NOT NULL,
	`time` integer NOT NULL,
	`temperature` real NOT NULL,
	`apparent_temperature` real NOT NULL,
	`relative_humidity` integer NOT NULL,
	`precipitation` real NOT NULL,
	`precipitation_probability` integer NOT NULL,
	`wind_speed` real NOT NULL,
	`wind_direction` integer NOT NULL,
	`weather_code` integer NOT NULL,
	PRIMARY KEY(`location_id`, `time`),
	FOREIGN KEY (`location_id`) REFERENCES `forecast_runs`(`location_id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `forecast_runs` (
	`location_id` integer PRIMARY KEY NOT NULL,
	`provider` text NOT NULL,
	`model` text NOT NULL,
	`issued_at` integer NOT NULL,
	FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `locations` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`search_name` text NOT NULL,
	`country_code` text NOT NULL,
	`latitude` real NOT NULL,
	`longitude` real NOT NULL,
	`timezone` text NOT NULL,
	`population` integer NOT NULL,
	`elevation_m` integer
);
--> statement-breakpoint
CREATE INDEX `locations_population_idx` ON `locations` (`population`);--> statement-breakpoint
CREATE INDEX `locations_country_population_idx` ON `locations` (`country_code`,`population`);--> statement-breakpoint
CREATE INDEX `locations_search_name_idx` ON `locations` (`search_name`,`population`);--> statement-breakpoint
CREATE INDEX `locations_lat_lon_idx` ON `locations` (`latitude`,`longitude`);
CREATE TABLE `location_names` (
	`key` text NOT NULL,
	`location_id` integer NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	PRIMARY KEY(`key`, `location_id`),
	FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `location_names_location_key_idx` ON `location_names` (`location_id`,`key`);--> statement-breakpoint
ALTER TABLE `locations` ADD `admin1_code` text;--> statement-breakpoint
ALTER TABLE `locations` ADD `feature_code` text DEFAULT 'PPL' NOT NULL;--> statement-breakpoint
ALTER TABLE `locations` ADD `search_rank` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `locations_search_rank_idx` ON `locations` (`search_rank`);--> statement-breakpoint
CREATE INDEX `locations_country_search_rank_idx` ON `locations` (`country_code`,`search_rank`);
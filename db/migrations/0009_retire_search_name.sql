DROP INDEX `locations_search_name_idx`;--> statement-breakpoint
ALTER TABLE `locations` DROP COLUMN `search_name`;
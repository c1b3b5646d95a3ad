-- The triggers of 0004 name `accounts`, which this migration rebuilds: SQLite refuses to rename
-- the new table while a trigger names the dropped one, so they go first and come back at the end.
DROP TRIGGER `favorites_insert_version`;--> statement-breakpoint
DROP TRIGGER `favorites_update_version`;--> statement-breakpoint
DROP TRIGGER `favorites_delete_version`;--> statement-breakpoint
CREATE TABLE `rate_limit_events` (
	`id` integer PRIMARY KEY NOT NULL,
	`key` text NOT NULL,
	`at` integer NOT NULL,
	`weight` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `rate_limit_events_key_at_idx` ON `rate_limit_events` (`key`,`at`);--> statement-breakpoint
CREATE INDEX `rate_limit_events_at_idx` ON `rate_limit_events` (`at`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_accounts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`password_hash` text NOT NULL,
	`display_name` text,
	`temperature_unit` text DEFAULT 'CELSIUS' NOT NULL,
	`wind_speed_unit` text DEFAULT 'KMH' NOT NULL,
	`precipitation_unit` text DEFAULT 'MM' NOT NULL,
	`created_at` integer NOT NULL,
	`version` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
INSERT INTO `__new_accounts`("id", "email", "password_hash", "display_name", "temperature_unit", "wind_speed_unit", "precipitation_unit", "created_at", "version") SELECT "id", "email", "password_hash", "display_name", "temperature_unit", "wind_speed_unit", "precipitation_unit", "created_at", "version" FROM `accounts`;--> statement-breakpoint
DROP TABLE `accounts`;--> statement-breakpoint
ALTER TABLE `__new_accounts` RENAME TO `accounts`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `accounts_email_unique` ON `accounts` (`email`);--> statement-breakpoint
CREATE TABLE `__new_favorites` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` integer NOT NULL,
	`location_id` integer NOT NULL,
	`label` text,
	`position` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_favorites`("id", "account_id", "location_id", "label", "position", "created_at") SELECT "id", "account_id", "location_id", "label", "position", "created_at" FROM `favorites`;--> statement-breakpoint
DROP TABLE `favorites`;--> statement-breakpoint
ALTER TABLE `__new_favorites` RENAME TO `favorites`;--> statement-breakpoint
CREATE UNIQUE INDEX `favorites_account_location_idx` ON `favorites` (`account_id`,`location_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `favorites_account_position_idx` ON `favorites` (`account_id`,`position`);--> statement-breakpoint
CREATE INDEX `sessions_expires_at_idx` ON `sessions` (`expires_at`);--> statement-breakpoint
-- The triggers of 0004_account_version_triggers.sql again, on the rebuilt tables: every change
-- to favorites still raises the account's version.
CREATE TRIGGER `favorites_insert_version` AFTER INSERT ON `favorites` BEGIN
  UPDATE `accounts` SET `version` = `version` + 1 WHERE `id` = NEW.`account_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `favorites_update_version` AFTER UPDATE ON `favorites` BEGIN
  UPDATE `accounts` SET `version` = `version` + 1 WHERE `id` = NEW.`account_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `favorites_delete_version` AFTER DELETE ON `favorites` BEGIN
  UPDATE `accounts` SET `version` = `version` + 1 WHERE `id` = OLD.`account_id`;
END;

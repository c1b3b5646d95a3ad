-- Any change to an account's favorites raises the account's version (see accounts.version in
-- db/schema.ts): whatever writes them, a cached answer for the account cannot outlive it.
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

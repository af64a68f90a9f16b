-- +goose Up
-- create "notifications" table
CREATE TABLE `notifications` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `recipient_id` integer NULL, `recipient_role` text NULL, `kind` text NOT NULL, `entity_type` text NOT NULL, `entity_id` integer NOT NULL, `title` text NULL, `outcome` text NULL, `reason` text NULL, `note` text NULL, `appeal_open` bool NULL, `actor` text NOT NULL, `created_at` datetime NOT NULL);
-- set sequence for "notifications" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("notifications", 68719476736);
-- create index "notification_recipient_id" to table: "notifications"
CREATE INDEX `notification_recipient_id` ON `notifications` (`recipient_id`);
-- create index "notification_recipient_role" to table: "notifications"
CREATE INDEX `notification_recipient_role` ON `notifications` (`recipient_role`);
-- create index "notification_created_at" to table: "notifications"
CREATE INDEX `notification_created_at` ON `notifications` (`created_at`);
-- create "notification_reads" table
CREATE TABLE `notification_reads` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `account_id` integer NOT NULL, `read_at` datetime NOT NULL, `notification_id` integer NOT NULL, CONSTRAINT `notification_reads_notifications_reads` FOREIGN KEY (`notification_id`) REFERENCES `notifications` (`id`) ON DELETE CASCADE);
-- set sequence for "notification_reads" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("notification_reads", 73014444032);
-- create index "notificationread_notification_id_account_id" to table: "notification_reads"
CREATE UNIQUE INDEX `notificationread_notification_id_account_id` ON `notification_reads` (`notification_id`, `account_id`);
-- create "report_receipts" table
CREATE TABLE `report_receipts` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `token_hash` text NOT NULL, `report_id` integer NOT NULL, `created_at` datetime NOT NULL);
-- set sequence for "report_receipts" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("report_receipts", 77309411328);
-- create index "report_receipts_token_hash_key" to table: "report_receipts"
CREATE UNIQUE INDEX `report_receipts_token_hash_key` ON `report_receipts` (`token_hash`);
-- create index "reportreceipt_report_id" to table: "report_receipts"
CREATE INDEX `reportreceipt_report_id` ON `report_receipts` (`report_id`);

-- +goose Down
-- reverse: create index "reportreceipt_report_id" to table: "report_receipts"
DROP INDEX `reportreceipt_report_id`;
-- reverse: create index "report_receipts_token_hash_key" to table: "report_receipts"
DROP INDEX `report_receipts_token_hash_key`;
-- reverse: set sequence for "report_receipts" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "report_receipts";
-- reverse: create "report_receipts" table
DROP TABLE `report_receipts`;
-- reverse: create index "notificationread_notification_id_account_id" to table: "notification_reads"
DROP INDEX `notificationread_notification_id_account_id`;
-- reverse: set sequence for "notification_reads" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "notification_reads";
-- reverse: create "notification_reads" table
DROP TABLE `notification_reads`;
-- reverse: create index "notification_created_at" to table: "notifications"
DROP INDEX `notification_created_at`;
-- reverse: create index "notification_recipient_role" to table: "notifications"
DROP INDEX `notification_recipient_role`;
-- reverse: create index "notification_recipient_id" to table: "notifications"
DROP INDEX `notification_recipient_id`;
-- reverse: set sequence for "notifications" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "notifications";
-- reverse: create "notifications" table
DROP TABLE `notifications`;

-- +goose Up
-- create "webhook_deliveries" table
CREATE TABLE `webhook_deliveries` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `message_id` text NOT NULL, `event_type` text NOT NULL, `audit_event_id` integer NOT NULL, `payload` text NOT NULL, `status` text NOT NULL DEFAULT ('PENDING'), `attempts` integer NOT NULL DEFAULT (0), `next_attempt_at` datetime NOT NULL, `last_status_code` integer NULL, `last_error` text NULL, `last_attempt_at` datetime NULL, `give_up_at` datetime NOT NULL, `delivered_at` datetime NULL, `created_at` datetime NOT NULL, `endpoint_id` integer NOT NULL, CONSTRAINT `webhook_deliveries_webhook_endpoints_deliveries` FOREIGN KEY (`endpoint_id`) REFERENCES `webhook_endpoints` (`id`) ON DELETE NO ACTION);
-- set sequence for "webhook_deliveries" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("webhook_deliveries", 81604378624);
-- create index "webhookdelivery_status_next_attempt_at" to table: "webhook_deliveries"
CREATE INDEX `webhookdelivery_status_next_attempt_at` ON `webhook_deliveries` (`status`, `next_attempt_at`);
-- create index "webhookdelivery_endpoint_id_created_at" to table: "webhook_deliveries"
CREATE INDEX `webhookdelivery_endpoint_id_created_at` ON `webhook_deliveries` (`endpoint_id`, `created_at`);
-- create index "webhookdelivery_audit_event_id_endpoint_id" to table: "webhook_deliveries"
CREATE UNIQUE INDEX `webhookdelivery_audit_event_id_endpoint_id` ON `webhook_deliveries` (`audit_event_id`, `endpoint_id`);
-- create "webhook_endpoints" table
CREATE TABLE `webhook_endpoints` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `url` text NOT NULL, `event_types` json NOT NULL, `secret` text NOT NULL, `enabled` bool NOT NULL DEFAULT (true), `created_by` text NOT NULL, `failing_since` datetime NULL, `disabled_reason` text NULL);
-- set sequence for "webhook_endpoints" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("webhook_endpoints", 85899345920);

-- +goose Down
-- reverse: set sequence for "webhook_endpoints" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "webhook_endpoints";
-- reverse: create "webhook_endpoints" table
DROP TABLE `webhook_endpoints`;
-- reverse: create index "webhookdelivery_audit_event_id_endpoint_id" to table: "webhook_deliveries"
DROP INDEX `webhookdelivery_audit_event_id_endpoint_id`;
-- reverse: create index "webhookdelivery_endpoint_id_created_at" to table: "webhook_deliveries"
DROP INDEX `webhookdelivery_endpoint_id_created_at`;
-- reverse: create index "webhookdelivery_status_next_attempt_at" to table: "webhook_deliveries"
DROP INDEX `webhookdelivery_status_next_attempt_at`;
-- reverse: set sequence for "webhook_deliveries" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "webhook_deliveries";
-- reverse: create "webhook_deliveries" table
DROP TABLE `webhook_deliveries`;

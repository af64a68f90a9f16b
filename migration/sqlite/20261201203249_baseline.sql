-- +goose Up
-- create "accounts" table
CREATE TABLE `accounts` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `subject` text NOT NULL, `display_name` text NULL);
-- create index "accounts_subject_key" to table: "accounts"
CREATE UNIQUE INDEX `accounts_subject_key` ON `accounts` (`subject`);
-- create "ad_credit_grants" table
CREATE TABLE `ad_credit_grants` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `amount_cents` integer NOT NULL, `note` text NULL, `status` text NOT NULL DEFAULT ('PROPOSED'), `proposed_by` text NOT NULL, `approved_by` text NULL, `approved_at` datetime NULL, `revoked_by` text NULL, `revoke_reason` text NULL, `campaign_id` integer NOT NULL, `organization_id` integer NOT NULL, CONSTRAINT `ad_credit_grants_campaigns_grants` FOREIGN KEY (`campaign_id`) REFERENCES `campaigns` (`id`) ON DELETE NO ACTION, CONSTRAINT `ad_credit_grants_organizations_grants` FOREIGN KEY (`organization_id`) REFERENCES `organizations` (`id`) ON DELETE NO ACTION);
-- set sequence for "ad_credit_grants" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("ad_credit_grants", 4294967296);
-- create index "adcreditgrant_campaign_id_status" to table: "ad_credit_grants"
CREATE INDEX `adcreditgrant_campaign_id_status` ON `ad_credit_grants` (`campaign_id`, `status`);
-- create index "adcreditgrant_organization_id" to table: "ad_credit_grants"
CREATE INDEX `adcreditgrant_organization_id` ON `ad_credit_grants` (`organization_id`);
-- create "audit_events" table
CREATE TABLE `audit_events` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `seq` integer NOT NULL, `at` datetime NOT NULL, `actor` text NOT NULL, `actor_roles` json NOT NULL, `action` text NOT NULL, `entity_type` text NOT NULL, `entity_id` integer NOT NULL, `from_status` text NULL, `to_status` text NULL, `reason` text NULL, `note` text NULL, `prev_hash` text NOT NULL, `hash` text NOT NULL);
-- set sequence for "audit_events" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("audit_events", 8589934592);
-- create index "audit_events_seq_key" to table: "audit_events"
CREATE UNIQUE INDEX `audit_events_seq_key` ON `audit_events` (`seq`);
-- create index "auditevent_entity_id_seq" to table: "audit_events"
CREATE INDEX `auditevent_entity_id_seq` ON `audit_events` (`entity_id`, `seq`);
-- create "campaigns" table
CREATE TABLE `campaigns` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `slug` text NOT NULL, `name` text NOT NULL, `hashtag` text NOT NULL, `description` text NULL, `starts_at` datetime NOT NULL, `ends_at` datetime NOT NULL, `budget_cents` integer NOT NULL DEFAULT (0));
-- set sequence for "campaigns" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("campaigns", 12884901888);
-- create index "campaigns_slug_key" to table: "campaigns"
CREATE UNIQUE INDEX `campaigns_slug_key` ON `campaigns` (`slug`);
-- create "contents" table
CREATE TABLE `contents` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `kind` text NOT NULL, `title` text NOT NULL, `summary` text NOT NULL, `body` text NULL, `media_url` text NULL, `thumbnail_url` text NULL, `duration_seconds` integer NULL, `language` text NOT NULL DEFAULT ('en'), `hashtags` json NOT NULL, `status` text NOT NULL DEFAULT ('LIVE'), `content_warning` text NOT NULL DEFAULT ('NONE'), `clinically_reviewed` bool NOT NULL DEFAULT (false), `published_at` datetime NOT NULL, `removal_reason` text NULL, `removal_note` text NULL, `creator_id` integer NULL, `organization_id` integer NULL, CONSTRAINT `contents_creators_contents` FOREIGN KEY (`creator_id`) REFERENCES `creators` (`id`) ON DELETE SET NULL, CONSTRAINT `contents_organizations_contents` FOREIGN KEY (`organization_id`) REFERENCES `organizations` (`id`) ON DELETE SET NULL);
-- set sequence for "contents" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("contents", 17179869184);
-- create index "content_status_published_at" to table: "contents"
CREATE INDEX `content_status_published_at` ON `contents` (`status`, `published_at`);
-- create index "content_creator_id_status_published_at" to table: "contents"
CREATE INDEX `content_creator_id_status_published_at` ON `contents` (`creator_id`, `status`, `published_at`);
-- create index "content_organization_id_status_published_at" to table: "contents"
CREATE INDEX `content_organization_id_status_published_at` ON `contents` (`organization_id`, `status`, `published_at`);
-- create index "content_kind_status_published_at" to table: "contents"
CREATE INDEX `content_kind_status_published_at` ON `contents` (`kind`, `status`, `published_at`);
-- create index "content_language_status_published_at" to table: "contents"
CREATE INDEX `content_language_status_published_at` ON `contents` (`language`, `status`, `published_at`);
-- create index "content_status_title" to table: "contents"
CREATE INDEX `content_status_title` ON `contents` (`status`, `title`);
-- create index "content_status_created_at" to table: "contents"
CREATE INDEX `content_status_created_at` ON `contents` (`status`, `created_at`);
-- create "creators" table
CREATE TABLE `creators` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `handle` text NOT NULL, `display_name` text NOT NULL, `bio` text NULL, `avatar_url` text NULL, `verified_until` datetime NULL, `owner_id` integer NOT NULL, CONSTRAINT `creators_accounts_creator` FOREIGN KEY (`owner_id`) REFERENCES `accounts` (`id`) ON DELETE NO ACTION);
-- set sequence for "creators" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("creators", 21474836480);
-- create index "creators_handle_key" to table: "creators"
CREATE UNIQUE INDEX `creators_handle_key` ON `creators` (`handle`);
-- create index "creators_owner_id_key" to table: "creators"
CREATE UNIQUE INDEX `creators_owner_id_key` ON `creators` (`owner_id`);
-- create index "creator_display_name" to table: "creators"
CREATE INDEX `creator_display_name` ON `creators` (`display_name`);
-- create "credentials" table
CREATE TABLE `credentials` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `kind` text NOT NULL, `jurisdiction` text NOT NULL, `license_number` text NOT NULL, `expires_at` datetime NOT NULL, `status` text NOT NULL DEFAULT ('PENDING'), `review_note` text NULL, `reviewed_by` text NULL, `reviewed_at` datetime NULL, `creator_id` integer NOT NULL, CONSTRAINT `credentials_creators_credentials` FOREIGN KEY (`creator_id`) REFERENCES `creators` (`id`) ON DELETE NO ACTION);
-- set sequence for "credentials" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("credentials", 25769803776);
-- create index "credential_creator_id_status" to table: "credentials"
CREATE INDEX `credential_creator_id_status` ON `credentials` (`creator_id`, `status`);
-- create "crisis_resources" table
CREATE TABLE `crisis_resources` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `key` text NOT NULL, `name` text NOT NULL, `kind` text NOT NULL, `contact` text NOT NULL, `url` text NULL, `regions` json NOT NULL, `languages` json NOT NULL, `concerns` json NOT NULL, `hours` text NOT NULL DEFAULT ('24/7'), `priority` integer NOT NULL DEFAULT (0), `organization_id` integer NULL, CONSTRAINT `crisis_resources_organizations_crisis_resources` FOREIGN KEY (`organization_id`) REFERENCES `organizations` (`id`) ON DELETE SET NULL);
-- set sequence for "crisis_resources" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("crisis_resources", 30064771072);
-- create index "crisis_resources_key_key" to table: "crisis_resources"
CREATE UNIQUE INDEX `crisis_resources_key_key` ON `crisis_resources` (`key`);
-- create "events" table
CREATE TABLE `events` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `kind` text NOT NULL, `audience` text NOT NULL DEFAULT ('PUBLIC'), `title` text NOT NULL, `description` text NULL, `starts_at` datetime NOT NULL, `ends_at` datetime NOT NULL, `capacity` integer NULL, `registered_count` integer NOT NULL DEFAULT (0), `campaign_id` integer NULL, `host_organization_id` integer NULL, CONSTRAINT `events_campaigns_events` FOREIGN KEY (`campaign_id`) REFERENCES `campaigns` (`id`) ON DELETE SET NULL, CONSTRAINT `events_organizations_hosted_events` FOREIGN KEY (`host_organization_id`) REFERENCES `organizations` (`id`) ON DELETE SET NULL);
-- set sequence for "events" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("events", 34359738368);
-- create index "event_campaign_id_starts_at" to table: "events"
CREATE INDEX `event_campaign_id_starts_at` ON `events` (`campaign_id`, `starts_at`);
-- create index "event_starts_at" to table: "events"
CREATE INDEX `event_starts_at` ON `events` (`starts_at`);
-- create "features" table
CREATE TABLE `features` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `kind` text NOT NULL, `position` integer NOT NULL DEFAULT (0), `starts_at` datetime NULL, `ends_at` datetime NULL, `created_by` text NULL, `campaign_id` integer NOT NULL, `content_id` integer NULL, `creator_id` integer NULL, `organization_id` integer NULL, CONSTRAINT `features_campaigns_features` FOREIGN KEY (`campaign_id`) REFERENCES `campaigns` (`id`) ON DELETE NO ACTION, CONSTRAINT `features_contents_features` FOREIGN KEY (`content_id`) REFERENCES `contents` (`id`) ON DELETE SET NULL, CONSTRAINT `features_creators_features` FOREIGN KEY (`creator_id`) REFERENCES `creators` (`id`) ON DELETE SET NULL, CONSTRAINT `features_organizations_features` FOREIGN KEY (`organization_id`) REFERENCES `organizations` (`id`) ON DELETE SET NULL);
-- set sequence for "features" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("features", 38654705664);
-- create index "feature_campaign_id_kind_position" to table: "features"
CREATE INDEX `feature_campaign_id_kind_position` ON `features` (`campaign_id`, `kind`, `position`);
-- create "hashtags" table
CREATE TABLE `hashtags` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `name` text NOT NULL);
-- set sequence for "hashtags" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("hashtags", 42949672960);
-- create index "hashtags_name_key" to table: "hashtags"
CREATE UNIQUE INDEX `hashtags_name_key` ON `hashtags` (`name`);
-- create "organizations" table
CREATE TABLE `organizations` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `slug` text NOT NULL, `name` text NOT NULL, `description` text NULL, `website_url` text NULL, `kind` text NOT NULL DEFAULT ('NONPROFIT'), `verified` bool NOT NULL DEFAULT (false), `regions` json NULL);
-- set sequence for "organizations" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("organizations", 47244640256);
-- create index "organizations_slug_key" to table: "organizations"
CREATE UNIQUE INDEX `organizations_slug_key` ON `organizations` (`slug`);
-- create index "organization_name" to table: "organizations"
CREATE INDEX `organization_name` ON `organizations` (`name`);
-- create "registrations" table
CREATE TABLE `registrations` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `account_id` integer NOT NULL, `event_id` integer NOT NULL, CONSTRAINT `registrations_accounts_registrations` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE NO ACTION, CONSTRAINT `registrations_events_registrations` FOREIGN KEY (`event_id`) REFERENCES `events` (`id`) ON DELETE NO ACTION);
-- set sequence for "registrations" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("registrations", 51539607552);
-- create index "registration_event_id_account_id" to table: "registrations"
CREATE UNIQUE INDEX `registration_event_id_account_id` ON `registrations` (`event_id`, `account_id`);
-- create "reports" table
CREATE TABLE `reports` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `reason` text NOT NULL, `details` text NULL, `status` text NOT NULL DEFAULT ('OPEN'), `priority` integer NOT NULL DEFAULT (0), `queue_key` text NOT NULL DEFAULT (''), `reporter` text NULL, `resolved_by` text NULL, `resolved_at` datetime NULL, `resolution_note` text NULL, `content_id` integer NOT NULL, CONSTRAINT `reports_contents_reports` FOREIGN KEY (`content_id`) REFERENCES `contents` (`id`) ON DELETE NO ACTION);
-- set sequence for "reports" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("reports", 55834574848);
-- create index "report_status_queue_key" to table: "reports"
CREATE INDEX `report_status_queue_key` ON `reports` (`status`, `queue_key`);
-- create index "report_queue_key" to table: "reports"
CREATE INDEX `report_queue_key` ON `reports` (`queue_key`);
-- create index "report_content_id_status" to table: "reports"
CREATE INDEX `report_content_id_status` ON `reports` (`content_id`, `status`);
-- create index "report_reporter_created_at" to table: "reports"
CREATE INDEX `report_reporter_created_at` ON `reports` (`reporter`, `created_at`);
-- create "submissions" table
CREATE TABLE `submissions` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `kind` text NOT NULL, `title` text NOT NULL, `summary` text NOT NULL, `body` text NULL, `media_url` text NULL, `thumbnail_url` text NULL, `duration_seconds` integer NULL, `language` text NOT NULL DEFAULT ('en'), `hashtags` json NOT NULL, `status` text NOT NULL DEFAULT ('DRAFT'), `version` integer NOT NULL DEFAULT (1), `sensitive` bool NOT NULL DEFAULT (false), `submitted_at` datetime NULL, `claimed_by` text NULL, `claim_expires_at` datetime NULL, `decision_reason` text NULL, `decision_note` text NULL, `decided_by` text NULL, `approved_by` text NULL, `rejected_by` text NULL, `checks` json NULL, `appealed` bool NOT NULL DEFAULT (false), `appeal_note` text NULL, `publish_at` datetime NULL, `published_by` text NULL, `published_at` datetime NULL, `reported` bool NOT NULL DEFAULT (false), `queue_key` text NOT NULL DEFAULT (''), `author_id` integer NOT NULL, `creator_id` integer NULL, `organization_id` integer NULL, `content_id` integer NULL, CONSTRAINT `submissions_accounts_submissions` FOREIGN KEY (`author_id`) REFERENCES `accounts` (`id`) ON DELETE NO ACTION, CONSTRAINT `submissions_creators_submissions` FOREIGN KEY (`creator_id`) REFERENCES `creators` (`id`) ON DELETE SET NULL, CONSTRAINT `submissions_organizations_submissions` FOREIGN KEY (`organization_id`) REFERENCES `organizations` (`id`) ON DELETE SET NULL, CONSTRAINT `submissions_contents_content` FOREIGN KEY (`content_id`) REFERENCES `contents` (`id`) ON DELETE SET NULL);
-- set sequence for "submissions" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("submissions", 60129542144);
-- create index "submission_status_submitted_at" to table: "submissions"
CREATE INDEX `submission_status_submitted_at` ON `submissions` (`status`, `submitted_at`);
-- create index "submission_status_queue_key" to table: "submissions"
CREATE INDEX `submission_status_queue_key` ON `submissions` (`status`, `queue_key`);
-- create index "submission_status_publish_at" to table: "submissions"
CREATE INDEX `submission_status_publish_at` ON `submissions` (`status`, `publish_at`);
-- create index "submission_author_id_status" to table: "submissions"
CREATE INDEX `submission_author_id_status` ON `submissions` (`author_id`, `status`);
-- create index "submission_organization_id_status" to table: "submissions"
CREATE INDEX `submission_organization_id_status` ON `submissions` (`organization_id`, `status`);
-- create index "submission_content_id_status" to table: "submissions"
CREATE INDEX `submission_content_id_status` ON `submissions` (`content_id`, `status`);
-- create "topics" table
CREATE TABLE `topics` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `slug` text NOT NULL, `name` text NOT NULL, `description` text NULL, `sensitive` bool NOT NULL DEFAULT (false));
-- set sequence for "topics" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("topics", 64424509440);
-- create index "topics_slug_key" to table: "topics"
CREATE UNIQUE INDEX `topics_slug_key` ON `topics` (`slug`);
-- create "content_topics" table
CREATE TABLE `content_topics` (`content_id` integer NOT NULL, `topic_id` integer NOT NULL, PRIMARY KEY (`content_id`, `topic_id`), CONSTRAINT `content_topics_content_id` FOREIGN KEY (`content_id`) REFERENCES `contents` (`id`) ON DELETE CASCADE, CONSTRAINT `content_topics_topic_id` FOREIGN KEY (`topic_id`) REFERENCES `topics` (`id`) ON DELETE CASCADE);
-- create "content_tags" table
CREATE TABLE `content_tags` (`content_id` integer NOT NULL, `hashtag_id` integer NOT NULL, PRIMARY KEY (`content_id`, `hashtag_id`), CONSTRAINT `content_tags_content_id` FOREIGN KEY (`content_id`) REFERENCES `contents` (`id`) ON DELETE CASCADE, CONSTRAINT `content_tags_hashtag_id` FOREIGN KEY (`hashtag_id`) REFERENCES `hashtags` (`id`) ON DELETE CASCADE);
-- create "organization_members" table
CREATE TABLE `organization_members` (`organization_id` integer NOT NULL, `account_id` integer NOT NULL, PRIMARY KEY (`organization_id`, `account_id`), CONSTRAINT `organization_members_organization_id` FOREIGN KEY (`organization_id`) REFERENCES `organizations` (`id`) ON DELETE CASCADE, CONSTRAINT `organization_members_account_id` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE CASCADE);
-- create "submission_topics" table
CREATE TABLE `submission_topics` (`submission_id` integer NOT NULL, `topic_id` integer NOT NULL, PRIMARY KEY (`submission_id`, `topic_id`), CONSTRAINT `submission_topics_submission_id` FOREIGN KEY (`submission_id`) REFERENCES `submissions` (`id`) ON DELETE CASCADE, CONSTRAINT `submission_topics_topic_id` FOREIGN KEY (`topic_id`) REFERENCES `topics` (`id`) ON DELETE CASCADE);

-- +goose Down
-- reverse: create "submission_topics" table
DROP TABLE `submission_topics`;
-- reverse: create "organization_members" table
DROP TABLE `organization_members`;
-- reverse: create "content_tags" table
DROP TABLE `content_tags`;
-- reverse: create "content_topics" table
DROP TABLE `content_topics`;
-- reverse: create index "topics_slug_key" to table: "topics"
DROP INDEX `topics_slug_key`;
-- reverse: set sequence for "topics" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "topics";
-- reverse: create "topics" table
DROP TABLE `topics`;
-- reverse: create index "submission_content_id_status" to table: "submissions"
DROP INDEX `submission_content_id_status`;
-- reverse: create index "submission_organization_id_status" to table: "submissions"
DROP INDEX `submission_organization_id_status`;
-- reverse: create index "submission_author_id_status" to table: "submissions"
DROP INDEX `submission_author_id_status`;
-- reverse: create index "submission_status_publish_at" to table: "submissions"
DROP INDEX `submission_status_publish_at`;
-- reverse: create index "submission_status_queue_key" to table: "submissions"
DROP INDEX `submission_status_queue_key`;
-- reverse: create index "submission_status_submitted_at" to table: "submissions"
DROP INDEX `submission_status_submitted_at`;
-- reverse: set sequence for "submissions" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "submissions";
-- reverse: create "submissions" table
DROP TABLE `submissions`;
-- reverse: create index "report_reporter_created_at" to table: "reports"
DROP INDEX `report_reporter_created_at`;
-- reverse: create index "report_content_id_status" to table: "reports"
DROP INDEX `report_content_id_status`;
-- reverse: create index "report_queue_key" to table: "reports"
DROP INDEX `report_queue_key`;
-- reverse: create index "report_status_queue_key" to table: "reports"
DROP INDEX `report_status_queue_key`;
-- reverse: set sequence for "reports" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "reports";
-- reverse: create "reports" table
DROP TABLE `reports`;
-- reverse: create index "registration_event_id_account_id" to table: "registrations"
DROP INDEX `registration_event_id_account_id`;
-- reverse: set sequence for "registrations" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "registrations";
-- reverse: create "registrations" table
DROP TABLE `registrations`;
-- reverse: create index "organization_name" to table: "organizations"
DROP INDEX `organization_name`;
-- reverse: create index "organizations_slug_key" to table: "organizations"
DROP INDEX `organizations_slug_key`;
-- reverse: set sequence for "organizations" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "organizations";
-- reverse: create "organizations" table
DROP TABLE `organizations`;
-- reverse: create index "hashtags_name_key" to table: "hashtags"
DROP INDEX `hashtags_name_key`;
-- reverse: set sequence for "hashtags" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "hashtags";
-- reverse: create "hashtags" table
DROP TABLE `hashtags`;
-- reverse: create index "feature_campaign_id_kind_position" to table: "features"
DROP INDEX `feature_campaign_id_kind_position`;
-- reverse: set sequence for "features" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "features";
-- reverse: create "features" table
DROP TABLE `features`;
-- reverse: create index "event_starts_at" to table: "events"
DROP INDEX `event_starts_at`;
-- reverse: create index "event_campaign_id_starts_at" to table: "events"
DROP INDEX `event_campaign_id_starts_at`;
-- reverse: set sequence for "events" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "events";
-- reverse: create "events" table
DROP TABLE `events`;
-- reverse: create index "crisis_resources_key_key" to table: "crisis_resources"
DROP INDEX `crisis_resources_key_key`;
-- reverse: set sequence for "crisis_resources" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "crisis_resources";
-- reverse: create "crisis_resources" table
DROP TABLE `crisis_resources`;
-- reverse: create index "credential_creator_id_status" to table: "credentials"
DROP INDEX `credential_creator_id_status`;
-- reverse: set sequence for "credentials" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "credentials";
-- reverse: create "credentials" table
DROP TABLE `credentials`;
-- reverse: create index "creator_display_name" to table: "creators"
DROP INDEX `creator_display_name`;
-- reverse: create index "creators_owner_id_key" to table: "creators"
DROP INDEX `creators_owner_id_key`;
-- reverse: create index "creators_handle_key" to table: "creators"
DROP INDEX `creators_handle_key`;
-- reverse: set sequence for "creators" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "creators";
-- reverse: create "creators" table
DROP TABLE `creators`;
-- reverse: create index "content_status_created_at" to table: "contents"
DROP INDEX `content_status_created_at`;
-- reverse: create index "content_status_title" to table: "contents"
DROP INDEX `content_status_title`;
-- reverse: create index "content_language_status_published_at" to table: "contents"
DROP INDEX `content_language_status_published_at`;
-- reverse: create index "content_kind_status_published_at" to table: "contents"
DROP INDEX `content_kind_status_published_at`;
-- reverse: create index "content_organization_id_status_published_at" to table: "contents"
DROP INDEX `content_organization_id_status_published_at`;
-- reverse: create index "content_creator_id_status_published_at" to table: "contents"
DROP INDEX `content_creator_id_status_published_at`;
-- reverse: create index "content_status_published_at" to table: "contents"
DROP INDEX `content_status_published_at`;
-- reverse: set sequence for "contents" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "contents";
-- reverse: create "contents" table
DROP TABLE `contents`;
-- reverse: create index "campaigns_slug_key" to table: "campaigns"
DROP INDEX `campaigns_slug_key`;
-- reverse: set sequence for "campaigns" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "campaigns";
-- reverse: create "campaigns" table
DROP TABLE `campaigns`;
-- reverse: create index "auditevent_entity_id_seq" to table: "audit_events"
DROP INDEX `auditevent_entity_id_seq`;
-- reverse: create index "audit_events_seq_key" to table: "audit_events"
DROP INDEX `audit_events_seq_key`;
-- reverse: set sequence for "audit_events" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "audit_events";
-- reverse: create "audit_events" table
DROP TABLE `audit_events`;
-- reverse: create index "adcreditgrant_organization_id" to table: "ad_credit_grants"
DROP INDEX `adcreditgrant_organization_id`;
-- reverse: create index "adcreditgrant_campaign_id_status" to table: "ad_credit_grants"
DROP INDEX `adcreditgrant_campaign_id_status`;
-- reverse: set sequence for "ad_credit_grants" table
UPDATE sqlite_sequence SET seq = 0 WHERE name = "ad_credit_grants";
-- reverse: create "ad_credit_grants" table
DROP TABLE `ad_credit_grants`;
-- reverse: create index "accounts_subject_key" to table: "accounts"
DROP INDEX `accounts_subject_key`;
-- reverse: create "accounts" table
DROP TABLE `accounts`;

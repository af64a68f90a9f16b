-- The recency indexes of contents without the ID after published_at are dropped: since
-- 20261201224157 every one has a twin ending with the ID (the keyset cursor's tie-break), which
-- serves every query the old one could, the same way, and deep pages besides; every write paid
-- for both.
-- +goose Up
DROP INDEX IF EXISTS `content_status_published_at`;
DROP INDEX IF EXISTS `content_creator_id_status_published_at`;
DROP INDEX IF EXISTS `content_organization_id_status_published_at`;
DROP INDEX IF EXISTS `content_kind_status_published_at`;
DROP INDEX IF EXISTS `content_language_status_published_at`;

-- +goose Down
CREATE INDEX IF NOT EXISTS `content_language_status_published_at` ON `contents` (`language`, `status`, `published_at`);
CREATE INDEX IF NOT EXISTS `content_kind_status_published_at` ON `contents` (`kind`, `status`, `published_at`);
CREATE INDEX IF NOT EXISTS `content_organization_id_status_published_at` ON `contents` (`organization_id`, `status`, `published_at`);
CREATE INDEX IF NOT EXISTS `content_creator_id_status_published_at` ON `contents` (`creator_id`, `status`, `published_at`);
CREATE INDEX IF NOT EXISTS `content_status_published_at` ON `contents` (`status`, `published_at`);

-- One open report per reporter per piece of content, enforced by the database (not by a read
-- before the insert). Reports left duplicated by concurrent requests of earlier releases are
-- dismissed first, the oldest open one of each pair kept.
-- +goose Up
UPDATE reports SET status = 'DISMISSED', resolved_by = 'system:migration', resolved_at = CURRENT_TIMESTAMP,
  resolution_note = 'duplicate of an earlier open report by the same reporter',
  queue_key = '1' || substr(queue_key, 2)
WHERE status = 'OPEN' AND reporter IS NOT NULL AND EXISTS (
  SELECT 1 FROM reports older WHERE older.status = 'OPEN' AND older.reporter = reports.reporter
    AND older.content_id = reports.content_id AND older.id < reports.id);
CREATE UNIQUE INDEX IF NOT EXISTS reports_one_open_per_reporter ON reports (content_id, reporter) WHERE status = 'OPEN';

-- +goose Down
DROP INDEX IF EXISTS reports_one_open_per_reporter;

-- The audit log is append-only: a trigger refuses UPDATE and DELETE on audit_events.
-- Written by hand (ent/schema cannot express triggers). The trigger is created only when it is
-- missing, so a database made by the auto-migration of earlier releases keeps its own.
-- +goose Up
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION haven_audit_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only';
END;
$$ LANGUAGE plpgsql;
-- +goose StatementEnd
-- +goose StatementBegin
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'audit_events_append_only' AND tgrelid = 'audit_events'::regclass) THEN
    CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION haven_audit_append_only();
  END IF;
END
$$;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events;
DROP FUNCTION IF EXISTS haven_audit_append_only();

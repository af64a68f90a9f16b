-- The full-text index of the live feed's search. Built CONCURRENTLY, so that writes to contents
-- go on while it builds on a large table; that cannot run in a transaction.
-- +goose NO TRANSACTION
-- +goose Up
CREATE INDEX CONCURRENTLY IF NOT EXISTS contents_search ON contents USING GIN (to_tsvector('simple', title || ' ' || summary || ' ' || hashtags::text));

-- +goose Down
DROP INDEX CONCURRENTLY IF EXISTS contents_search;

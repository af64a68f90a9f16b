-- Search stems words in the content's own language (english, spanish, french; simple for any
-- other) and keeps the words as written too, so a word being typed matches as a prefix. Two
-- stored columns generated from the row (no code path can forget them), each with a GIN index:
-- search_headline (title and hashtags) and search_document (title, hashtags and summary).
-- Storing them lets ANALYZE see how common a word is. See package search.
-- The indexes are built CONCURRENTLY, which cannot run in a transaction.
-- +goose NO TRANSACTION
-- +goose Up
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION haven_text_config(language text) RETURNS regconfig
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE lower(split_part(language, '-', 1))
    WHEN 'en' THEN 'english'::regconfig
    WHEN 'es' THEN 'spanish'::regconfig
    WHEN 'fr' THEN 'french'::regconfig
    ELSE 'simple'::regconfig
  END
$$;
-- +goose StatementEnd
DROP INDEX CONCURRENTLY IF EXISTS contents_search;
ALTER TABLE contents ADD COLUMN IF NOT EXISTS search_headline tsvector
  GENERATED ALWAYS AS (to_tsvector(haven_text_config(language), title || ' ' || hashtags)
    || to_tsvector('simple', title || ' ' || hashtags)) STORED;
ALTER TABLE contents ADD COLUMN IF NOT EXISTS search_document tsvector
  GENERATED ALWAYS AS (to_tsvector(haven_text_config(language), title || ' ' || hashtags || ' ' || summary)
    || to_tsvector('simple', title || ' ' || hashtags || ' ' || summary)) STORED;
CREATE INDEX CONCURRENTLY IF NOT EXISTS contents_search_headline ON contents USING GIN (search_headline);
CREATE INDEX CONCURRENTLY IF NOT EXISTS contents_search_document ON contents USING GIN (search_document);

-- +goose Down
DROP INDEX CONCURRENTLY IF EXISTS contents_search_document;
DROP INDEX CONCURRENTLY IF EXISTS contents_search_headline;
ALTER TABLE contents DROP COLUMN IF EXISTS search_document;
ALTER TABLE contents DROP COLUMN IF EXISTS search_headline;
DROP FUNCTION IF EXISTS haven_text_config(text);
CREATE INDEX CONCURRENTLY IF NOT EXISTS contents_search ON contents USING GIN (to_tsvector('simple', title || ' ' || summary || ' ' || hashtags::text));

-- Search folds accents on PostgreSQL as it does on SQLite (FTS5's remove_diacritics): "cafe"
-- finds "café", "anxiete" finds "anxiété", and the other way round. A row's words are stemmed
-- first, in its language (the Snowball stemmers read accents: "educación" and "educaciones"
-- share the stem "educ"), then haven_fold folds every lexeme of the text vector, keeping its
-- positions. A query's words are stemmed and folded the same way by haven_tsquery (package
-- search, fulltext.go).
--
-- Folding uses the unaccent extension, part of PostgreSQL's standard contrib and trusted (a
-- database owner may create it). Where it cannot be created, haven_fold leaves lexemes as they
-- are: search works as before, matching accents as written (docs/search.md says how to turn
-- folding on later).
--
-- The two text columns are generated columns, whose expression PostgreSQL 15 cannot change: they
-- are dropped and added again (which rewrites contents under a lock, as the file that added them
-- did), and their indexes rebuilt CONCURRENTLY, which cannot run in a transaction.
-- +goose NO TRANSACTION
-- +goose Up
-- +goose StatementBegin
DO $$ BEGIN
  CREATE EXTENSION IF NOT EXISTS unaccent;
EXCEPTION WHEN OTHERS THEN
  RAISE WARNING 'search: the unaccent extension is not available (%): accents are matched as written', SQLERRM;
END $$;
-- +goose StatementEnd
-- haven_fold is written with the extension's schema and its own spelled out: a restore
-- (pg_dump) computes the generated columns with an empty search_path.
-- +goose StatementBegin
DO $do$
DECLARE
  ext text := (SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
    WHERE e.extname = 'unaccent');
  fold text := 'lexeme';
BEGIN
  IF ext IS NOT NULL THEN
    fold := format('%I.unaccent(%L::regdictionary, lexeme)', ext, quote_ident(ext) || '.unaccent');
  END IF;
  EXECUTE format($f$
CREATE OR REPLACE FUNCTION %I.haven_fold(document tsvector) RETURNS tsvector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $b$
  SELECT coalesce(string_agg('''' || replace(replace(folded, '\', '\\'), '''', '''''') || ''''
      || coalesce(':' || array_to_string(positions, ','), ''), ' '), '')::tsvector
  FROM (SELECT CASE WHEN f = '' THEN lexeme ELSE f END AS folded, positions
    FROM unnest(document) AS u, LATERAL (SELECT %s AS f) AS x) AS l
$b$ $f$, current_schema(), fold);
END $do$;
-- +goose StatementEnd
-- haven_tsquery is the query of one word in config: its lexemes stemmed and folded as a row's
-- are, every one required, each a prefix when prefix is set; empty for a stop word.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION haven_tsquery(config regconfig, word text, prefix boolean) RETURNS tsquery
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(string_agg('''' || replace(replace(lexeme, '\', '\\'), '''', '''''') || ''''
      || CASE WHEN prefix THEN ':*' ELSE '' END, ' & '), '')::tsquery
  FROM unnest(haven_fold(to_tsvector(config, word)))
$$;
-- +goose StatementEnd
ALTER TABLE contents DROP COLUMN IF EXISTS search_headline, DROP COLUMN IF EXISTS search_document;
ALTER TABLE contents
  ADD COLUMN search_headline tsvector
    GENERATED ALWAYS AS (haven_fold(to_tsvector(haven_text_config(language), title || ' ' || hashtags)
      || to_tsvector('simple', title || ' ' || hashtags))) STORED,
  ADD COLUMN search_document tsvector
    GENERATED ALWAYS AS (haven_fold(to_tsvector(haven_text_config(language), title || ' ' || hashtags || ' ' || summary)
      || to_tsvector('simple', title || ' ' || hashtags || ' ' || summary))) STORED;
CREATE INDEX CONCURRENTLY IF NOT EXISTS contents_search_headline ON contents USING GIN (search_headline);
CREATE INDEX CONCURRENTLY IF NOT EXISTS contents_search_document ON contents USING GIN (search_document);

-- +goose Down
ALTER TABLE contents DROP COLUMN IF EXISTS search_headline, DROP COLUMN IF EXISTS search_document;
ALTER TABLE contents
  ADD COLUMN search_headline tsvector
    GENERATED ALWAYS AS (to_tsvector(haven_text_config(language), title || ' ' || hashtags)
      || to_tsvector('simple', title || ' ' || hashtags)) STORED,
  ADD COLUMN search_document tsvector
    GENERATED ALWAYS AS (to_tsvector(haven_text_config(language), title || ' ' || hashtags || ' ' || summary)
      || to_tsvector('simple', title || ' ' || hashtags || ' ' || summary)) STORED;
CREATE INDEX CONCURRENTLY IF NOT EXISTS contents_search_headline ON contents USING GIN (search_headline);
CREATE INDEX CONCURRENTLY IF NOT EXISTS contents_search_document ON contents USING GIN (search_document);
DROP FUNCTION IF EXISTS haven_tsquery(regconfig, text, boolean);
DROP FUNCTION IF EXISTS haven_fold(tsvector);

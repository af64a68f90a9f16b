-- Search at a million rows answers in the same few milliseconds for a word in four rows and a
-- word in all of them: FTS5 returns a query's matches in the order of its rowid and can walk
-- that order backwards lazily, stopping at a LIMIT. So the FTS5 table's rowid is now the row's
-- recency key, not its ID, and `MATCH … ORDER BY rowid DESC LIMIT 21` is a search's page, newest
-- first, whatever the word. The key, haven_search_key(published_at, id) (package search/stem,
-- RecencyKey), is the second of published_at (from 2020, so it fits until 2088) then the low 32
-- bits of the ID (unique: each table's IDs are one 2^32 range); search computes the same key
-- from a cursor. (SQLite's own unixepoch() cannot read the driver's stored form of a time, Go's
-- time.String.) Only live rows are
-- indexed (search finds nothing else), so a change of status adds or removes a row, and a change
-- of published_at moves it. The row's ID is kept beside the tokens (UNINDEXED, stored although
-- the table is contentless).
--
-- The one column holds the document's tokens and the headline's behind a marker character
-- (haven_search_index, package search/stem), so that the headline tier and "every word, not all
-- in the headline" are FTS5 expressions FTS5 answers lazily (see search/stem/index.go).
--
-- search_terms lists every token ever indexed, so that a type-ahead prefix can be expanded into
-- the terms it stands for, which FTS5 reads lazily, where a prefix query (`"tips" *`) gathers
-- every row of every term with the prefix first. A term whose rows are gone stays: it matches
-- nothing, and the list only grows with the vocabulary.
-- +goose Up
DROP TRIGGER IF EXISTS contents_fts_insert;
DROP TRIGGER IF EXISTS contents_fts_update;
DROP TRIGGER IF EXISTS contents_fts_delete;
DROP TABLE IF EXISTS contents_fts;
-- Dropping an FTS5 table made with contentless_unindexed leaves its content table behind.
DROP TABLE IF EXISTS contents_fts_content;
CREATE VIRTUAL TABLE contents_fts USING fts5(terms, content_id UNINDEXED,
  content='', contentless_delete=1, contentless_unindexed=1, tokenize='unicode61 remove_diacritics 2');
CREATE TABLE IF NOT EXISTS search_terms (term TEXT NOT NULL PRIMARY KEY) WITHOUT ROWID;
-- +goose StatementBegin
CREATE TRIGGER contents_fts_insert AFTER INSERT ON contents WHEN new.status = 'LIVE' BEGIN
  INSERT INTO contents_fts(rowid, terms, content_id)
  VALUES (haven_search_key(new.published_at, new.id),
    haven_search_index(new.language, new.title || ' ' || new.hashtags, new.summary), new.id);
  INSERT OR IGNORE INTO search_terms(term)
  SELECT value FROM json_each(haven_search_terms(new.language, new.title || ' ' || new.hashtags, new.summary));
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER contents_fts_update AFTER UPDATE OF title, summary, hashtags, language, published_at, status ON contents BEGIN
  DELETE FROM contents_fts
  WHERE old.status = 'LIVE'
    AND rowid = haven_search_key(old.published_at, old.id);
  INSERT INTO contents_fts(rowid, terms, content_id)
  SELECT haven_search_key(new.published_at, new.id),
    haven_search_index(new.language, new.title || ' ' || new.hashtags, new.summary), new.id
  WHERE new.status = 'LIVE';
  INSERT OR IGNORE INTO search_terms(term)
  SELECT value FROM json_each(haven_search_terms(new.language, new.title || ' ' || new.hashtags, new.summary))
  WHERE new.status = 'LIVE';
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER contents_fts_delete AFTER DELETE ON contents WHEN old.status = 'LIVE' BEGIN
  DELETE FROM contents_fts
  WHERE rowid = haven_search_key(old.published_at, old.id);
END;
-- +goose StatementEnd
INSERT INTO contents_fts(rowid, terms, content_id)
SELECT haven_search_key(published_at, id),
  haven_search_index(language, title || ' ' || hashtags, summary), id
FROM contents WHERE status = 'LIVE';
INSERT OR IGNORE INTO search_terms(term)
SELECT t.value FROM contents, json_each(haven_search_terms(language, title || ' ' || hashtags, summary)) AS t
WHERE status = 'LIVE';
INSERT INTO contents_fts(contents_fts) VALUES ('optimize');

-- +goose Down
DROP TRIGGER IF EXISTS contents_fts_delete;
DROP TRIGGER IF EXISTS contents_fts_update;
DROP TRIGGER IF EXISTS contents_fts_insert;
DROP TABLE IF EXISTS contents_fts;
DROP TABLE IF EXISTS contents_fts_content;
DROP TABLE IF EXISTS search_terms;
CREATE VIRTUAL TABLE contents_fts USING fts5(headline, document,
  content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2');
-- +goose StatementBegin
CREATE TRIGGER contents_fts_insert AFTER INSERT ON contents BEGIN
  INSERT INTO contents_fts(rowid, headline, document)
  VALUES (new.id, haven_search_text(new.language, new.title || ' ' || new.hashtags),
    haven_search_text(new.language, new.title || ' ' || new.hashtags || ' ' || new.summary));
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER contents_fts_update AFTER UPDATE OF title, summary, hashtags, language ON contents BEGIN
  DELETE FROM contents_fts WHERE rowid = old.id;
  INSERT INTO contents_fts(rowid, headline, document)
  VALUES (new.id, haven_search_text(new.language, new.title || ' ' || new.hashtags),
    haven_search_text(new.language, new.title || ' ' || new.hashtags || ' ' || new.summary));
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER contents_fts_delete AFTER DELETE ON contents BEGIN
  DELETE FROM contents_fts WHERE rowid = old.id;
END;
-- +goose StatementEnd
INSERT INTO contents_fts(rowid, headline, document)
SELECT id, haven_search_text(language, title || ' ' || hashtags),
  haven_search_text(language, title || ' ' || hashtags || ' ' || summary) FROM contents;

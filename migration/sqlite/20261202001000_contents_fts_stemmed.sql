-- Search stems Spanish and French content too, not only English: the FTS5 table is rebuilt to
-- index each row's text as written (unicode61, accents folded, no porter) followed by the stems
-- of its words in the row's language, which haven_search_text(language, text) adds (package
-- search/stem, registered with the SQLite driver by every Haven process; the Snowball english,
-- spanish and french stemmers, as PostgreSQL's configurations). A query's words are stemmed the
-- same way in every language (search/fulltext.go). Words as written also make a prefix match
-- whatever the stem ("mindf" finds "mindfulness", whose stem is "mind").
-- +goose Up
DROP TRIGGER IF EXISTS contents_fts_insert;
DROP TRIGGER IF EXISTS contents_fts_update;
DROP TRIGGER IF EXISTS contents_fts_delete;
DROP TABLE IF EXISTS contents_fts;
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

-- +goose Down
DROP TRIGGER IF EXISTS contents_fts_delete;
DROP TRIGGER IF EXISTS contents_fts_update;
DROP TRIGGER IF EXISTS contents_fts_insert;
DROP TABLE IF EXISTS contents_fts;
CREATE VIRTUAL TABLE contents_fts USING fts5(headline, document,
  content='', contentless_delete=1, tokenize='porter unicode61 remove_diacritics 2');
-- +goose StatementBegin
CREATE TRIGGER contents_fts_insert AFTER INSERT ON contents BEGIN
  INSERT INTO contents_fts(rowid, headline, document)
  VALUES (new.id, new.title || ' ' || new.hashtags, new.title || ' ' || new.hashtags || ' ' || new.summary);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER contents_fts_update AFTER UPDATE OF title, summary, hashtags ON contents BEGIN
  DELETE FROM contents_fts WHERE rowid = old.id;
  INSERT INTO contents_fts(rowid, headline, document)
  VALUES (new.id, new.title || ' ' || new.hashtags, new.title || ' ' || new.hashtags || ' ' || new.summary);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER contents_fts_delete AFTER DELETE ON contents BEGIN
  DELETE FROM contents_fts WHERE rowid = old.id;
END;
-- +goose StatementEnd
INSERT INTO contents_fts(rowid, headline, document)
SELECT id, title || ' ' || hashtags, title || ' ' || hashtags || ' ' || summary FROM contents;

-- Search reads an FTS5 table whose rowid is the content's ID, with the headline (title and
-- hashtags) and the document (title, hashtags and summary), stemmed (porter) with accents folded,
-- kept in step with contents by triggers; the rows that exist already are indexed once here.
-- +goose Up
CREATE VIRTUAL TABLE IF NOT EXISTS contents_fts USING fts5(headline, document,
  content='', contentless_delete=1, tokenize='porter unicode61 remove_diacritics 2');
-- +goose StatementBegin
CREATE TRIGGER IF NOT EXISTS contents_fts_insert AFTER INSERT ON contents BEGIN
  INSERT INTO contents_fts(rowid, headline, document)
  VALUES (new.id, new.title || ' ' || new.hashtags, new.title || ' ' || new.hashtags || ' ' || new.summary);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER IF NOT EXISTS contents_fts_update AFTER UPDATE OF title, summary, hashtags ON contents BEGIN
  DELETE FROM contents_fts WHERE rowid = old.id;
  INSERT INTO contents_fts(rowid, headline, document)
  VALUES (new.id, new.title || ' ' || new.hashtags, new.title || ' ' || new.hashtags || ' ' || new.summary);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER IF NOT EXISTS contents_fts_delete AFTER DELETE ON contents BEGIN
  DELETE FROM contents_fts WHERE rowid = old.id;
END;
-- +goose StatementEnd
INSERT INTO contents_fts(rowid, headline, document)
SELECT id, title || ' ' || hashtags, title || ' ' || hashtags || ' ' || summary FROM contents;

-- +goose Down
DROP TRIGGER IF EXISTS contents_fts_delete;
DROP TRIGGER IF EXISTS contents_fts_update;
DROP TRIGGER IF EXISTS contents_fts_insert;
DROP TABLE IF EXISTS contents_fts;

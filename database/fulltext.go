package database

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	atlas "ariga.io/atlas/sql/schema"
	entschema "entgo.io/ent/dialect/sql/schema"
)

// The full-text index of live content, which search reads (see package search).
//
// PostgreSQL keeps two stored tsvector columns on contents, generated from the row itself so that
// every insert and update (publish, republish, take-down) keeps them in step with no code path
// to forget, each with a GIN index:
//
//   - search_headline: the title and hashtags, what a piece is about;
//   - search_document: the title, hashtags and summary.
//
// Both hold the words stemmed with the text search configuration of the content's language
// (english, spanish, french; simple for any other), so "tip" finds "tips" and "dormir" finds
// "dormimos", and also as written (simple), so that a word being typed matches as a prefix of
// the word rather than of its stem: "mindf" finds "mindfulness", whose English stem is "mind".
// Storing the documents (rather than indexing an expression) lets ANALYZE gather lexeme
// statistics, so the planner can tell a word in four rows from a word in every row, and a filter
// on a stored column costs no recomputation when the planner walks the recency index instead.
//
// SQLite keeps an FTS5 table, contents_fts, whose rowid is the content's ID, with the same two
// columns, kept in step by triggers. Its tokenizer stems English (porter) and folds accents.

// postgresFullText creates the text-search configuration function, the generated columns and
// their indexes. Every statement is idempotent.
var postgresFullText = []string{
	// The configuration of a language tag: "es", "es-MX" and "ES" are Spanish.
	`CREATE OR REPLACE FUNCTION haven_text_config(language text) RETURNS regconfig
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE lower(split_part(language, '-', 1))
    WHEN 'en' THEN 'english'::regconfig
    WHEN 'es' THEN 'spanish'::regconfig
    WHEN 'fr' THEN 'french'::regconfig
    ELSE 'simple'::regconfig
  END
$$`,
	`DROP INDEX IF EXISTS contents_search`, // the former expression index over the simple configuration
	`ALTER TABLE contents ADD COLUMN IF NOT EXISTS search_headline tsvector
  GENERATED ALWAYS AS (to_tsvector(haven_text_config(language), title || ' ' || hashtags)
    || to_tsvector('simple', title || ' ' || hashtags)) STORED`,
	`ALTER TABLE contents ADD COLUMN IF NOT EXISTS search_document tsvector
  GENERATED ALWAYS AS (to_tsvector(haven_text_config(language), title || ' ' || hashtags || ' ' || summary)
    || to_tsvector('simple', title || ' ' || hashtags || ' ' || summary)) STORED`,
	`CREATE INDEX IF NOT EXISTS contents_search_headline ON contents USING GIN (search_headline)`,
	`CREATE INDEX IF NOT EXISTS contents_search_document ON contents USING GIN (search_document)`,
}

// sqliteFullText creates the FTS5 table and the triggers that keep it in step with contents.
var sqliteFullText = []string{
	`CREATE VIRTUAL TABLE IF NOT EXISTS contents_fts USING fts5(headline, document,
  content='', contentless_delete=1, tokenize='porter unicode61 remove_diacritics 2')`,
	`CREATE TRIGGER IF NOT EXISTS contents_fts_insert AFTER INSERT ON contents BEGIN
  INSERT INTO contents_fts(rowid, headline, document)
  VALUES (new.id, new.title || ' ' || new.hashtags, new.title || ' ' || new.hashtags || ' ' || new.summary);
END`,
	`CREATE TRIGGER IF NOT EXISTS contents_fts_update AFTER UPDATE OF title, summary, hashtags ON contents BEGIN
  DELETE FROM contents_fts WHERE rowid = old.id;
  INSERT INTO contents_fts(rowid, headline, document)
  VALUES (new.id, new.title || ' ' || new.hashtags, new.title || ' ' || new.hashtags || ' ' || new.summary);
END`,
	`CREATE TRIGGER IF NOT EXISTS contents_fts_delete AFTER DELETE ON contents BEGIN
  DELETE FROM contents_fts WHERE rowid = old.id;
END`,
}

// sqliteFullTextBackfill indexes the contents that existed before the FTS5 table did.
const sqliteFullTextBackfill = `INSERT INTO contents_fts(rowid, headline, document)
SELECT id, title || ' ' || hashtags, title || ' ' || hashtags || ' ' || summary FROM contents`

// migrateFullText brings the full-text index of contents up to date.
func migrateFullText(ctx context.Context, db *sql.DB, postgres bool) error {
	if postgres {
		for _, stmt := range postgresFullText {
			if _, err := db.ExecContext(ctx, stmt); err != nil {
				return fmt.Errorf("database: full-text index: %w", err)
			}
		}
		return nil
	}
	var n int
	if err := db.QueryRowContext(ctx,
		`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'contents_fts'`).Scan(&n); err != nil {
		return fmt.Errorf("database: full-text index: %w", err)
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("database: full-text index: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	stmts := sqliteFullText
	if n == 0 {
		stmts = append(stmts[:len(stmts):len(stmts)], sqliteFullTextBackfill)
	}
	for _, stmt := range stmts {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("database: full-text index: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("database: full-text index: %w", err)
	}
	return nil
}

// keepFullTextIndexes stops ent's migration from dropping the full-text indexes, which it does
// not know of: rebuilding them on every start costs minutes on a large table.
func keepFullTextIndexes(next entschema.Differ) entschema.Differ {
	return entschema.DiffFunc(func(current, desired *atlas.Schema) ([]atlas.Change, error) {
		changes, err := next.Diff(current, desired)
		if err != nil {
			return nil, err
		}
		for _, c := range changes {
			m, ok := c.(*atlas.ModifyTable)
			if !ok {
				continue
			}
			kept := m.Changes[:0]
			for _, tc := range m.Changes {
				if d, ok := tc.(*atlas.DropIndex); ok && strings.HasPrefix(d.I.Name, "contents_search_") {
					continue
				}
				kept = append(kept, tc)
			}
			m.Changes = kept
		}
		return changes, nil
	})
}

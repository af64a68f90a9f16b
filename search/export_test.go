package search

import (
	"context"
	"fmt"
	"time"

	"entgo.io/contrib/entgql"

	"haven/ent"
	"haven/ent/content"
)

// CursorAt is the cursor of a row of the tier that holds matches anywhere but in the headline,
// for tests that start deep in a list without paging to it.
func CursorAt(id int, publishedAt time.Time) *entgql.Cursor[int] {
	c := encodeCursor(hit{ID: id, PublishedAt: publishedAt, tier: tierWords})
	return &c
}

// How a test asks SQLite's text index (MatchedIDs): through FTS5's own prefix query, by the walk's
// matcher row by row, or with the prefix expanded into the terms it stands for.
const (
	ByIndex = iota
	ByWalk
	ByExpansion
)

// MatchedIDs are the IDs of the contents whose document (or headline) holds every word of query,
// matched as how says.
func (s *Service) MatchedIDs(ctx context.Context, query string, headline bool, how int) ([]int, error) {
	r, err := s.Search(ctx, query, nil)
	if err != nil {
		return nil, err
	}
	match := s.textMatch(r.terms, headline, how == ByWalk)
	if how == ByExpansion {
		q, ok, err := s.expansion(ctx, r.terms)
		if err != nil || !ok {
			return nil, fmt.Errorf("expansion of %q: %v, %v", query, ok, err)
		}
		expr := q.doc
		if headline {
			expr = q.headline
		}
		match = matchedBy(expr)
	}
	return s.Client.Content.Query().Where(match).Order(ent.Asc(content.FieldID)).IDs(ctx)
}

// SetMaxExpansion sets how many terms a prefix may stand for before SQLite's search walks the
// newest rows for it instead, until the returned func restores it.
func SetMaxExpansion(n int) (restore func()) {
	was := maxExpansion
	maxExpansion = n
	return func() { maxExpansion = was }
}

package search

import (
	"context"
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

// MatchedIDs are the IDs of the contents whose document (or headline) holds every word of query,
// matched through the text index or, with walk set, row by row as search's walk matches them.
func (s *Service) MatchedIDs(ctx context.Context, query string, headline, walk bool) ([]int, error) {
	r, err := s.Search(ctx, query, nil)
	if err != nil {
		return nil, err
	}
	return s.Client.Content.Query().Where(s.textMatch(r.terms, headline, walk)).
		Order(ent.Asc(content.FieldID)).IDs(ctx)
}

package search

import (
	"time"

	"entgo.io/contrib/entgql"
)

// CursorAt is the cursor of a row of the tier that holds matches anywhere but in the headline,
// for tests that start deep in a list without paging to it.
func CursorAt(id int, publishedAt time.Time) *entgql.Cursor[int] {
	c := encodeCursor(hit{ID: id, PublishedAt: publishedAt, tier: tierWords})
	return &c
}

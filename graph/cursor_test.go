package graph_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"entgo.io/contrib/entgql"

	"haven/apptest"
)

func craftCursor(id int, value any) string {
	var b bytes.Buffer
	entgql.Cursor[int]{ID: id, Value: value}.MarshalGQL(&b)
	return strings.Trim(b.String(), `"`)
}

// TestCraftedCursorsAreRangeChecked: a cursor of the right type but with a value no list made
// (a time in year 318857, text with a NUL or not UTF-8) is BAD_USER_INPUT on both databases,
// never INTERNAL; a real cursor still pages.
func TestCraftedCursorsAreRangeChecked(t *testing.T) {
	h := apptest.New(t)
	h.Content("Piece one").Age(2).Create()
	h.Content("Piece two").Age(1).Create()
	h.Creator("first.creator").Owner("c1").Create()
	cases := map[string]struct{ query, cursor string }{
		"year 318857": {`query($c: Cursor) { contents(after: $c) { edges { node { id } } } }`,
			craftCursor(1, time.Date(318857, 1, 1, 0, 0, 0, 0, time.UTC))},
		"year 0 before": {`query($c: Cursor) { contents(last: 1, before: $c) { edges { node { id } } } }`,
			craftCursor(1, time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC))},
		"NUL in text": {`query($c: Cursor) { creators(after: $c) { edges { node { id } } } }`,
			craftCursor(1, "a\x00b")},
		"not UTF-8": {`query($c: Cursor) { creators(after: $c) { edges { node { id } } } }`,
			craftCursor(1, "\xff\xfe")},
		"events far future": {`query($c: Cursor) { events(after: $c) { edges { node { id } } } }`,
			craftCursor(1, time.Date(99999, 1, 1, 0, 0, 0, 0, time.UTC))},
	}
	for name, tc := range cases {
		res := h.Do("", tc.query, map[string]any{"c": tc.cursor})
		if res.Code() != "BAD_USER_INPUT" {
			t.Errorf("%s: %s", name, res.Raw)
		}
	}
	var page struct {
		Contents struct{ PageInfo struct{ EndCursor string } }
	}
	h.Query("", `{ contents(first: 1) { pageInfo { endCursor } } }`, nil, &page)
	var next struct {
		Contents struct {
			Edges []struct{ Node struct{ ID string } }
		}
	}
	h.Query("", `query($c: Cursor) { contents(first: 1, after: $c) { edges { node { id } } } }`, map[string]any{"c": page.Contents.PageInfo.EndCursor}, &next)
	if len(next.Contents.Edges) != 1 {
		t.Fatalf("a real cursor no longer pages: %+v", next)
	}
}

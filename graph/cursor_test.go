package graph_test

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"entgo.io/contrib/entgql"

	"haven/apptest"
	"haven/graph"
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

// TestCursorEncodingMatchesEntgql: the direct writer's cursors are the very strings entgql's
// Cursor.MarshalGQL writes (cursors are part of the API and clients keep them), for every form
// of msgpack integer, time stamp and text length, and values it does not encode itself.
func TestCursorEncodingMatchesEntgql(t *testing.T) {
	ids := []int{0, 1, 127, 128, 255, 256, 65535, 65536, 1<<32 - 1, 1 << 32, 1<<62 + 5, -1, -32, -33, -128, -129, -32768, -32769, -1 << 31, -1<<31 - 1, -1 << 62}
	times := []time.Time{
		time.Unix(0, 0), time.Unix(1, 0), time.Unix(1<<32-1, 0), time.Unix(1<<32, 0), time.Unix(1<<34-1, 999999999),
		time.Unix(1<<34, 0), time.Unix(-1, 0), time.Unix(-62135596800, 0), time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC),
		time.Date(2026, 5, 4, 9, 0, 0, 123456789, time.FixedZone("x", 3600)), time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC),
		time.Date(2026, 5, 4, 9, 0, 0, 1000, time.Local), {},
	}
	texts := []string{"", "a", strings.Repeat("é", 15) + "x", strings.Repeat("b", 31), strings.Repeat("c", 32), strings.Repeat("d", 255),
		strings.Repeat("e", 256), strings.Repeat("f", 65535), strings.Repeat("g", 65536), "a\x00b", "\xff\xfe", `"quoted" \ <html>`}
	values := []any{nil, 0, 7, -7, 1 << 40, int64(5), int64(0), 2.5, 0.0, true, false, []byte("x"), uint(3)}
	for _, tm := range times {
		values = append(values, tm)
	}
	for _, s := range texts {
		values = append(values, s)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 500 {
		values = append(values, time.Unix(rng.Int64N(1<<36)-1<<35, rng.Int64N(1e9)), rng.Int(), -rng.Int())
	}
	for _, id := range ids {
		for _, v := range values {
			c := entgql.Cursor[int]{ID: id, Value: v}
			var want, got bytes.Buffer
			c.MarshalGQL(&want)
			graph.WriteEdgeCursor(&got, c)
			if got.String() != want.String() {
				t.Fatalf("cursor {%d, %#v}: wrote %.80s, entgql writes %.80s", id, v, got.String(), want.String())
			}
		}
	}
}

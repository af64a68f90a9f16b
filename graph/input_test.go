package graph_test

import (
	"testing"

	"haven/apptest"
)

// TestNULIsRefused: a NUL character in any text — a variable, a nested input, an inline literal
// — is BAD_USER_INPUT before any resolver runs, on both databases (PostgreSQL would refuse it
// with an internal error, SQLite would store it).
func TestNULIsRefused(t *testing.T) {
	h := apptest.New(t)
	id := apptest.GID(h.Content("Piece").Create().ID)
	for name, tc := range map[string]struct {
		query string
		vars  map[string]any
	}{
		"search variable": {`query($q: String!) { search(query: $q) { crisisSupport { message } } }`, map[string]any{"q": "a\x00b"}},
		"inline literal":  {`{ search(query: "a\u0000b") { crisisSupport { message } } }`, nil},
		"report details":  {`mutation($id: ID!, $d: String) { reportContent(contentID: $id, reason: SPAM, details: $d) }`, map[string]any{"id": id, "d": "x\x00"}},
		"nested input": {`mutation($in: CreateSubmissionInput!) { createSubmission(input: $in) { id } }`,
			map[string]any{"in": map[string]any{"kind": "ARTICLE", "title": "t", "summary": "s", "hashtags": []any{"#a\x00"}}}},
	} {
		res := h.Do(h.Token("someone", "creator"), tc.query, tc.vars)
		if res.Code() != "BAD_USER_INPUT" {
			t.Errorf("%s: %s", name, res.Raw)
		}
	}
}

// TestForeignCursorsAreRefused: a cursor made by one list is BAD_USER_INPUT on a list in another
// order, never an internal error or a meaningless page.
func TestForeignCursorsAreRefused(t *testing.T) {
	h := apptest.New(t)
	h.Creator("first.creator").Owner("c1").Create()
	h.Creator("second.creator").Owner("c2").Create()
	var cr struct {
		Creators struct{ PageInfo struct{ EndCursor string } }
	}
	h.Query("", `{ creators(first: 1) { pageInfo { endCursor } } }`, nil, &cr)
	cur := cr.Creators.PageInfo.EndCursor
	staff := h.Token("staff", "moderator", "admin")
	for name, q := range map[string]string{
		"events":          `query($c: Cursor) { events(after: $c) { edges { node { id } } } }`,
		"auditEvents":     `query($c: Cursor) { auditEvents(after: $c) { edges { node { id } } } }`,
		"submissions":     `query($c: Cursor) { submissions(after: $c, orderBy: {field: SUBMITTED_AT}) { edges { node { id } } } }`,
		"moderationQueue": `query($c: Cursor) { moderationQueue(after: $c) { edges { node { id } } } }`,
		"reports":         `query($c: Cursor) { reports(after: $c) { edges { node { id } } } }`,
		"contents":        `query($c: Cursor) { contents(after: $c) { edges { node { id } } } }`,
	} {
		res := h.Do(staff, q, map[string]any{"c": cur})
		if name == "moderationQueue" || name == "reports" {
			// These are ordered by a string key too, as creators are by handle: the cursor fits
			// the type and pages harmlessly; an ID-only cursor of the audit log must not.
			if res.Code() != "" && res.Code() != "BAD_USER_INPUT" {
				t.Errorf("%s: %s", name, res.Raw)
			}
			continue
		}
		if res.Code() != "BAD_USER_INPUT" {
			t.Errorf("%s with a creators cursor: %s", name, res.Raw)
		}
	}
}

// TestHugeFiltersAreRefused: a where filter too large or too deep for any real question is
// BAD_USER_INPUT before it reaches the database, and the next request is served normally.
func TestHugeFiltersAreRefused(t *testing.T) {
	h := apptest.New(t)
	h.Content("Piece").Create()
	ids := make([]any, 5000)
	for i := range ids {
		ids[i] = i + 1
	}
	deep := map[string]any{"title": "x"}
	for range 100 {
		deep = map[string]any{"not": deep}
	}
	const q = `query($w: ContentWhereInput) { contents(where: $w) { edges { node { id } } } }`
	for name, where := range map[string]any{"idIn of 5000": map[string]any{"idIn": ids}, "100 nested nots": deep} {
		if res := h.Do("", q, map[string]any{"w": where}); res.Code() != "BAD_USER_INPUT" {
			t.Errorf("%s: %.300s", name, res.Raw)
		}
	}
	var out struct {
		Contents struct{ Edges []any }
	}
	h.Query("", q, map[string]any{"w": map[string]any{"title": "Piece"}}, &out)
	if len(out.Contents.Edges) != 1 {
		t.Fatalf("a normal filter after the refused ones found %d", len(out.Contents.Edges))
	}
}

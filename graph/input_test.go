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
	id := apptest.GID(h.Content("Piece", nil, nil, "", 1).ID)
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

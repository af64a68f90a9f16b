package graph_test

import (
	"strings"
	"testing"

	"haven/apptest"
)

// TestAliasedEdgesOnTheGeneralPath: one edge selected under two aliases with different fields
// gets both aliases' fields wherever ent's field collection loads it — node and nodes (entgql's
// Noder), a connection's nodes, fragments on the node's type, and an edge under aliases of an
// aliased edge — not only on the hub page (TestHubPageAliasedCreator). Before the fix, node and
// nodes answered a: { handle: "" }.
func TestAliasedEdgesOnTheGeneralPath(t *testing.T) {
	h := apptest.New(t, apptest.Options{NoResponseCache: true})
	c := h.Creator("writer").Owner("writer-1").Named("The Writer").Create()
	h.Content("Earlier piece").By(c).Create()
	tok := h.Token("writer-1", "creator")
	var created struct{ CreateSubmission struct{ ID string } }
	h.Query(tok, `mutation { createSubmission(input: {kind: ARTICLE, title: "Sleep", summary: "Why.", body: "Text."}) { id } }`, nil, &created)
	h.Query(tok, `mutation($id: ID!) { submitSubmission(id: $id, expectedVersion: 1) { id } }`, map[string]any{"id": created.CreateSubmission.ID}, nil)
	mod := h.Token("mod-1", "moderator")
	const sel = `a: creator { handle } b: creator { displayName }`
	const want = `"a":{"handle":"writer"},"b":{"displayName":"The Writer"}`
	for _, tc := range []struct{ name, query string }{
		{"node", `query($id: ID!) { node(id: $id) { ... on Submission { ` + sel + ` } } }`},
		{"nodes", `query($id: ID!) { nodes(ids: [$id]) { ... on Submission { ` + sel + ` } } }`},
		{"node, aliases in two fragments", `query($id: ID!) { node(id: $id) { id ...A ...B } }
		  fragment A on Submission { a: creator { handle } } fragment B on Submission { b: creator { displayName } }`},
		{"node, beside another type's fields", `query($id: ID!) { node(id: $id) { ... on Content { a: creator { bio } }
		  ... on Submission { ` + sel + ` } } }`},
		{"the moderation queue", `{ moderationQueue(first: 10) { edges { node { ` + sel + ` } } } }`},
		{"submissions, in a fragment", `{ submissions(first: 10) { edges { node { ...S } } } } fragment S on Submission { ` + sel + ` }`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := h.Do(mod, tc.query, map[string]any{"id": created.CreateSubmission.ID})
			if len(res.Errors) > 0 || !strings.Contains(res.Raw, want) {
				t.Fatalf("got %s\nwant both aliases' fields: %s", res.Raw, want)
			}
		})
	}
	// Aliases below aliases: each alias of the creator asks for its contents under its own
	// alias (a list with arguments keeps its alias), and the creator's columns of both.
	res := h.Do(mod, `query($id: ID!) { node(id: $id) { ... on Submission {
	  a: creator { handle first: contents(first: 1) { edges { node { title } } } }
	  b: creator { displayName all: contents(first: 5) { totalCount } } } } }`, map[string]any{"id": created.CreateSubmission.ID})
	const deep = `{"node":{"a":{"handle":"writer","first":{"edges":[{"node":{"title":"Earlier piece"}}]}},` +
		`"b":{"displayName":"The Writer","all":{"totalCount":1}}}}`
	if len(res.Errors) > 0 || string(res.Data) != deep {
		t.Fatalf("got %s\nwant %s", res.Raw, deep)
	}
}

package graph_test

import (
	"context"
	"strings"
	"testing"

	"haven/apptest"
	"haven/database"
	"haven/ent"
	"haven/ent/content"
	"haven/ent/credential"
)

// lookupQueries are node(id) and creator(handle) requests the direct write answers, checked
// byte for byte against gqlgen's own answers on oddFeed's data.
var lookupQueries = []struct {
	name, query string
}{
	{"node: the load tool's", loadNodeQuery},
	{"node: every field", `query($id: ID!) { node(id: $id) { __typename id ... on Content { createdAt updatedAt kind title summary
	  body mediaURL thumbnailURL durationSeconds language hashtags status contentWarning clinicallyReviewed publishedAt
	  creator { __typename id createdAt updatedAt handle displayName bio avatarURL verifiedProfessional }
	  organization { __typename id createdAt updatedAt slug name description websiteURL kind verified regions }
	  topics { __typename id slug name description sensitive } } } }`},
	{"node: aliases and fragments", `query($id: ID!) { item: node(id: $id) { ...Card ... on Node { key: id }
	  ... on Creator { handle } } }
	  fragment Card on Content { t: title by: creator { h: handle } first: topics { slug } second: topics { name } }`},
	{"node: no edges", `query($id: ID!) { node(id: $id) { id ... on Content { title } } }`},
}

// lookupCreatorQueries are creator(handle) requests, each with the handle to ask for.
var lookupCreatorQueries = []struct {
	name, query, handle string
}{
	{"creator: the load tool's", loadCreatorQuery, "plain"},
	{"creator: every field", `query($h: String!) { creator(handle: $h) { __typename id createdAt updatedAt handle displayName
	  bio avatarURL verifiedProfessional contents(first: 5) { totalCount edges { cursor node { id title
	  creator { handle } organization { slug regions } topics { slug } } } pageInfo { hasNextPage endCursor } } } }`, "fancy"},
	{"creator: with credentials", `query($h: String!) { creator(handle: $h) { handle credentials { kind status } } }`, "fancy"},
	{"creator: a handle written loosely", `query($h: String!) { creator(handle: $h) { handle displayName } }`, " @Fancy "},
	{"creator: no such handle", `query($h: String!) { creator(handle: $h) { handle } }`, "nobody"},
}

// TestLookupsWriteWhatGqlgenWrites: node(id) of every piece of oddFeed (and of a creator and a
// topic, which gqlgen writes) and creator(handle) answer as gqlgen alone does, the order of a
// piece's topics aside, asked twice (the second time from memory).
func TestLookupsWriteWhatGqlgenWrites(t *testing.T) {
	h := apptest.New(t, apptest.Options{NoResponseCache: true})
	oddFeed(t, h)
	plain := gqlgenOnly(h)
	var ids []int
	if err := h.Client().Content.Query().Order(ent.Asc(content.FieldID)).Limit(8).Select(content.FieldID).Scan(h.System(), &ids); err != nil {
		t.Fatal(err)
	}
	others := []int{h.Client().Creator.Query().FirstIDX(h.System()), h.Client().Topic.Query().FirstIDX(h.System())}
	for _, q := range lookupQueries {
		t.Run(q.name, func(t *testing.T) {
			for _, id := range append(ids, others...) {
				vars := map[string]any{"id": apptest.GID(id)}
				want := rawAnswer(t, plain, q.query, vars)
				if strings.Contains(want, `"errors"`) || strings.Contains(want, `"node":null`) && id != others[0] && id != others[1] {
					t.Fatalf("gqlgen's answer for %d: %s", id, want)
				}
				for range 2 {
					if got := rawAnswer(t, h.Handler(), q.query, vars); sortTopics(got) != sortTopics(want) {
						t.Fatalf("node %d: direct write differs from gqlgen\n got: %s\nwant: %s", id, got, want)
					}
				}
			}
		})
	}
	for _, q := range lookupCreatorQueries {
		t.Run(q.name, func(t *testing.T) {
			vars := map[string]any{"h": q.handle}
			want := rawAnswer(t, plain, q.query, vars)
			if strings.Contains(want, `"errors"`) {
				t.Fatalf("gqlgen answered with errors: %s", want)
			}
			for range 2 {
				if got := rawAnswer(t, h.Handler(), q.query, vars); sortTopics(got) != sortTopics(want) {
					t.Fatalf("direct write differs from gqlgen\n got: %s\nwant: %s", got, want)
				}
			}
		})
	}
}

// TestNodeIsOneStatement: with creators, organizations and topics in memory, node(id) of a
// piece is one statement — the row and its topics' IDs — whatever it selects, and so is a
// piece the reader may not see (null).
func TestNodeIsOneStatement(t *testing.T) {
	h := apptest.New(t, apptest.Options{NoResponseCache: true})
	rows := richFeed(h, 20)
	draft := h.Content("A draft").Status(content.StatusUNPUBLISHED).Create()
	h.Query(anonymous, feedQuery, map[string]any{"first": 20}, nil) // fills the dimension cache
	for _, q := range lookupQueries {
		for _, id := range []int{rows[0].ID, rows[7].ID, rows[19].ID, draft.ID} {
			var res *apptest.Response
			if n := h.Statements(func() { res = h.Do(anonymous, q.query, map[string]any{"id": apptest.GID(id)}) }); n != 1 {
				t.Fatalf("%s, node %d: %d statements, want 1", q.name, id, n)
			}
			if len(res.Errors) > 0 || (id == draft.ID) != strings.HasSuffix(res.Raw, `":null}}`) {
				t.Fatalf("%s, node %d: %s", q.name, id, res.Raw)
			}
		}
	}
}

// TestCreatorByHandleIsOneStatement: creator(handle) with a page of its contents is the page
// alone, whatever its size, once the creator is in memory.
func TestCreatorByHandleIsOneStatement(t *testing.T) {
	h := apptest.New(t, apptest.Options{NoResponseCache: true})
	richFeed(h, 100) // 20 pieces by each of 5 creators
	const q = `query($h: String!, $first: Int) { creator(handle: $h) { handle displayName bio
	  contents(first: $first) { edges { node { id title publishedAt creator { handle } organization { name } } } } } }`
	var out struct {
		Creator struct {
			Contents struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
	}
	h.Query(anonymous, q, map[string]any{"h": "creator2", "first": 20}, &out) // fills the dimension cache
	for _, first := range []int{1, 10, 20} {
		if n := h.Statements(func() { h.Query(anonymous, q, map[string]any{"h": "creator2", "first": first}, &out) }); n != 1 {
			t.Fatalf("first: %d: %d statements, want 1", first, n)
		}
		if len(out.Creator.Contents.Edges) != first {
			t.Fatalf("first: %d: %d pieces", first, len(out.Creator.Contents.Edges))
		}
	}
	if n := h.Statements(func() { h.Query(anonymous, q, map[string]any{"h": "nobody", "first": 5}, nil) }); n != 1 {
		t.Fatalf("an unknown handle: %d statements, want 1", n)
	}
}

// TestNodeKeepsDraftsPrivate: node(id) of a piece that is not live is null to the public and to
// other signed-in readers, and shown to its creator and to staff who see unpublished content —
// exactly as gqlgen's own path answers.
func TestNodeKeepsDraftsPrivate(t *testing.T) {
	h := apptest.New(t, apptest.Options{NoResponseCache: true})
	c := h.Creator("drafter").Owner("drafter-1").Create()
	live := h.Content("Live piece").By(c).Create()
	hidden := h.Content("Unpublished piece").By(c).Status(content.StatusUNPUBLISHED).Create()
	removed := h.Content("Removed piece").By(c).Status(content.StatusREMOVED).Create()
	const q = `query($id: ID!) { node(id: $id) { id ... on Content { title status creator { handle } } } }`
	for _, tc := range []struct {
		who   string
		token string
		sees  bool
	}{
		{"the public", anonymous, false},
		{"another creator", h.Token("other-1", "creator"), false},
		{"the piece's creator", h.Token("drafter-1", "creator"), true},
		{"a moderator", h.Token("mod-1", "moderator"), true},
	} {
		for _, p := range []*ent.Content{live, hidden, removed} {
			var out struct{ Node *struct{ Title string } }
			h.Query(tc.token, q, map[string]any{"id": apptest.GID(p.ID)}, &out)
			want := p == live || tc.sees
			if (out.Node != nil) != want || out.Node != nil && out.Node.Title != p.Title {
				t.Errorf("%s, %q: got %+v, want visible %v", tc.who, p.Title, out.Node, want)
			}
		}
	}
	plain := gqlgenOnly(h)
	for _, p := range []*ent.Content{hidden, removed} {
		vars := map[string]any{"id": apptest.GID(p.ID)}
		if want, got := rawAnswer(t, plain, q, vars), rawAnswer(t, h.Handler(), q, vars); got != want || want != `{"data":{"node":null}}` {
			t.Fatalf("%q to the public\n got: %s\nwant: %s", p.Title, got, want)
		}
	}
}

// TestCreatorFromMemoryKeepsLicenseNumbersPrivate: a creator served from memory after its owner
// read it (with the license numbers they may see) shows the public none of them.
func TestCreatorFromMemoryKeepsLicenseNumbersPrivate(t *testing.T) {
	h := apptest.New(t, apptest.Options{NoResponseCache: true})
	c := h.Creator("licensed").Owner("licensed-1").Create()
	h.Client().Credential.Create().SetCreator(c).SetKind(credential.KindLPC).SetJurisdiction("US-TX").
		SetLicenseNumber("LPC 4242").SetExpiresAt(h.Clock.Now().AddDate(1, 0, 0)).SaveX(h.System())
	const q = `{ creator(handle: "licensed") { handle credentials { kind licenseNumber } } }`
	if res := h.Do(h.Token("licensed-1", "creator"), q, nil); !strings.Contains(res.Raw, "LPC 4242") {
		t.Fatalf("the owner does not see their license number: %s", res.Raw)
	}
	for _, token := range []string{anonymous, h.Token("other-1", "creator")} {
		var res *apptest.Response
		n := h.Statements(func() { res = h.Do(token, q, nil) })
		if token == anonymous && n != 1 { // the creator from memory; its credentials
			t.Fatalf("%d statements, want 1", n)
		}
		if strings.Contains(res.Raw, "LPC 4242") || !strings.Contains(res.Raw, `"licenseNumber":null`) {
			t.Fatalf("a license number reaches another reader: %s", res.Raw)
		}
	}
}

// TestLookupsShowProfileChangesAtOnce: creator(handle) and node(id) read creators from memory,
// yet the next answer after a profile change shows it — a new display name, a new creator — and
// a rolled-back change shows nothing.
func TestLookupsShowProfileChangesAtOnce(t *testing.T) {
	h := apptest.New(t, apptest.Options{NoResponseCache: true})
	ctx := h.System()
	c := h.Creator("jeff.test").Owner("creator-1").Create()
	piece := h.Content("Live piece").By(c).Create()
	const byHandle = `query($h: String!) { creator(handle: $h) { handle displayName contents(first: 1) { edges { node { title } } } } }`
	const byID = `query($id: ID!) { node(id: $id) { ... on Content { creator { handle displayName } } } }`
	read := func(query string, vars map[string]any) string {
		t.Helper()
		var body string
		for range 2 { // the first answer, then one from memory: both must show it
			body = rawAnswer(t, h.Handler(), query, vars)
		}
		return body
	}
	node := map[string]any{"id": apptest.GID(piece.ID)}
	read(byHandle, map[string]any{"h": "jeff.test"})
	read(byID, node)

	if err := database.WithTx(ctx, h.Client(), func(ctx context.Context, tx *ent.Tx) error {
		return tx.Creator.UpdateOneID(c.ID).SetDisplayName("Jeff, renamed").Exec(ctx)
	}); err != nil {
		t.Fatal(err)
	}
	for _, body := range []string{read(byHandle, map[string]any{"h": "jeff.test"}), read(byID, node)} {
		if !strings.Contains(body, `"displayName":"Jeff, renamed"`) {
			t.Fatalf("after a rename: %s", body)
		}
	}

	// Handles never change; a handle nobody has is not remembered, so a new creator shows at once.
	if body := read(byHandle, map[string]any{"h": "newcomer"}); body != `{"data":{"creator":null}}` {
		t.Fatalf("a handle nobody has: %s", body)
	}
	h.Creator("newcomer").Owner("creator-2").Create()
	if body := read(byHandle, map[string]any{"h": "newcomer"}); !strings.Contains(body, `"handle":"newcomer"`) {
		t.Fatalf("a new creator: %s", body)
	}

	renameRolledBack(t, ctx, h, c.ID)
	if body := read(byHandle, map[string]any{"h": "jeff.test"}); !strings.Contains(body, "Jeff, renamed") {
		t.Fatalf("after a rollback: %s", body)
	}
}

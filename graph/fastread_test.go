package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"haven/apptest"
	"haven/database"
	"haven/ent"
	"haven/ent/schema/enum"
	"haven/graph"
)

// gqlgenOnly is a GraphQL handler over h's database without the direct write of the public read
// path (no dimension cache): every answer is gqlgen's own.
func gqlgenOnly(h *apptest.Hub) http.Handler {
	r := graph.NewResolver(graph.Services{Client: h.Client(), Clock: h.Clock, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	return graph.NewHandler(r, graph.Options{Limits: graph.DefaultLimits, Introspection: true})
}

// rawAnswer posts an anonymous operation to handler and returns the body as written.
func rawAnswer(t *testing.T, handler http.Handler, query string, vars map[string]any) string {
	t.Helper()
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	handler.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("HTTP %d: %s", rec.Code, rec.Body.String())
	}
	return rec.Body.String()
}

// oddFeed is content whose every field takes its awkward values: text to escape, missing
// optional fields, no organization, no creator, no topics, a verified creator, regions.
func oddFeed(t *testing.T, h *apptest.Hub) {
	t.Helper()
	ctx := h.System()
	anxiety := h.Topic("odd-anxiety").Create()
	grief := h.Topic("odd-grief").Sensitive().Create()
	if _, err := grief.Update().SetDescription("Loss \"and\" <mourning>\n\ttabs\\slashes\u0001 ünïcødé 💬").Save(ctx); err != nil {
		t.Fatal(err)
	}
	plain := h.Creator("plain").Owner("odd-plain").Create()
	fancy := h.Creator("fancy").Owner("odd-fancy").Create()
	if _, err := fancy.Update().SetBio("Bio with \"quotes\"\r\nand lines").SetAvatarURL("https://example.org/a.png").
		SetVerifiedUntil(h.Clock.Now().Add(24 * time.Hour)).Save(ctx); err != nil {
		t.Fatal(err)
	}
	org := h.Organization("odd-org").Create()
	if _, err := org.Update().SetDescription("An organization").SetWebsiteURL("https://example.org").
		SetRegions([]string{"US", "CA", "Québec"}).Save(ctx); err != nil {
		t.Fatal(err)
	}
	bare := h.Organization("bare-org").Create()
	h.Content("Quotes \" backslash \\ newline \n tab \t control \u0002 emoji 🌱").By(fancy).Of(org).Topics(anxiety, grief).Tags("#SelfCare", "#Ünïcode").Create()
	h.Content("No organization").By(plain).Topics(grief).Kind(enum.KindVideo).Language("es").Age(2).Create()
	h.Content("No creator").Of(bare).Age(3).Create()
	h.Content("Nothing at all").Age(4).Create()
	v := h.Content("With media").By(plain).Of(bare).Topics(anxiety).Age(5).Create()
	if _, err := v.Update().SetMediaURL("https://example.org/v.mp4").SetThumbnailURL("https://example.org/t.png").
		SetDurationSeconds(95).ClearBody().SetClinicallyReviewed(true).Save(ctx); err != nil {
		t.Fatal(err)
	}
	richFeed(h, 30)
}

// fastReadQueries select every field the direct write writes, with aliases, fragments,
// __typename, @skip/@include and nested connections.
var fastReadQueries = []struct {
	name, query string
	vars        map[string]any
}{
	{"feed", feedQuery, map[string]any{"first": 20}},
	{"every field", `query($first: Int) { contents(first: $first) { __typename totalCount
	  pageInfo { __typename hasNextPage hasPreviousPage startCursor endCursor }
	  edges { __typename cursor node { __typename id createdAt updatedAt kind title summary body mediaURL
	    thumbnailURL durationSeconds language hashtags status contentWarning clinicallyReviewed publishedAt
	    creator { __typename id createdAt updatedAt handle displayName bio avatarURL verifiedProfessional }
	    organization { __typename id createdAt updatedAt slug name description websiteURL kind verified regions }
	    topics { __typename id slug name description sensitive } } } } }`, map[string]any{"first": 40}},
	{"aliases and fragments", `query($first: Int, $skip: Boolean!, $yes: Boolean!) { feed: contents(first: $first) {
	  list: edges { at: cursor item: node { ...Card ... on Node { id } t: title @skip(if: $skip) s: summary @include(if: $yes)
	    by: creator { h: handle } by2: creator { displayName } first: topics { slug } second: topics { name } } }
	  more: pageInfo { next: hasNextPage end: endCursor } } }
	  fragment Card on Content { title creator { handle ... on Creator { verifiedProfessional } } organization { ...Org } }
	  fragment Org on Organization { slug name regions }`, map[string]any{"first": 12, "skip": true, "yes": true}},
	{"backwards", `{ contents(last: 5) { edges { node { id title creator { handle } } } pageInfo { hasPreviousPage startCursor } } }`, nil},
	{"ordered and filtered", `{ contents(first: 10, orderBy: {field: TITLE, direction: ASC}, where: {kindIn: [ARTICLE, VIDEO]}) { edges { node { id title kind organization { slug } } } } }`, nil},
	{"count only", `{ contents { totalCount } }`, nil},
	{"page info only", `{ contents(first: 3) { pageInfo { hasNextPage endCursor } } }`, nil},
	{"creator's contents", `{ creator(handle: "fancy") { handle contents(first: 5) { edges { node { title creator { handle bio } organization { name regions } topics { name description } } } } } }`, nil},
	{"organization's contents", `{ organization(slug: "bare-org") { name contents(first: 5) { totalCount edges { node { title creator { handle } } } } } }`, nil},
}

// topicLists are the keys of the test queries' topic lists.
var topicLists = map[string]bool{`"topics"`: true, `"first"`: true, `"second"`: true}

// sortTopics returns a compact JSON answer with the elements of every topic list sorted as
// text, every other byte as it was. The order of a piece's topics is not part of the API:
// gqlgen's path lists them in the order the database joins them (on PostgreSQL not always the
// same), the direct write in ID order.
func sortTopics(body string) string {
	var value func(i int) (string, int)
	str := func(i int) int { // i at the opening quote; returns the index after the closing one
		for i++; body[i] != '"'; i++ {
			if body[i] == '\\' {
				i++
			}
		}
		return i + 1
	}
	value = func(i int) (string, int) {
		switch body[i] {
		case '{':
			var b strings.Builder
			b.WriteByte('{')
			for i++; body[i] != '}'; {
				if body[i] == ',' {
					b.WriteByte(',')
					i++
				}
				end := str(i)
				key := body[i:end]
				b.WriteString(key)
				b.WriteByte(':')
				v, next := value(end + 1)
				if topicLists[key] && strings.HasPrefix(v, "[") && v != "[]" {
					v = sortedArray(v)
				}
				b.WriteString(v)
				i = next
			}
			b.WriteByte('}')
			return b.String(), i + 1
		case '[':
			var b strings.Builder
			b.WriteByte('[')
			for i++; body[i] != ']'; {
				if body[i] == ',' {
					b.WriteByte(',')
					i++
				}
				v, next := value(i)
				b.WriteString(v)
				i = next
			}
			b.WriteByte(']')
			return b.String(), i + 1
		case '"':
			end := str(i)
			return body[i:end], end
		}
		end := i
		for end < len(body) && !strings.ContainsRune(",}]", rune(body[end])) {
			end++
		}
		return body[i:end], end
	}
	out, _ := value(0)
	return out
}

// sortedArray sorts the elements of the normalized compact array v as text.
func sortedArray(v string) string {
	var elems []string
	depth, start, inStr := 0, 1, false
	for i := 1; i < len(v)-1; i++ {
		switch c := v[i]; {
		case inStr && c == '\\':
			i++
		case c == '"':
			inStr = !inStr
		case inStr:
		case c == '{' || c == '[':
			depth++
		case c == '}' || c == ']':
			depth--
		case c == ',' && depth == 0:
			elems = append(elems, v[start:i])
			start = i + 1
		}
	}
	elems = append(elems, v[start:len(v)-1])
	slices.Sort(elems)
	return "[" + strings.Join(elems, ",") + "]"
}

func TestSortTopics(t *testing.T) {
	in := `{"data":{"a":[{"x":"b"},{"x":"a"}],"topics":[{"slug":"z\\\"]"},{"slug":"a,b"}],"n":null,"first":[],"e":"\\u0002"}}`
	want := `{"data":{"a":[{"x":"b"},{"x":"a"}],"topics":[{"slug":"a,b"},{"slug":"z\\\"]"}],"n":null,"first":[],"e":"\\u0002"}}`
	if got := sortTopics(in); got != want {
		t.Fatalf("sortTopics\n got: %s\nwant: %s", got, want)
	}
}

// TestFastReadWritesWhatGqlgenWrites compares, byte for byte, the answers of the direct write
// with gqlgen's own, for every field it writes, on the same data (the order of a piece's topics
// aside, see sortTopics).
func TestFastReadWritesWhatGqlgenWrites(t *testing.T) {
	h := apptest.New(t, apptest.Options{NoResponseCache: true})
	oddFeed(t, h)
	plain := gqlgenOnly(h)
	for _, q := range fastReadQueries {
		t.Run(q.name, func(t *testing.T) {
			want := rawAnswer(t, plain, q.query, q.vars)
			got := rawAnswer(t, h.Handler(), q.query, q.vars)
			if strings.Contains(want, `"errors"`) {
				t.Fatalf("gqlgen answered with errors: %s", want)
			}
			if sortTopics(got) != sortTopics(want) {
				t.Fatalf("direct write differs from gqlgen\n got: %s\nwant: %s", got, want)
			}
		})
	}
	// node(id) of each piece, by itself and among other fields.
	var ids []int
	if err := h.Client().Content.Query().Select("id").Scan(h.System(), &ids); err != nil {
		t.Fatal(err)
	}
	for _, id := range ids[:8] {
		q := `query($id: ID!) { node(id: $id) { __typename id ... on Content { title body hashtags creator { handle verifiedProfessional } organization { slug regions } topics { slug description } } } }`
		vars := map[string]any{"id": apptest.GID(id)}
		if want, got := rawAnswer(t, plain, q, vars), rawAnswer(t, h.Handler(), q, vars); sortTopics(got) != sortTopics(want) {
			t.Fatalf("node %d: direct write differs from gqlgen\n got: %s\nwant: %s", id, got, want)
		}
	}
}

// TestFastReadLeavesTheRestToGqlgen: selections with anything the direct write does not write —
// a field with a resolver of its own, a private field — are answered by gqlgen, with the same
// rules as before.
func TestFastReadLeavesTheRestToGqlgen(t *testing.T) {
	h := apptest.New(t, apptest.Options{NoResponseCache: true})
	oddFeed(t, h)
	plain := gqlgenOnly(h)
	for _, q := range []string{
		`{ contents(first: 5) { edges { node { title creator { handle credentials { kind status } } } } } }`,
		`{ contents(first: 5) { edges { node { title creator { contents(first: 1) { totalCount } } } } } }`,
		`{ node(id: "1") { id ... on Creator { handle credentials { kind } } } }`,
	} {
		if want, got := rawAnswer(t, plain, q, nil), rawAnswer(t, h.Handler(), q, nil); got != want {
			t.Fatalf("%s\n got: %s\nwant: %s", q, got, want)
		}
	}
}

// TestFeedPageIsOneStatement: with the creators, organizations and topics in memory, a page of
// the feed is one statement — the page of contents, each with its topics' IDs — whatever its
// size; with totalCount, the count and the topics' IDs are a statement each.
func TestFeedPageIsOneStatement(t *testing.T) {
	h := apptest.New(t, apptest.Options{NoResponseCache: true})
	richFeed(h, 60)
	var page feedPage
	h.Query(anonymous, feedQuery, map[string]any{"first": 50}, &page) // fills the dimension cache
	const counted = `query($first: Int, $after: Cursor) { contents(first: $first, after: $after) { totalCount
	  edges { node { title creator { handle } organization { slug } topics { name } } } pageInfo { endCursor } } }`
	for _, tc := range []struct {
		query string
		want  int
	}{{feedQuery, 1}, {strings.Replace(loadFeedQuery, "($after: Cursor) { contents(first: 20,", "($first: Int, $after: Cursor) { contents(first: $first,", 1), 1}, {counted, 3}} {
		for _, n := range []int{5, 20, 50} {
			var after *string
			for range 2 { // the first page and the next one
				got := h.Statements(func() {
					h.Query(anonymous, tc.query, map[string]any{"first": n, "after": after}, &page)
				})
				if got != tc.want {
					t.Fatalf("%.40s… first: %d after %v: %d statements, want %d", tc.query, n, after, got, tc.want)
				}
				e := page.Contents.Edges
				if len(e) == 0 || e[0].Node.Creator == nil || e[0].Node.Organization == nil || len(e[0].Node.Topics) != 2 {
					t.Fatalf("first: %d: %+v", n, e)
				}
				after = page.Contents.PageInfo.EndCursor
			}
		}
	}
}

const profileFeedQuery = `{ contents(first: 10) { edges { node { title
  creator { handle displayName verifiedProfessional } organization { slug name } topics { name } } } } }`

// TestFeedShowsProfileChangesAtOnce: creators, organizations and topics are written from memory,
// yet the next anonymous answer after a change to any of them shows it — in a transaction or not, with
// the response cache on or off — and a rolled-back change shows nothing.
func TestFeedShowsProfileChangesAtOnce(t *testing.T) {
	for _, cached := range []bool{false, true} {
		t.Run(map[bool]string{false: "response cache off", true: "response cache on"}[cached], func(t *testing.T) {
			h := apptest.New(t, apptest.Options{NoResponseCache: !cached})
			ctx := h.System()
			c := h.Creator("jeff.test").Owner("creator-1").Create()
			o := h.Organization("nami-test").Create()
			topic := h.Topic("anxiety").Create()
			h.Content("Live piece").By(c).Of(o).Topics(topic).Create()
			read := func() string {
				t.Helper()
				return rawAnswer(t, h.Handler(), profileFeedQuery, nil)
			}
			for range 3 { // in memory, and in the response cache when it is on
				if body := read(); !strings.Contains(body, `"verifiedProfessional":false`) {
					t.Fatalf("before: %s", body)
				}
			}
			steps := []struct {
				name   string
				change func() error
				shows  string
			}{
				{"creator renamed in a transaction", func() error {
					return database.WithTx(ctx, h.Client(), func(ctx context.Context, tx *ent.Tx) error {
						return tx.Creator.UpdateOneID(c.ID).SetDisplayName("Jeff, renamed").Exec(ctx)
					})
				}, `"displayName":"Jeff, renamed"`},
				{"organization renamed", func() error {
					return h.Client().Organization.UpdateOneID(o.ID).SetName("NAMI, renamed").Exec(ctx)
				}, `"name":"NAMI, renamed"`},
				{"topic renamed", func() error {
					return h.Client().Topic.UpdateOneID(topic.ID).SetName("Anxiety, renamed").Exec(ctx)
				}, `"name":"Anxiety, renamed"`},
				{"creator verified", func() error {
					return h.Client().Creator.UpdateOneID(c.ID).SetVerifiedUntil(h.Clock.Now().Add(time.Hour)).Exec(ctx)
				}, `"verifiedProfessional":true`},
			}
			for _, s := range steps {
				if err := s.change(); err != nil {
					t.Fatalf("%s: %v", s.name, err)
				}
				if body := read(); !strings.Contains(body, s.shows) {
					t.Fatalf("%s: the next anonymous answer does not show it: %s", s.name, body)
				}
				read() // and again, now from memory
			}
			renameRolledBack(t, ctx, h, c.ID)
			if body := read(); strings.Contains(body, "Never committed") || !strings.Contains(body, "Jeff, renamed") {
				t.Fatalf("after a rollback: %s", body)
			}
		})
	}
}

// TestProfileReadDuringWriteIsNotKept: a reader that reads a creator while a transaction renames
// it keeps the old name only until the transaction commits (PostgreSQL: SQLite serializes
// the reader behind the writer).
func TestProfileReadDuringWriteIsNotKept(t *testing.T) {
	if !apptest.Postgres() {
		t.Skip("a read beside an open write transaction needs PostgreSQL; set TEST_DATABASE_URL")
	}
	h := apptest.New(t, apptest.Options{NoResponseCache: true})
	ctx := h.System()
	c := h.Creator("jeff.test").Owner("creator-1").Create()
	h.Content("Live piece").By(c).Create()
	tx, err := h.Client().Tx(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.Creator.UpdateOneID(c.ID).SetDisplayName("Jeff, renamed").Exec(ctx); err != nil {
		t.Fatal(err)
	}
	// Nothing in memory yet: this read loads the committed (old) row while the rename is open.
	if body := rawAnswer(t, h.Handler(), profileFeedQuery, nil); strings.Contains(body, "renamed") {
		t.Fatalf("an uncommitted rename is visible: %s", body)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if body := rawAnswer(t, h.Handler(), profileFeedQuery, nil); !strings.Contains(body, "Jeff, renamed") {
		t.Fatalf("after the commit the answer keeps the row read before it: %s", body)
	}
}

// TestProfileChangesReachOtherReplicas: on PostgreSQL, a creator, organization or topic changed
// through one replica shows in another replica's feed within a second, with its response cache on or
// off (LISTEN/NOTIFY ends its dimension cache's generation).
func TestProfileChangesReachOtherReplicas(t *testing.T) {
	if !apptest.Postgres() {
		t.Skip("replicas share a database only on PostgreSQL; set TEST_DATABASE_URL")
	}
	a := apptest.New(t, apptest.Options{NoResponseCache: true})
	ctx := a.System()
	c := a.Creator("jeff.test").Owner("creator-1").Create()
	o := a.Organization("nami-test").Create()
	tp := a.Topic("anxiety").Create()
	a.Content("Live piece").By(c).Of(o).Topics(tp).Create()
	replicas := map[string]*apptest.Hub{
		"response cache off": apptest.New(t, apptest.Options{Driver: a.Config.Driver, DSN: a.Config.DSN, NoResponseCache: true}),
		"response cache on":  apptest.New(t, apptest.Options{Driver: a.Config.Driver, DSN: a.Config.DSN}),
	}
	steps := []struct {
		change func()
		shows  string
	}{
		{func() { a.Client().Creator.UpdateOneID(c.ID).SetDisplayName("Renamed on A").ExecX(ctx) }, `"displayName":"Renamed on A"`},
		{func() { a.Client().Organization.UpdateOneID(o.ID).SetName("Org renamed on A").ExecX(ctx) }, `"name":"Org renamed on A"`},
		{func() { a.Client().Topic.UpdateOneID(tp.ID).SetName("Topic renamed on A").ExecX(ctx) }, `"name":"Topic renamed on A"`},
	}
	for _, s := range steps {
		for _, b := range replicas {
			for range 3 {
				rawAnswer(t, b.Handler(), profileFeedQuery, nil)
			}
		}
		s.change()
		for name, b := range replicas {
			deadline := time.Now().Add(time.Second)
			for {
				body := rawAnswer(t, b.Handler(), profileFeedQuery, nil)
				if strings.Contains(body, s.shows) {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("%s: replica B still answers without %s a second after A committed it: %s", name, s.shows, body)
				}
				time.Sleep(20 * time.Millisecond)
			}
		}
	}
}

// renameRolledBack renames creator id to "Never committed" in a transaction that rolls back.
func renameRolledBack(t *testing.T, ctx context.Context, h *apptest.Hub, id int) {
	t.Helper()
	err := database.WithTx(ctx, h.Client(), func(ctx context.Context, tx *ent.Tx) error {
		if err := tx.Creator.UpdateOneID(id).SetDisplayName("Never committed").Exec(ctx); err != nil {
			return err
		}
		return errors.New("roll back")
	})
	if err == nil {
		t.Fatal("the transaction committed")
	}
}

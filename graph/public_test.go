package graph_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"haven/app"
	"haven/apptest"
	"haven/ent"
	"haven/ent/auditevent"
	"haven/ent/content"
	"haven/ent/report"
	"haven/ent/schema/enum"
	"haven/ent/submission"
)

// anonymous is the token of a visitor who is not signed in.
const anonymous = ""

// conn is a content connection as the tests read it.
type conn struct {
	Edges []struct {
		Cursor string
		Node   struct {
			ID    string
			Title string
		}
	}
	PageInfo struct {
		HasNextPage     bool
		HasPreviousPage bool
		StartCursor     *string
		EndCursor       *string
	}
}

func (c conn) titles() []string {
	out := make([]string, len(c.Edges))
	for i, e := range c.Edges {
		out[i] = e.Node.Title
	}
	return out
}

const pageQuery = `query($first: Int, $after: Cursor, $last: Int, $before: Cursor, $order: ContentOrder, $where: ContentWhereInput) {
  contents(first: $first, after: $after, last: $last, before: $before, orderBy: $order, where: $where) {
    edges { cursor node { id title } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`

// contents runs one page of the public feed.
func contents(h *apptest.Hub, token string, vars map[string]any) conn {
	h.T.Helper()
	var out struct{ Contents conn }
	h.Query(token, pageQuery, vars, &out)
	return out.Contents
}

// walk pages through the feed in pages of size, forward with first/after or backward with
// last/before, and returns the titles in feed order. It checks pageInfo on every page.
func walk(h *apptest.Hub, token string, size int, forward bool, order, where map[string]any) []string {
	h.T.Helper()
	var all []string
	var cur *string
	for pages := 0; ; pages++ {
		if pages > 200 {
			h.T.Fatalf("walk: no end after %d pages", pages)
		}
		vars := map[string]any{"order": order, "where": where}
		if forward {
			vars["first"], vars["after"] = size, cur
		} else {
			vars["last"], vars["before"] = size, cur
		}
		p := contents(h, token, vars)
		if len(p.Edges) > size {
			h.T.Fatalf("walk: page of %d items with size %d", len(p.Edges), size)
		}
		if len(p.Edges) > 0 && (p.PageInfo.StartCursor == nil || *p.PageInfo.StartCursor != p.Edges[0].Cursor ||
			p.PageInfo.EndCursor == nil || *p.PageInfo.EndCursor != p.Edges[len(p.Edges)-1].Cursor) {
			h.T.Fatalf("walk: startCursor/endCursor do not match the page's edges")
		}
		if forward {
			all = append(all, p.titles()...)
			if p.PageInfo.HasPreviousPage != (pages > 0) {
				h.T.Fatalf("walk: page %d forward: hasPreviousPage %v", pages, p.PageInfo.HasPreviousPage)
			}
			if !p.PageInfo.HasNextPage {
				return all
			}
			if len(p.Edges) != size {
				h.T.Fatalf("walk: short page of %d items says hasNextPage", len(p.Edges))
			}
			cur = p.PageInfo.EndCursor
		} else {
			all = append(p.titles(), all...)
			if p.PageInfo.HasNextPage != (pages > 0) {
				h.T.Fatalf("walk: page %d backward: hasNextPage %v", pages, p.PageInfo.HasNextPage)
			}
			if !p.PageInfo.HasPreviousPage {
				return all
			}
			if len(p.Edges) != size {
				h.T.Fatalf("walk: short page of %d items says hasPreviousPage", len(p.Edges))
			}
			cur = p.PageInfo.StartCursor
		}
	}
}

// feedFixture is 23 live pieces published a minute apart and seven that are not live,
// interleaved in time; titles run in a different order from publication.
type feedFixture struct {
	live   []*ent.Content // newest first
	hidden []*ent.Content
}

func newFeed(h *apptest.Hub) feedFixture {
	h.T.Helper()
	topic := h.Topic("anxiety").Create()
	c := h.Creator("feedcreator").Owner("feed-owner").Create()
	o := h.Organization("feed-org").Create()
	var f feedFixture
	for i := range 30 {
		status := content.StatusLIVE
		switch i {
		case 3, 9, 15, 21:
			status = content.StatusUNPUBLISHED
		case 6, 12, 27:
			status = content.StatusREMOVED
		}
		// 11 and 30 are coprime, so the titles are a permutation of 00..29.
		row := h.Content(fmt.Sprintf("Piece %02d", (i*11)%30)).By(c).Of(o).Status(status).Age(i + 1).Topics(topic).Create()
		if status == content.StatusLIVE {
			f.live = append(f.live, row)
		} else {
			f.hidden = append(f.hidden, row)
		}
	}
	return f
}

func titlesOf(rows []*ent.Content) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.Title
	}
	return out
}

func TestFeedWalksEveryLiveItemOnceInOrder(t *testing.T) {
	h := apptest.New(t)
	f := newFeed(h)
	if len(f.live) != 23 {
		t.Fatalf("fixture: %d live rows", len(f.live))
	}
	newest := titlesOf(f.live)
	byTitle := slices.Sorted(slices.Values(newest))
	oldest := slices.Clone(newest)
	slices.Reverse(oldest)

	cases := []struct {
		name  string
		order map[string]any
		want  []string
	}{
		{"default order is newest first", nil, newest},
		{"published at ascending", map[string]any{"field": "PUBLISHED_AT", "direction": "ASC"}, oldest},
		{"title ascending", map[string]any{"field": "TITLE", "direction": "ASC"}, byTitle},
		{"title descending", map[string]any{"field": "TITLE", "direction": "DESC"}, reversed(byTitle)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, size := range []int{4, 1, 23, 100} {
				if got := walk(h, anonymous, size, true, tc.order, nil); !slices.Equal(got, tc.want) {
					t.Errorf("forward in pages of %d:\n got %v\nwant %v", size, got, tc.want)
				}
				if got := walk(h, anonymous, size, false, tc.order, nil); !slices.Equal(got, tc.want) {
					t.Errorf("backward in pages of %d:\n got %v\nwant %v", size, got, tc.want)
				}
			}
		})
	}

	t.Run("staff and owners read only live content through the feed too", func(t *testing.T) {
		for _, tok := range []string{h.Token("mod-1", "moderator", "publisher", "admin"), h.Token("feed-owner", "creator")} {
			if got := walk(h, tok, 4, true, nil, nil); !slices.Equal(got, newest) {
				t.Errorf("got %v\nwant %v", got, newest)
			}
		}
	})

	t.Run("a cursor from one order walks on from the same item", func(t *testing.T) {
		first := contents(h, anonymous, map[string]any{"first": 4})
		next := contents(h, anonymous, map[string]any{"first": 4, "after": first.PageInfo.EndCursor})
		if !slices.Equal(next.titles(), newest[4:8]) {
			t.Errorf("second page: %v, want %v", next.titles(), newest[4:8])
		}
		back := contents(h, anonymous, map[string]any{"last": 4, "before": next.PageInfo.StartCursor})
		if !slices.Equal(back.titles(), newest[:4]) || back.PageInfo.HasPreviousPage {
			t.Errorf("back from the second page: %v (hasPreviousPage %v), want %v", back.titles(), back.PageInfo.HasPreviousPage, newest[:4])
		}
	})

	t.Run("first: 0 is an empty page", func(t *testing.T) {
		if p := contents(h, anonymous, map[string]any{"first": 0}); len(p.Edges) != 0 {
			t.Errorf("first: 0 returned %d items", len(p.Edges))
		}
	})

	t.Run("no argument is a page of twenty", func(t *testing.T) {
		p := contents(h, anonymous, map[string]any{})
		if !slices.Equal(p.titles(), newest[:20]) || !p.PageInfo.HasNextPage {
			t.Errorf("default page: %v (hasNextPage %v)", p.titles(), p.PageInfo.HasNextPage)
		}
	})
}

func reversed(s []string) []string {
	out := slices.Clone(s)
	slices.Reverse(out)
	return out
}

func TestFeedWalksItemsPublishedAtTheSameInstant(t *testing.T) {
	h := apptest.New(t)
	h.Content("Older").Age(10).Create()
	for i := range 9 {
		h.Content(fmt.Sprintf("Same time %d", i)).Age(5).Create()
	}
	h.Content("Newer").Create()
	// Ties are broken by ID in the order's direction: the later row first when newest first.
	want := []string{"Newer"}
	for i := 8; i >= 0; i-- {
		want = append(want, fmt.Sprintf("Same time %d", i))
	}
	want = append(want, "Older")
	for _, size := range []int{1, 2, 4} {
		if got := walk(h, anonymous, size, true, nil, nil); !slices.Equal(got, want) {
			t.Errorf("forward in pages of %d: %v\nwant %v", size, got, want)
		}
		if got := walk(h, anonymous, size, false, nil, nil); !slices.Equal(got, want) {
			t.Errorf("backward in pages of %d: %v\nwant %v", size, got, want)
		}
	}
	oldest := reversed(want)
	if got := walk(h, anonymous, 3, true, map[string]any{"field": "PUBLISHED_AT", "direction": "ASC"}, nil); !slices.Equal(got, oldest) {
		t.Errorf("oldest first: %v\nwant %v", got, oldest)
	}
}

// filterFixture is a small hub in which every filter matches a different set.
func filterFixture(h *apptest.Hub) {
	h.T.Helper()
	anxiety := h.Topic("anxiety").Create()
	grief := h.Topic("grief").Create()
	eating := h.Topic("eating-disorders").Sensitive().Create()
	jeff := h.Creator("therapyjeff").Owner("jeff-sub").Create()
	kylie := h.Creator("nutritionbykylie").Owner("kylie-sub").Create()
	nami := h.Organization("nami").Create()
	afsp := h.Organization("afsp").Create()

	row := func(title string, kind enum.ContentKind, lang string, c *ent.Creator, o *ent.Organization, status content.Status, age int, tags []string, topics ...*ent.Topic) {
		h.Content(title).Kind(kind).Language(lang).By(c).Of(o).Status(status).Age(age).Tags(tags...).Topics(topics...).Create()
	}
	row("Box breathing", enum.KindVideo, "en", jeff, nami, content.StatusLIVE, 1, []string{"#MentalHealthAwareness", "#Breathe"}, anxiety)
	row("Grief letters", enum.KindArticle, "en", kylie, afsp, content.StatusLIVE, 2, []string{"#Grief"}, grief)
	row("Salud mental", enum.KindVideo, "es", jeff, nil, content.StatusLIVE, 3, []string{"#SaludMental", "#MentalHealthAwareness"}, anxiety)
	row("Eating guide", enum.KindGuide, "en", kylie, nami, content.StatusLIVE, 4, nil, eating, anxiety)
	row("Hidden video", enum.KindVideo, "es", jeff, nami, content.StatusUNPUBLISHED, 5, []string{"#MentalHealthAwareness"}, anxiety)
	row("Removed link", enum.KindResourceLink, "en", kylie, afsp, content.StatusREMOVED, 6, []string{"#Grief"}, grief)
}

func TestFeedFilters(t *testing.T) {
	h := apptest.New(t)
	filterFixture(h)
	cases := []struct {
		name  string
		where string // JSON
		want  []string
	}{
		{"none", `{}`, []string{"Box breathing", "Grief letters", "Salud mental", "Eating guide"}},
		{"kind", `{"kind": "VIDEO"}`, []string{"Box breathing", "Salud mental"}},
		{"kind in", `{"kindIn": ["GUIDE", "RESOURCE_LINK"]}`, []string{"Eating guide"}},
		{"language", `{"language": "es"}`, []string{"Salud mental"}},
		{"topic", `{"hasTopicsWith": [{"slug": "anxiety"}]}`, []string{"Box breathing", "Salud mental", "Eating guide"}},
		{"sensitive topic", `{"hasTopicsWith": [{"sensitive": true}]}`, []string{"Eating guide"}},
		{"creator", `{"hasCreatorWith": [{"handle": "nutritionbykylie"}]}`, []string{"Grief letters", "Eating guide"}},
		{"organization", `{"hasOrganizationWith": [{"slug": "nami"}]}`, []string{"Box breathing", "Eating guide"}},
		{"hashtag", `{"hasTagsWith": [{"name": "mentalhealthawareness"}]}`, []string{"Box breathing", "Salud mental"}},
		{"hashtag of removed content only", `{"hasTagsWith": [{"name": "breathe"}]}`, []string{"Box breathing"}},
		{"kind and language", `{"kind": "VIDEO", "language": "en"}`, []string{"Box breathing"}},
		{"creator and kind", `{"kind": "VIDEO", "hasCreatorWith": [{"handle": "therapyjeff"}]}`, []string{"Box breathing", "Salud mental"}},
		{"topic and organization", `{"hasTopicsWith": [{"slug": "anxiety"}], "hasOrganizationWith": [{"slug": "nami"}]}`, []string{"Box breathing", "Eating guide"}},
		{"or", `{"or": [{"language": "es"}, {"hasTagsWith": [{"name": "grief"}]}]}`, []string{"Grief letters", "Salud mental"}},
		{"not", `{"not": {"hasTopicsWith": [{"slug": "anxiety"}]}}`, []string{"Grief letters"}},
		{"and", `{"and": [{"hasTopicsWith": [{"slug": "anxiety"}]}, {"hasTopicsWith": [{"slug": "eating-disorders"}]}]}`, []string{"Eating guide"}},
		{"asking for hidden statuses finds nothing", `{"statusIn": ["UNPUBLISHED", "REMOVED"]}`, nil},
		{"no organization", `{"hasOrganization": false}`, []string{"Salud mental"}},
		{"unknown slug", `{"hasTopicsWith": [{"slug": "nope"}]}`, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var where map[string]any
			if err := json.Unmarshal([]byte(tc.where), &where); err != nil {
				t.Fatal(err)
			}
			for _, size := range []int{100, 1} {
				if got := walk(h, anonymous, size, true, nil, where); !slices.Equal(got, tc.want) {
					t.Errorf("pages of %d: got %v, want %v", size, got, tc.want)
				}
			}
			if got := walk(h, anonymous, 1, false, nil, where); !slices.Equal(got, tc.want) {
				t.Errorf("backward: got %v, want %v", got, tc.want)
			}
		})
	}

	t.Run("nested lists filter and stay live", func(t *testing.T) {
		var out struct {
			Creator struct {
				Contents conn
			}
			Organization struct {
				Contents conn
			}
		}
		h.Query(anonymous, `{
  creator(handle: "therapyjeff") { contents(where: {kind: VIDEO}) { edges { node { title } } } }
  organization(slug: "nami") { contents(where: {hasTopicsWith: [{sensitive: false}]}) { edges { node { title } } } }
}`, nil, &out)
		if got := out.Creator.Contents.titles(); !slices.Equal(got, []string{"Box breathing", "Salud mental"}) {
			t.Errorf("creator contents: %v", got)
		}
		if got := out.Organization.Contents.titles(); !slices.Equal(got, []string{"Box breathing", "Eating guide"}) {
			t.Errorf("organization contents: %v", got)
		}
	})

	t.Run("an empty filter part is bad input", func(t *testing.T) {
		for _, where := range []string{
			`{hasTopicsWith: [{}]}`,
			`{hasCreatorWith: [{}]}`,
			`{hasOrganizationWith: [{}]}`,
			`{hasTagsWith: [{}]}`,
			`{not: {}}`,
			`{or: [{kind: VIDEO}, {}]}`,
			`{and: [{}]}`,
		} {
			res := h.Fail("BAD_USER_INPUT", anonymous, `{ contents(where: `+where+`) { edges { node { id } } } }`, nil)
			if res.Errors[0].Extensions.Field != "where" || strings.Contains(res.Errors[0].Message, "ent:") {
				t.Errorf("%s: %+v", where, res.Errors[0])
			}
		}
	})

	t.Run("a value of the wrong type is bad input", func(t *testing.T) {
		h.Fail("BAD_USER_INPUT", anonymous, `{ contents(where: {kind: PODCAST}) { edges { node { id } } } }`, nil)
		h.Fail("BAD_USER_INPUT", anonymous, `query($w: ContentWhereInput) { contents(where: $w) { edges { node { id } } } }`,
			map[string]any{"w": map[string]any{"kind": "PODCAST"}})
	})
}

// feedQuery is what the hub's home page asks for.
const feedQuery = `query($first: Int, $after: Cursor) { contents(first: $first, after: $after) {
  edges { node { id title
    creator { handle displayName verifiedProfessional }
    organization { slug name }
    topics { slug name sensitive } } }
  pageInfo { hasNextPage endCursor }
} }`

type feedPage struct {
	Contents struct {
		Edges []struct {
			Node struct {
				ID      string
				Title   string
				Creator *struct {
					Handle               string
					DisplayName          string
					VerifiedProfessional bool
				}
				Organization *struct{ Slug, Name string }
				Topics       []struct {
					Slug, Name string
					Sensitive  bool
				}
			}
		}
		PageInfo struct {
			HasNextPage bool
			EndCursor   *string
		}
	}
}

// richFeed creates n live pieces spread over several creators and organizations, each with
// two topics, and returns them newest first.
func richFeed(h *apptest.Hub, n int) []*ent.Content {
	h.T.Helper()
	topics := []*ent.Topic{h.Topic("anxiety").Create(), h.Topic("grief").Create(), h.Topic("suicide-prevention").Sensitive().Create()}
	var out []*ent.Content
	const groups = 5
	per := (n + groups - 1) / groups
	for g := range groups {
		c := h.Creator(fmt.Sprintf("creator%d", g)).Owner(fmt.Sprintf("rich-%d", g)).Create()
		o := h.Organization(fmt.Sprintf("org-%d", g)).Create()
		out = append(out, h.Content(fmt.Sprintf("Group %d", g)).By(c).Of(o).Topics(topics[g%3], topics[(g+1)%3]).Many(min(per, n-len(out)))...)
	}
	// Newest first; rows published at the same instant come in descending ID order, as the
	// feed's keyset order breaks ties.
	slices.SortFunc(out, func(a, b *ent.Content) int {
		if c := b.PublishedAt.Compare(a.PublishedAt); c != 0 {
			return c
		}
		return b.ID - a.ID
	})
	return out
}

func TestFeedRunsAConstantNumberOfStatements(t *testing.T) {
	h := apptest.New(t)
	rows := richFeed(h, 60)
	// The first page also reads the creators, organizations and topics the dimension cache
	// lacks, one statement per table; after it, every page is the contents and their topics' IDs.
	if cold := h.Statements(func() { h.Query(anonymous, feedQuery, map[string]any{"first": 60}, nil) }); cold > 5 {
		t.Errorf("first page, nothing in memory: %d statements, want at most 5", cold)
	}
	counts := map[int]int{}
	for _, n := range []int{5, 50} {
		var page feedPage
		counts[n] = h.Statements(func() { h.Query(anonymous, feedQuery, map[string]any{"first": n}, &page) })
		if len(page.Contents.Edges) != n || !page.Contents.PageInfo.HasNextPage {
			t.Fatalf("first: %d returned %d items (hasNextPage %v)", n, len(page.Contents.Edges), page.Contents.PageInfo.HasNextPage)
		}
		for i, e := range page.Contents.Edges {
			if e.Node.Title != rows[i].Title || e.Node.Creator == nil || e.Node.Creator.Handle == "" ||
				e.Node.Organization == nil || e.Node.Organization.Slug == "" || len(e.Node.Topics) != 2 {
				t.Fatalf("first: %d, item %d: %+v", n, i, e.Node)
			}
		}
	}
	t.Logf("statements: first 5: %d, first 50: %d", counts[5], counts[50])
	if counts[5] != counts[50] || counts[50] > 2 {
		t.Errorf("statements: first 5: %d, first 50: %d; want equal and at most 2", counts[5], counts[50])
	}

	t.Run("the next page costs the same", func(t *testing.T) {
		var first feedPage
		h.Query(anonymous, feedQuery, map[string]any{"first": 20}, &first)
		n := h.Statements(func() {
			h.Query(anonymous, feedQuery, map[string]any{"first": 20, "after": first.Contents.PageInfo.EndCursor}, nil)
		})
		if n != counts[5] {
			t.Errorf("second page: %d statements, first page %d", n, counts[5])
		}
	})

	t.Run("aliases and fragments keep the eager loading", func(t *testing.T) {
		const q = `query { feed: contents(first: 50) {
  items: edges { item: node { ...card } }
  more: pageInfo { next: hasNextPage }
} }
fragment card on Content { id heading: title by: creator { handle } org: organization { slug } tags: topics { slug } }`
		var out struct {
			Feed struct {
				Items []struct {
					Item struct {
						Heading string
						By      *struct{ Handle string }
						Org     *struct{ Slug string }
						Tags    []struct{ Slug string }
					}
				}
				More struct{ Next bool }
			}
		}
		n := h.Statements(func() { h.Query(anonymous, q, nil, &out) })
		if len(out.Feed.Items) != 50 || !out.Feed.More.Next {
			t.Fatalf("aliased feed: %d items, next %v", len(out.Feed.Items), out.Feed.More.Next)
		}
		for i, it := range out.Feed.Items {
			if it.Item.Heading != rows[i].Title || it.Item.By == nil || it.Item.Org == nil || len(it.Item.Tags) != 2 {
				t.Fatalf("aliased feed item %d: %+v", i, it.Item)
			}
		}
		if n > counts[50] {
			t.Errorf("aliased feed: %d statements, plain feed %d", n, counts[50])
		}
	})

	t.Run("the same edge under two aliases loads both selections", func(t *testing.T) {
		var out struct {
			Contents struct {
				Edges []struct {
					Node struct {
						A struct{ Handle string }
						B struct{ DisplayName string }
					}
				}
			}
		}
		h.Query(anonymous, `{ contents(first: 3) { edges { node { a: creator { handle } b: creator { displayName } } } } }`, nil, &out)
		for i, e := range out.Contents.Edges {
			if e.Node.A.Handle == "" || e.Node.B.DisplayName == "" {
				t.Errorf("item %d: %+v", i, e.Node)
			}
		}
	})

	t.Run("pageInfo alone pages correctly", func(t *testing.T) {
		type info struct {
			Contents struct {
				PageInfo struct {
					HasNextPage bool
					EndCursor   *string
				}
			}
		}
		const q = `query($after: Cursor) { contents(first: 25, after: $after) { pageInfo { hasNextPage endCursor } } }`
		// 60 rows in pages of 25: two full pages, one of ten, then nothing.
		var after *string
		for i, want := range []bool{true, true, false} {
			var p info
			h.Query(anonymous, q, map[string]any{"after": after}, &p)
			if p.Contents.PageInfo.HasNextPage != want || p.Contents.PageInfo.EndCursor == nil {
				t.Fatalf("page %d: %+v", i+1, p.Contents.PageInfo)
			}
			after = p.Contents.PageInfo.EndCursor
		}
		var end info
		h.Query(anonymous, q, map[string]any{"after": after}, &end)
		if end.Contents.PageInfo.HasNextPage || end.Contents.PageInfo.EndCursor != nil {
			t.Errorf("past the end: %+v", end.Contents.PageInfo)
		}
	})

	t.Run("totalCount counts every live item", func(t *testing.T) {
		var out struct{ Contents struct{ TotalCount int } }
		h.Query(anonymous, `{ contents(first: 5) { totalCount edges { node { id } } } }`, nil, &out)
		if out.Contents.TotalCount != len(rows) {
			t.Errorf("totalCount %d, want %d", out.Contents.TotalCount, len(rows))
		}
	})
}

// recordingReplica is a second replica of h's hub that records every statement it sends;
// recorded runs f and returns the statements sent meanwhile.
func recordingReplica(t *testing.T, h *apptest.Hub) (replica *apptest.Hub, recorded func(f func()) []string) {
	t.Helper()
	var mu sync.Mutex
	var stmts []string
	a, err := app.New(context.Background(), h.Config, app.Options{
		Clock: h.Clock, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		OnStatement: func(_ context.Context, q string) {
			mu.Lock()
			defer mu.Unlock()
			stmts = append(stmts, q)
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return &apptest.Hub{App: a, T: t, Clock: h.Clock}, func(f func()) []string {
		mu.Lock()
		stmts = nil
		mu.Unlock()
		f()
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(stmts)
	}
}

// TestFeedSQLSeeksAndNeverCounts reads the feed through a second replica of the hub that records
// every statement: pages are found by keyset (a comparison with the cursor's row), never by OFFSET,
// and nothing counts the feed unless the client asks for totalCount.
func TestFeedSQLSeeksAndNeverCounts(t *testing.T) {
	h := apptest.New(t)
	richFeed(h, 30)
	replica, recorded := recordingReplica(t, h)

	var after *string
	for page := range 3 {
		var p feedPage
		qs := recorded(func() { replica.Query(anonymous, feedQuery, map[string]any{"first": 10, "after": after}, &p) })
		for _, q := range qs {
			upper := strings.ToUpper(q)
			if strings.Contains(upper, "OFFSET") || strings.Contains(upper, "COUNT(") {
				t.Errorf("page %d: %s", page+1, q)
			}
		}
		// The first statement reads the page: after the first page, from the cursor's
		// (published_at, id) onwards.
		if len(qs) == 0 || !strings.Contains(qs[0], "published_at") || (page > 0 && !strings.Contains(qs[0], ") < (")) {
			t.Errorf("page %d does not seek from the cursor: %q", page+1, qs)
		}
		after = p.Contents.PageInfo.EndCursor
	}
	counted := false
	for _, q := range recorded(func() { replica.Query(anonymous, `{ contents(first: 5) { totalCount } }`, nil, nil) }) {
		counted = counted || strings.Contains(strings.ToUpper(q), "COUNT(")
	}
	if !counted {
		t.Error("totalCount did not count")
	}
}

// nodeQuery asks for every type a Node can be, so that a hidden object could only hide by
// being absent.
const nodeQuery = `query($id: ID!) { node(id: $id) { id __typename
  ... on Content { title status }
  ... on Submission { submissionStatus: status title }
  ... on Account { subject }
  ... on AuditEvent { action }
  ... on Report { reason }
} }`

const nodesQuery = `query($ids: [ID!]!) { nodes(ids: $ids) { id __typename
  ... on Content { title status }
  ... on Submission { submissionStatus: status title }
  ... on Account { subject }
  ... on AuditEvent { action }
  ... on Report { reason }
} }`

func TestNodeHidesWhatTheViewerMayNotSee(t *testing.T) {
	h := apptest.New(t)
	topic := h.Topic("anxiety").Create()
	owner := h.Creator("ownercreator").Owner("owner-sub").Create()
	h.Creator("othercreator").Owner("other-sub").Create()
	org := h.Organization("owner-org").Members("owner-sub").Create()
	live := h.Content("Live piece").By(owner).Of(org).Topics(topic).Create()
	unpublished := h.Content("Unpublished piece").By(owner).Of(org).Status(content.StatusUNPUBLISHED).Age(2).Topics(topic).Create()
	removed := h.Content("Removed piece").By(owner).Of(org).Status(content.StatusREMOVED).Age(3).Topics(topic).Create()

	ownerTok := h.Token("owner-sub", "creator")
	var created struct{ CreateSubmission struct{ ID string } }
	h.Query(ownerTok, `mutation { createSubmission(input: {kind: ARTICLE, title: "Draft", summary: "A draft", topicSlugs: ["anxiety"]}) { id } }`, nil, &created)
	h.Query(anonymous, `mutation($id: ID!) { reportContent(contentID: $id, reason: SPAM) }`, map[string]any{"id": apptest.GID(live.ID)}, nil)

	ctx := h.System()
	sub := h.Client().Submission.Query().Where(submission.TitleEQ("Draft")).OnlyX(ctx)
	event := h.Client().AuditEvent.Query().Order(ent.Asc(auditevent.FieldID)).FirstX(ctx)
	rep := h.Client().Report.Query().Where(report.HasContentWith(content.ID(live.ID))).OnlyX(ctx)
	account := h.Account("owner-sub")
	if apptest.GID(sub.ID) != created.CreateSubmission.ID {
		t.Fatalf("submission %d, created %s", sub.ID, created.CreateSubmission.ID)
	}

	hidden := map[string]int{
		"submission": sub.ID, "unpublished content": unpublished.ID, "removed content": removed.ID,
		"account": account.ID, "audit event": event.ID, "report": rep.ID,
	}
	missing := map[string]int{
		"no such content": live.ID + 100000,
		"no such table":   1 << 40,
		"zero":            0,
	}
	viewers := map[string]string{
		"anonymous":                   anonymous,
		"another creator":             h.Token("other-sub", "creator"),
		"a signed-in user, no roles":  h.Token("nobody-sub"),
		"an org member of other orgs": h.Token("member-sub", "org_member"),
	}
	nodeRaw := func(tok string, id int) (int, string) {
		res := h.Do(tok, nodeQuery, map[string]any{"id": apptest.GID(id)})
		return res.Status, res.Raw
	}
	nodesRaw := func(tok string, ids ...int) (int, string) {
		gids := make([]string, len(ids))
		for i, id := range ids {
			gids[i] = apptest.GID(id)
		}
		res := h.Do(tok, nodesQuery, map[string]any{"ids": gids})
		return res.Status, res.Raw
	}

	for vname, tok := range viewers {
		t.Run(vname, func(t *testing.T) {
			wantStatus, want := nodeRaw(tok, live.ID+100000)
			if wantStatus != http.StatusOK || want != `{"data":{"node":null}}` {
				t.Fatalf("nonexistent node: HTTP %d %s", wantStatus, want)
			}
			_, wantList := nodesRaw(tok, live.ID+100000, live.ID+100001)
			for name, id := range missing {
				if s, got := nodeRaw(tok, id); s != wantStatus || got != want {
					t.Errorf("%s: HTTP %d %s, want HTTP %d %s", name, s, got, wantStatus, want)
				}
			}
			for name, id := range hidden {
				if s, got := nodeRaw(tok, id); s != wantStatus || got != want {
					t.Errorf("node(%s): HTTP %d %s, want HTTP %d %s", name, s, got, wantStatus, want)
				}
				if s, got := nodesRaw(tok, id, live.ID+100001); s != wantStatus || got != wantList {
					t.Errorf("nodes(%s): HTTP %d %s, want HTTP %d %s", name, s, got, wantStatus, wantList)
				}
			}
			// Live content, its creator, organization and topics are public.
			var out struct {
				Nodes []*struct {
					ID       string
					Typename string `json:"__typename"`
				}
			}
			h.Query(tok, `query($ids: [ID!]!) { nodes(ids: $ids) { id __typename } }`, map[string]any{"ids": []string{
				apptest.GID(live.ID), apptest.GID(unpublished.ID), apptest.GID(owner.ID), apptest.GID(org.ID), apptest.GID(topic.ID), apptest.GID(sub.ID),
			}}, &out)
			var got []string
			for _, n := range out.Nodes {
				if n == nil {
					got = append(got, "null")
				} else {
					got = append(got, n.Typename)
				}
			}
			if want := []string{"Content", "null", "Creator", "Organization", "Topic", "null"}; !slices.Equal(got, want) {
				t.Errorf("nodes: %v, want %v", got, want)
			}
		})
	}

	t.Run("nested edges show live content only", func(t *testing.T) {
		const q = `query($id: ID!) { node(id: $id) { ... on Content {
  title
  creator { handle contents { edges { node { title status } } } }
  organization { slug contents { edges { node { title status } } } }
  topics { slug }
} } }`
		type nested struct {
			Node struct {
				Title   string
				Creator struct {
					Handle   string
					Contents conn
				}
				Organization struct {
					Slug     string
					Contents conn
				}
				Topics []struct{ Slug string }
			}
		}
		for vname, tok := range map[string]string{"anonymous": anonymous, "another creator": viewers["another creator"], "the owner": ownerTok} {
			var out nested
			h.Query(tok, q, map[string]any{"id": apptest.GID(live.ID)}, &out)
			n := out.Node
			if n.Title != "Live piece" || n.Creator.Handle != "ownercreator" || n.Organization.Slug != "owner-org" || len(n.Topics) != 1 {
				t.Errorf("%s: %+v", vname, n)
			}
			if got := n.Creator.Contents.titles(); !slices.Equal(got, []string{"Live piece"}) {
				t.Errorf("%s: creator contents %v", vname, got)
			}
			if got := n.Organization.Contents.titles(); !slices.Equal(got, []string{"Live piece"}) {
				t.Errorf("%s: organization contents %v", vname, got)
			}
		}
	})

	t.Run("those allowed see them (the IDs are real)", func(t *testing.T) {
		mod := h.Token("mod-sub", "moderator")
		admin := h.Token("admin-sub", "admin")
		for _, c := range []struct {
			tok  string
			id   int
			want string
		}{
			{ownerTok, unpublished.ID, "Content"},
			{ownerTok, removed.ID, "Content"},
			{ownerTok, sub.ID, "Submission"},
			{ownerTok, account.ID, "Account"},
			{mod, event.ID, "AuditEvent"},
			{mod, rep.ID, "Report"},
			{admin, account.ID, "Account"},
		} {
			var out struct {
				Node *struct {
					Typename string `json:"__typename"`
				}
			}
			h.Query(c.tok, `query($id: ID!) { node(id: $id) { __typename } }`, map[string]any{"id": apptest.GID(c.id)}, &out)
			if out.Node == nil || out.Node.Typename != c.want {
				t.Errorf("node(%d): %+v, want %s", c.id, out.Node, c.want)
			}
		}
	})

	t.Run("nodes takes at most 100 IDs", func(t *testing.T) {
		ids := make([]string, 101)
		for i := range ids {
			ids[i] = apptest.GID(live.ID)
		}
		res := h.Fail("BAD_USER_INPUT", anonymous, nodesQuery, map[string]any{"ids": ids})
		if res.Errors[0].Extensions.Field != "ids" {
			t.Errorf("field %q", res.Errors[0].Extensions.Field)
		}
		var out struct{ Nodes []*struct{ ID string } }
		h.Query(anonymous, nodesQuery, map[string]any{"ids": ids[:100]}, &out)
		if len(out.Nodes) != 100 || out.Nodes[99] == nil {
			t.Errorf("100 IDs: %d nodes", len(out.Nodes))
		}
	})

	t.Run("a malformed ID is bad input", func(t *testing.T) {
		h.Fail("BAD_USER_INPUT", anonymous, nodeQuery, map[string]any{"id": "Q29udGVudDox"})
	})
}

func TestCreatorsOrganizationsTopics(t *testing.T) {
	h := apptest.New(t)
	for _, handle := range []string{"therapyjeff", "elysemyers", "dr.kojosarfo", "victoriabrowne", "joelbervell"} {
		h.Creator(handle).Owner("sub-" + handle).Create()
	}
	for _, slug := range []string{"nami", "afsp", "crisis-text-line"} {
		h.Organization(slug).Create()
	}
	h.Topic("grief").Create()
	h.Topic("anxiety").Create()
	h.Topic("self-harm").Sensitive().Create()

	t.Run("creator by handle", func(t *testing.T) {
		for _, arg := range []string{"therapyjeff", "@TherapyJeff", " @therapyjeff ", "THERAPYJEFF"} {
			var out struct {
				Creator *struct{ Handle, DisplayName string }
			}
			h.Query(anonymous, `query($h: String!) { creator(handle: $h) { handle displayName } }`, map[string]any{"h": arg}, &out)
			if out.Creator == nil || out.Creator.Handle != "therapyjeff" {
				t.Errorf("creator(%q): %+v", arg, out.Creator)
			}
		}
		res := h.Do(anonymous, `{ creator(handle: "nobody") { handle } }`, nil)
		if res.Raw != `{"data":{"creator":null}}` {
			t.Errorf("unknown handle: %s", res.Raw)
		}
	})

	t.Run("creators walk by handle", func(t *testing.T) {
		want := []string{"dr.kojosarfo", "elysemyers", "joelbervell", "therapyjeff", "victoriabrowne"}
		var got []string
		var after *string
		for range 10 {
			var out struct {
				Creators struct {
					Edges    []struct{ Node struct{ Handle string } }
					PageInfo struct {
						HasNextPage bool
						EndCursor   *string
					}
				}
			}
			h.Query(anonymous, `query($after: Cursor) { creators(first: 2, after: $after) { edges { node { handle } } pageInfo { hasNextPage endCursor } } }`,
				map[string]any{"after": after}, &out)
			for _, e := range out.Creators.Edges {
				got = append(got, e.Node.Handle)
			}
			if !out.Creators.PageInfo.HasNextPage {
				break
			}
			after = out.Creators.PageInfo.EndCursor
		}
		if !slices.Equal(got, want) {
			t.Errorf("creators: %v, want %v", got, want)
		}
		h.Fail("BAD_USER_INPUT", anonymous, `{ creators(first: 101) { edges { node { handle } } } }`, nil)
	})

	t.Run("organization by slug and organizations by name", func(t *testing.T) {
		var one struct{ Organization *struct{ Slug, Name string } }
		h.Query(anonymous, `{ organization(slug: "NAMI") { slug name } }`, nil, &one)
		if one.Organization == nil || one.Organization.Slug != "nami" {
			t.Errorf("organization: %+v", one.Organization)
		}
		if res := h.Do(anonymous, `{ organization(slug: "nope") { slug } }`, nil); res.Raw != `{"data":{"organization":null}}` {
			t.Errorf("unknown slug: %s", res.Raw)
		}
		var all struct {
			Organizations struct {
				Edges []struct{ Node struct{ Slug string } }
			}
		}
		h.Query(anonymous, `{ organizations(last: 2) { edges { node { slug } } } }`, nil, &all)
		var got []string
		for _, e := range all.Organizations.Edges {
			got = append(got, e.Node.Slug)
		}
		// Ordered by name: "Org afsp", "Org crisis-text-line", "Org nami"; the last two.
		if !slices.Equal(got, []string{"crisis-text-line", "nami"}) {
			t.Errorf("organizations(last: 2): %v", got)
		}
	})

	t.Run("topics by name", func(t *testing.T) {
		var out struct {
			Topics []struct {
				Slug      string
				Sensitive bool
			}
		}
		h.Query(anonymous, `{ topics { slug sensitive } }`, nil, &out)
		var got []string
		for _, tp := range out.Topics {
			got = append(got, fmt.Sprintf("%s:%v", tp.Slug, tp.Sensitive))
		}
		if !slices.Equal(got, []string{"anxiety:false", "grief:false", "self-harm:true"}) {
			t.Errorf("topics: %v", got)
		}
	})
}

func TestViewer(t *testing.T) {
	h := apptest.New(t)
	h.Creator("viewercreator").Owner("viewer-sub").Create()
	const q = `{ viewer { subject roles account { subject } creator { handle } } }`
	type viewer struct {
		Viewer struct {
			Subject *string
			Roles   []string
			Account *struct{ Subject string }
			Creator *struct{ Handle string }
		}
	}

	res := h.Do(anonymous, q, nil)
	if res.Raw != `{"data":{"viewer":{"subject":null,"roles":[],"account":null,"creator":null}}}` {
		t.Errorf("anonymous viewer: %s", res.Raw)
	}

	var v viewer
	h.Query(h.Token("viewer-sub", "creator", "moderator", "superuser"), q, nil, &v)
	if v.Viewer.Subject == nil || *v.Viewer.Subject != "viewer-sub" || !slices.Equal(v.Viewer.Roles, []string{"creator", "moderator"}) ||
		v.Viewer.Account == nil || v.Viewer.Account.Subject != "viewer-sub" || v.Viewer.Creator == nil || v.Viewer.Creator.Handle != "viewercreator" {
		t.Errorf("signed-in viewer: %+v", v.Viewer)
	}

	// A first request creates the account.
	var fresh viewer
	h.Query(h.Token("first-timer"), q, nil, &fresh)
	if fresh.Viewer.Account == nil || fresh.Viewer.Account.Subject != "first-timer" || fresh.Viewer.Creator != nil || len(fresh.Viewer.Roles) != 0 {
		t.Errorf("first-time viewer: %+v", fresh.Viewer)
	}
}

func TestDemoHubThroughTheAPI(t *testing.T) {
	h := apptest.New(t, apptest.Options{Seed: true})
	var feed struct {
		Contents struct {
			TotalCount int
			Edges      []struct{ Node struct{ Status string } }
		}
	}
	h.Query(anonymous, `{ contents(first: 100) { totalCount edges { node { status } } } }`, nil, &feed)
	if len(feed.Contents.Edges) < 20 {
		t.Errorf("demo hub: %d live items, want at least 20", len(feed.Contents.Edges))
	}
	for _, e := range feed.Contents.Edges {
		if e.Node.Status != "LIVE" {
			t.Errorf("demo feed shows %s content", e.Node.Status)
		}
	}

	var creators struct {
		Creators struct {
			Edges []struct{ Node struct{ Handle string } }
		}
	}
	h.Query(anonymous, `{ creators(first: 100) { edges { node { handle } } } }`, nil, &creators)
	var handles []string
	for _, e := range creators.Creators.Edges {
		handles = append(handles, e.Node.Handle)
	}
	for _, want := range []string{"asoulcalledjoel", "dr.kojosarfo", "elainaefird", "elysemyers", "joelbervell",
		"lindsay.fleminglpc", "nutritionbykylie", "thepsychodoctormd", "therapyjeff", "victoriabrowne"} {
		if !slices.Contains(handles, want) {
			t.Errorf("demo creators %v lack %s", handles, want)
		}
	}

	var orgs struct {
		Organizations struct {
			Edges []struct{ Node struct{ Name string } }
		}
	}
	h.Query(anonymous, `{ organizations(first: 100) { edges { node { name } } } }`, nil, &orgs)
	var names []string
	for _, e := range orgs.Organizations.Edges {
		names = append(names, e.Node.Name)
	}
	for _, want := range []string{"Alliance for Eating Disorders", "American Foundation for Suicide Prevention",
		"Crisis Text Line", "Made of Millions", "National Alliance on Mental Illness",
		"National Eating Disorders Association", "Peer Health Exchange"} {
		if !slices.Contains(names, want) {
			t.Errorf("demo organizations %v lack %s", names, want)
		}
	}
}

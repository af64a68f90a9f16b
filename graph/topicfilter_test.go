package graph_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"entgo.io/ent/dialect"

	"haven/apptest"
	"haven/ent"
)

// The feed filtered by topic lists exactly the live pieces of the topic, newest first, page by
// page, on both databases; on SQLite its statement walks the recency index and checks each row's
// topics by content_topics' primary key, as PostgreSQL's plan does, rather than gathering every
// piece of the topic and sorting them (which cost 0.8 s a page at a million rows).
func TestFeedByTopicWalksTheRecencyIndex(t *testing.T) {
	h := apptest.New(t)
	rows := richFeed(h, 40)
	var want []int
	for _, c := range rows {
		ts, err := c.QueryTopics().All(h.System())
		if err != nil {
			t.Fatal(err)
		}
		if slices.ContainsFunc(ts, func(tp *ent.Topic) bool { return tp.Slug == "grief" }) {
			want = append(want, c.ID)
		}
	}
	replica, recorded := recordingReplica(t, h)
	const byTopic = `query($after: Cursor) { contents(first: 7, after: $after, where: {hasTopicsWith: [{slug: "grief"}]}) {
  edges { node { id title } } pageInfo { hasNextPage endCursor } } }`
	var got []int
	var after any
	stmts := recorded(func() {
		for pages := 0; ; pages++ {
			if pages > len(want) {
				t.Fatal("pagination does not end")
			}
			var out struct {
				Contents struct {
					Edges []struct {
						Node struct {
							ID string
						}
					}
					PageInfo struct {
						HasNextPage bool
						EndCursor   string
					}
				}
			}
			replica.Query(anonymous, byTopic, map[string]any{"after": after}, &out)
			for _, e := range out.Contents.Edges {
				id, err := strconv.Atoi(e.Node.ID)
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, id)
			}
			if !out.Contents.PageInfo.HasNextPage {
				break
			}
			after = out.Contents.PageInfo.EndCursor
		}
	})
	if !slices.Equal(got, want) {
		t.Fatalf("feed by topic: %v, want %v", got, want)
	}
	// An empty topic filter is refused as ent refuses it, naming the argument.
	if res := h.Fail("BAD_USER_INPUT", anonymous, `{ contents(first: 2, where: {hasTopicsWith: [{slug: "grief"}, {}]}) { edges { node { id } } } }`, nil); !strings.Contains(res.Raw, `"field":"where"`) {
		t.Errorf("an empty topic filter: %s", res.Raw)
	}
	if h.DB.Dialect != dialect.SQLite {
		return // PostgreSQL's plans are read at scale by search's TestPlansAtScale
	}
	checked := 0
	for _, q := range stmts {
		if !strings.Contains(q, "content_topics") || !strings.Contains(q, "ORDER BY") {
			continue
		}
		checked++
		p := apptest.SQLitePlan(t, h.DB.SQL, q)
		if strings.Contains(p, "TEMP B-TREE FOR ORDER BY") || !strings.Contains(p, "content_status_published_at_id") ||
			!strings.Contains(p, "(content_id=? AND topic_id=?)") {
			t.Errorf("the page by topic does not walk the recency index:\n%s\n%s", q, p)
		}
	}
	if checked == 0 {
		t.Errorf("no statement read the topic's pages: %q", stmts)
	}
}

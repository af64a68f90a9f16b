package graph_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"github.com/lib/pq"

	"haven/apptest"
)

// pagingFeedQuery is the load tool's feed request with every paging argument.
const pagingFeedQuery = `query($first: Int, $after: Cursor, $last: Int, $before: Cursor) {
  contents(first: $first, after: $after, last: $last, before: $before) {
    edges { cursor node { id title summary kind publishedAt contentWarning
      creator { handle displayName } organization { name slug } topics { slug name } } }
    pageInfo { hasNextPage endCursor } } }`

// TestFeedPagesArePrepared: on PostgreSQL every unfiltered page of the feed — the first, one
// after a cursor, one before it, for anonymous, signed-in and staff readers — runs as a prepared
// statement of the connection (PostgreSQL counts its executions in pg_prepared_statements), and
// its generic plan, the one PostgreSQL keeps for every later request, walks the (status,
// published_at, id) index, on contents skewed the way that misleads generic plans (one creator
// owns almost every row). Filtered lists and an owner's contents are not prepared: their generic
// plan can be a walk of the whole table (see liveContents).
func TestFeedPagesArePrepared(t *testing.T) {
	if !apptest.Postgres() {
		t.Skip("prepared statements are kept on PostgreSQL only")
	}
	h := apptest.New(t, apptest.Options{NoResponseCache: true})
	richFeed(h, 60)
	db := h.DB.SQL
	ctx := context.Background()
	skew := `
INSERT INTO contents (created_at, updated_at, kind, title, summary, language, hashtags, status,
  content_warning, clinically_reviewed, published_at, creator_id, organization_id)
SELECT now(), now(), 'VIDEO', 'Old ' || i, 'Summary', 'en', '[]',
  CASE WHEN i % 50 = 0 THEN 'UNPUBLISHED' ELSE 'LIVE' END, 'NONE', false,
  $1::timestamptz - interval '1 day' - make_interval(mins => i),
  (SELECT id FROM creators WHERE handle = 'creator0'), (SELECT id FROM organizations WHERE slug = 'org-0')
FROM generate_series(1, 20000) AS i`
	if _, err := db.ExecContext(ctx, skew, apptest.Epoch); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `INSERT INTO content_topics (content_id, topic_id)
SELECT c.id, (SELECT id FROM topics WHERE slug = 'grief') FROM contents c WHERE c.title LIKE 'Old %'`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `ANALYZE`); err != nil {
		t.Fatal(err)
	}
	// One connection: the statements prepared by the requests are those pg_prepared_statements
	// lists when the test asks.
	db.SetMaxOpenConns(1)

	readers := map[string]string{
		"anonymous": anonymous,
		"creator":   h.Token("rich-1"),
		"staff":     h.Token("staff-1", "moderator"),
	}
	const runs = 8 // PostgreSQL weighs a generic plan after five executions
	pages := 0
	for name, token := range readers {
		var first struct {
			Contents struct {
				PageInfo struct{ EndCursor *string } `json:"pageInfo"`
			}
		}
		h.Query(token, pagingFeedQuery, map[string]any{"first": 20}, &first)
		c := first.Contents.PageInfo.EndCursor
		if c == nil {
			t.Fatalf("%s: the first page has no end cursor", name)
		}
		pages++
		for _, vars := range []map[string]any{
			{"first": 20},
			{"first": 20, "after": *c},
			{"last": 5, "before": *c},
		} {
			for range runs {
				var page feedPage
				h.Query(token, pagingFeedQuery, vars, &page)
				if n := len(page.Contents.Edges); n != 20 && n != 5 {
					t.Fatalf("%s %v: %d pieces", name, vars, n)
				}
				pages++
			}
		}
	}

	type prepared struct {
		name, statement string
		generic, custom int
		types           []string
	}
	list := func() []prepared {
		t.Helper()
		rows, err := db.QueryContext(ctx, `SELECT name, statement, generic_plans, custom_plans, parameter_types::text[]
FROM pg_prepared_statements`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []prepared
		for rows.Next() {
			var p prepared
			if err := rows.Scan(&p.name, &p.statement, &p.generic, &p.custom, pq.Array(&p.types)); err != nil {
				t.Fatal(err)
			}
			out = append(out, p)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		return out
	}
	executions := func(ps []prepared) int {
		n := 0
		for _, p := range ps {
			n += p.generic + p.custom
		}
		return n
	}
	feed := list()
	if got := executions(feed); got != pages {
		t.Fatalf("the prepared statements ran %d times for %d feed pages:\n%v", got, pages, feed)
	}
	for _, p := range feed {
		if !strings.Contains(p.statement, `ORDER BY "contents"."published_at"`) || !strings.Contains(p.statement, "LIMIT") {
			t.Errorf("a prepared statement is not a feed page: %s", p.statement)
		}
		// Anonymous and staff pages have no argument but the status and the cursor, and
		// PostgreSQL keeps their generic plan: planned once per connection, not per request. A
		// signed-in reader's own pieces add a predicate on their account, whose custom plans
		// PostgreSQL may keep preferring (the statement is still parsed only once).
		if p.generic == 0 && !strings.Contains(p.statement, "owner_id") {
			t.Errorf("PostgreSQL did not keep a generic plan of %s (custom plans %d)", p.statement, p.custom)
		}
	}

	// Filtered lists and an owner's contents are read unprepared.
	for _, q := range []string{
		`{ contents(first: 20, where: {kind: VIDEO}) { edges { node { id title creator { handle } } } } }`,
		`{ contents(first: 20, where: {language: "en"}) { edges { node { id title } } } }`,
		`{ contents(first: 20, where: {hasTopicsWith: [{slug: "anxiety"}]}) { edges { node { id topics { slug } } } } }`,
		`{ contents(first: 20, where: {hasCreatorWith: [{handle: "creator4"}]}) { edges { node { id } } } }`,
		`{ creator(handle: "creator4") { contents(first: 10) { edges { cursor node { id title topics { slug } } } } } }`,
		`{ organization(slug: "org-4") { contents(first: 10) { edges { cursor node { id title } } } } }`,
		`{ contents(first: 20) { totalCount edges { node { id title } } } }`,
		`{ contents(first: 20, orderBy: {field: TITLE, direction: ASC}) { edges { node { id title } } } }`,
	} {
		var out map[string]any
		h.Query(anonymous, q, nil, &out)
		if after := list(); executions(after) != pages || len(after) != len(feed) {
			t.Errorf("%s ran as a prepared statement:\n%v", q, after)
		}
	}

	// The generic plan of every prepared page walks the recency index from its cursor.
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SET plan_cache_mode = force_generic_plan`); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if _, err := conn.ExecContext(ctx, `RESET plan_cache_mode`); err != nil {
			t.Error(err)
		}
	}()
	for _, p := range feed {
		plan := explainPrepared(t, conn, p.name, p.types)
		if strings.Contains(plan, "Seq Scan on contents") || !strings.Contains(plan, "using content_status_published_at_id on contents") || strings.Contains(plan, "Sort") {
			t.Errorf("the generic plan of %s does not walk the recency index:\n%s", p.statement, plan)
		}
	}
}

// explainPrepared returns the plan PostgreSQL runs for the prepared statement name, with
// arguments of types (their values do not change a generic plan).
func explainPrepared(t *testing.T, conn *sql.Conn, name string, types []string) string {
	t.Helper()
	args := make([]string, len(types))
	for i, ty := range types {
		switch ty {
		case "text", "character varying":
			args[i] = "'LIVE'"
		case "timestamp with time zone":
			args[i] = "now()"
		case "bigint", "integer":
			args[i] = "0"
		default:
			t.Fatalf("an argument of type %s", ty)
		}
	}
	rows, err := conn.QueryContext(context.Background(), fmt.Sprintf("EXPLAIN EXECUTE %s(%s)", pq.QuoteIdentifier(name), strings.Join(args, ", ")))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			t.Fatal(err)
		}
		b.WriteString(line + "\n")
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

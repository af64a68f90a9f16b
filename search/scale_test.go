package search_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"haven/apptest"
	"haven/ent"
	"haven/ent/content"
	"haven/ent/creator"
	"haven/ent/organization"
	"haven/ent/schema/enum"
	"haven/ent/topic"
	"haven/search"
)

// recorder is an ent driver that keeps every query it runs, so a test can EXPLAIN exactly what
// the code sends.
type recorder struct {
	dialect.Driver
	mu      sync.Mutex
	queries []recorded
}

type recorded struct {
	query string
	args  []any
}

func (r *recorder) Query(ctx context.Context, query string, args, v any) error {
	r.mu.Lock()
	a, _ := args.([]any)
	r.queries = append(r.queries, recorded{query, a})
	r.mu.Unlock()
	return r.Driver.Query(ctx, query, args, v)
}

// QueryContext runs and keeps raw SQL (search's expansion of a prefix on SQLite).
func (r *recorder) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	r.mu.Lock()
	r.queries = append(r.queries, recorded{query, args})
	r.mu.Unlock()
	return r.Driver.(interface {
		QueryContext(context.Context, string, ...any) (*sql.Rows, error)
	}).QueryContext(ctx, query, args...)
}

// take returns the queries recorded since the last call.
func (r *recorder) take() []recorded {
	r.mu.Lock()
	defer r.mu.Unlock()
	q := r.queries
	r.queries = nil
	return q
}

// scaleHub is a hub filled with n synthetic live contents, with a client that records its
// queries.
type scaleHub struct {
	*apptest.Hub
	rec      *recorder
	client   *ent.Client
	search   *search.Service
	creators []*ent.Creator
	orgs     []*ent.Organization
	topics   []*ent.Topic
}

func newScaleHub(t testing.TB, n int) *scaleHub {
	t.Helper()
	var opts []apptest.Options
	kept := os.Getenv("SCALE_DATABASE_URL")
	if path, ok := strings.CutPrefix(kept, "sqlite:"); ok {
		opts = append(opts, apptest.Options{Driver: "sqlite", DSN: "file:" + path +
			"?_pragma=foreign_keys(1)&_pragma=busy_timeout(20000)&_pragma=journal_mode(WAL)&_pragma=synchronous(OFF)"})
	} else if kept != "" {
		opts = append(opts, apptest.Options{Driver: "postgres", DSN: kept})
	}
	h := &scaleHub{Hub: apptest.New(t, opts...)}
	ctx := h.System()
	have, err := h.Client().Content.Query().Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if kept != "" && have > 0 {
		// A database a previous run filled: its fixtures and rows are used as they are.
		h.creators = h.Client().Creator.Query().Where(creator.HandleHasPrefix("scale")).Order(ent.Asc(creator.FieldHandle)).AllX(ctx)
		h.orgs = h.Client().Organization.Query().Where(organization.SlugHasPrefix("scale-org-")).Order(ent.Asc(organization.FieldSlug)).AllX(ctx)
		h.topics = h.Client().Topic.Query().Where(topic.SlugHasPrefix("scale-topic-")).Order(ent.Asc(topic.FieldSlug)).AllX(ctx)
		if len(h.creators) != 4 || len(h.orgs) != 3 || len(h.topics) != 5 {
			t.Fatalf("SCALE_DATABASE_URL holds %d contents but not the fixtures of a scale run", have)
		}
		t.Logf("SCALE_DATABASE_URL: reusing %d contents", have)
	} else {
		var cs, os, ts []int
		for i := range 4 {
			c := h.Creator(fmt.Sprint("scale", i)).Owner(fmt.Sprint("scale-owner-", i)).Create()
			h.creators, cs = append(h.creators, c), append(cs, c.ID)
		}
		for i := range 3 {
			o := h.Organization(fmt.Sprint("scale-org-", i)).Create()
			h.orgs, os = append(h.orgs, o), append(os, o.ID)
		}
		for i := range 5 {
			tp := h.Topic(fmt.Sprint("scale-topic-", i)).Create()
			h.topics, ts = append(h.topics, tp), append(ts, tp.ID)
		}
		fillIn := fill
		if h.DB.Dialect == dialect.SQLite {
			fillIn = fillSQLite
		}
		if err := fillIn(context.Background(), h.DB.SQL, n, h.Clock.Now(), cs, os, ts); err != nil {
			t.Fatal(err)
		}
	}
	h.rec = &recorder{Driver: entsql.OpenDB(h.DB.Dialect, h.DB.SQL)}
	h.client = ent.NewClient(ent.Driver(h.rec))
	h.search = &search.Service{Client: h.client, Clock: h.Clock, Dialect: h.DB.Dialect}
	return h
}

// explain returns PostgreSQL's plan of q.
func explain(t testing.TB, db *sql.DB, q recorded) string {
	t.Helper()
	rows, err := db.Query("EXPLAIN "+q.query, q.args...)
	if err != nil {
		t.Fatalf("explain %s: %v", q.query, err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, line)
	}
	return strings.Join(plan, "\n")
}

// seeksCursor reports whether plan starts from a keyset cursor in an index: an index condition
// on (published_at, id), exact, or on published_at alone, which PostgreSQL derives from the row
// comparison when an index holds published_at but not the ID after it.
func seeksCursor(plan string) bool {
	for _, line := range strings.Split(plan, "\n") {
		if strings.Contains(line, "Index Cond") &&
			(strings.Contains(line, "ROW(published_at, id) <") || strings.Contains(line, "published_at <=")) {
			return true
		}
	}
	return false
}

// onContents returns the recorded statements that read the contents table itself, neither the
// loads of edges that follow a page nor the COUNT that Paginate runs for totalCount (the
// GraphQL layer lets it run only when a client asks for totalCount).
func onContents(qs []recorded) []recorded {
	var out []recorded
	for _, q := range qs {
		if strings.HasPrefix(q.query, "SELECT COUNT(") {
			continue
		}
		if strings.Contains(q.query, `FROM "contents"`) || strings.Contains(q.query, `FROM (SELECT * FROM "contents"`) {
			out = append(out, q)
		}
	}
	return out
}

// TestPlansAtScale reads PostgreSQL's plans for search and for the feed's filters over 50,000
// live contents: none scans the contents table sequentially, a rare word is found through the
// text index, and a page deep in the feed starts at its cursor in an index rather than walking to
// it. The planner runs with its default settings on analyzed tables.
func TestPlansAtScale(t *testing.T) {
	if !apptest.Postgres() {
		t.Skip("reads PostgreSQL plans")
	}
	const n = 50000
	h := newScaleHub(t, n)
	ctx := context.Background()

	for _, tc := range []struct {
		query string
		want  int  // matches on the first page
		rare  bool // the plan must read a text index
	}{
		{"anxiety", 4, true},        // four titles
		{"insomnia", 4, true},       // four summaries
		{"anxi", 8, true},           // type-ahead: "anxiety" and the French "anxiété"
		{"ansiedades", 4, true},     // four Spanish titles say "ansiedad"
		{"anxiété", 4, true},        // four French titles
		{"consejo", 20, false},      // every Spanish summary says "consejos"
		{"tips", 20, false},         // every summary
		{"mentalhealth", 20, false}, // every row's hashtags
		{"coping stress", 20, false},
	} {
		res, err := h.search.Search(ctx, tc.query, nil)
		if err != nil {
			t.Fatal(err)
		}
		h.rec.take()
		conn, err := h.search.ContentPage(ctx, res, nil, 20)
		if err != nil {
			t.Fatalf("search %q: %v", tc.query, err)
		}
		if len(conn.Edges) != tc.want {
			t.Errorf("search %q: %d results, want %d", tc.query, len(conn.Edges), tc.want)
		}
		usesText := false
		for _, q := range onContents(h.rec.take()) {
			plan := explain(t, h.DB.SQL, q)
			if strings.Contains(plan, "Seq Scan on contents") {
				t.Errorf("search %q scans contents sequentially:\n%s\n%s", tc.query, q.query, plan)
			}
			usesText = usesText || strings.Contains(plan, "contents_search_")
		}
		if tc.rare && !usesText {
			t.Errorf("search %q does not read the text index", tc.query)
		}
	}

	// Deep in a common word's results, a page starts at its cursor.
	var deep struct {
		ID          int
		PublishedAt time.Time
	}
	if err := h.DB.SQL.QueryRow(`SELECT id, published_at FROM contents ORDER BY published_at DESC, id DESC OFFSET 40000 LIMIT 1`).
		Scan(&deep.ID, &deep.PublishedAt); err != nil {
		t.Fatal(err)
	}
	res, err := h.search.Search(ctx, "tips", nil)
	if err != nil {
		t.Fatal(err)
	}
	h.rec.take()
	conn, err := h.search.ContentPage(ctx, res, search.CursorAt(deep.ID, deep.PublishedAt), 20)
	if err != nil || len(conn.Edges) != 20 || !conn.Edges[0].Node.PublishedAt.Before(deep.PublishedAt) {
		t.Fatalf("a deep page of tips: %v, %d results", err, len(conn.Edges))
	}
	for _, q := range onContents(h.rec.take()) {
		if !strings.Contains(q.query, "search_") {
			continue // the load of the page's rows by ID
		}
		if plan := explain(t, h.DB.SQL, q); !seeksCursor(plan) || strings.Contains(plan, "Seq Scan on contents") {
			t.Errorf("a deep search page does not seek its cursor:\n%s\n%s", q.query, plan)
		}
	}

	// The feed, filtered every way a client can, on its first page and 40,000 rows deep.
	kind, language := enum.KindGuide, "es"
	filters := map[string]*ent.ContentWhereInput{
		"none":         {},
		"kind":         {Kind: &kind},
		"language":     {Language: &language},
		"topic":        {HasTopicsWith: []*ent.TopicWhereInput{{Slug: &h.topics[2].Slug}}},
		"creator":      {HasCreatorWith: []*ent.CreatorWhereInput{{Handle: &h.creators[1].Handle}}},
		"organization": {HasOrganizationWith: []*ent.OrganizationWhereInput{{Slug: &h.orgs[1].Slug}}},
	}
	newest := &ent.ContentOrder{Direction: entgql.OrderDirectionDesc, Field: ent.ContentOrderFieldPublishedAt}
	deepCursor := &entgql.Cursor[int]{ID: deep.ID, Value: deep.PublishedAt}
	first := 20
	type feed struct {
		name  string
		query func() *ent.ContentQuery
		where *ent.ContentWhereInput
	}
	feeds := []feed{
		{"creator's contents", func() *ent.ContentQuery {
			return h.client.Creator.Query().Where(creator.ID(h.creators[0].ID)).QueryContents()
		}, &ent.ContentWhereInput{}},
		{"organization's contents", func() *ent.ContentQuery {
			return h.client.Organization.Query().Where(organization.ID(h.orgs[0].ID)).QueryContents()
		}, &ent.ContentWhereInput{}},
		{"topic's contents", func() *ent.ContentQuery {
			return h.client.Topic.Query().Where(topic.ID(h.topics[0].ID)).QueryContents()
		}, &ent.ContentWhereInput{}},
	}
	for name, where := range filters {
		feeds = append(feeds, feed{"feed by " + name, func() *ent.ContentQuery { return h.client.Content.Query() }, where})
	}
	for _, f := range feeds {
		for _, after := range []*entgql.Cursor[int]{nil, deepCursor} {
			h.rec.take()
			conn, err := f.query().Where(content.StatusEQ(content.StatusLIVE)).
				Paginate(ctx, after, &first, nil, nil, ent.WithContentOrder(newest), ent.WithContentFilter(f.where.Filter))
			if err != nil {
				t.Fatalf("%s: %v", f.name, err)
			}
			if len(conn.Edges) == 0 {
				t.Errorf("%s (deep: %v): no rows", f.name, after != nil)
			}
			for _, q := range onContents(h.rec.take()) {
				plan := explain(t, h.DB.SQL, q)
				if strings.Contains(plan, "Seq Scan on contents") {
					t.Errorf("%s (deep: %v) scans contents sequentially:\n%s\n%s", f.name, after != nil, q.query, plan)
				}
				if after != nil && !seeksCursor(plan) {
					t.Errorf("%s: a deep page does not seek its cursor in an index:\n%s\n%s", f.name, q.query, plan)
				}
			}
		}
	}
}

// BenchmarkAtScale measures search and the feed over SCALE_ROWS synthetic live contents on
// PostgreSQL, or on the embedded SQLite without TEST_DATABASE_URL. It is opt-in (filling a
// million rows takes minutes):
//
//	SCALE_ROWS=1000000 TEST_DATABASE_URL='postgres://postgres@127.0.0.1:5432/test?sslmode=disable' \
//	  go test -run '^$' -bench AtScale -benchtime 300x -timeout 60m ./search/
//	SCALE_ROWS=1000000 go test -run '^$' -bench AtScale -benchtime 300x -timeout 60m ./search/
//
// The rows go into a new database, dropped when the run ends, unless SCALE_DATABASE_URL names a
// database to fill once and keep for later runs (a PostgreSQL URL, or sqlite:PATH for a file). Search reads a page of 20 for rare words (four
// rows), common ones, a prefix, two words, Spanish and French words, and a common word's page
// 40,000 pages deep; the feed reads its first page and the page 40,000 pages of 20 deep,
// alternately, unfiltered and filtered by topic, creator, organization, kind and language.
func BenchmarkAtScale(b *testing.B) {
	v := os.Getenv("SCALE_ROWS")
	if v == "" {
		b.Skip("set SCALE_ROWS (1000000 for the figures in docs/performance.md)")
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 8000 || n%80 != 0 {
		b.Fatalf("SCALE_ROWS=%q: want a number of rows, a multiple of 80 and at least 8000", v)
	}
	start := time.Now()
	h := newScaleHub(b, n)
	b.Logf("filled %d rows in %s", n, time.Since(start).Round(time.Second))
	ctx := context.Background()
	svc := &search.Service{Client: h.Client(), Clock: h.Clock, Dialect: h.DB.Dialect}
	const pageSize = 20
	depth := min(40_000*pageSize, n-pageSize-1)
	var deep struct {
		ID int
		At time.Time
	}
	if err := h.DB.SQL.QueryRow(fmt.Sprintf(`SELECT id, published_at FROM contents ORDER BY published_at DESC, id DESC LIMIT 1 OFFSET %d`, depth)).
		Scan(&deep.ID, &deep.At); err != nil {
		b.Fatal(err)
	}
	for _, tc := range []struct {
		query string
		deep  bool
		walk  bool // on SQLite, as if the last word's prefix stood for too many terms to expand
	}{
		{"anxiety", false, false}, {"insomnia", false, false}, {"tips", false, false}, {"mentalhealth", false, false},
		{"anxi", false, false}, {"coping stress", false, false}, {"ansiedad", false, false}, {"ansiedades", false, false},
		{"consejo", false, false}, {"anxiété", false, false}, {"tips", true, false},
		{"a", false, true}, {"co", false, true}, {"anxi", false, true}, {"insomnia", false, true},
	} {
		name := "search/" + strings.ReplaceAll(tc.query, " ", "+")
		var after *entgql.Cursor[int]
		if tc.deep {
			name += "/page40000"
			after = search.CursorAt(deep.ID, deep.At)
		}
		if tc.walk {
			if h.DB.Dialect != dialect.SQLite {
				continue
			}
			name = "search/walk/" + tc.query
		}
		b.Run(name, func(b *testing.B) {
			if tc.walk {
				defer search.SetMaxExpansion(0)()
			}
			var ds durations
			for b.Loop() {
				t0 := time.Now()
				res, err := svc.Search(ctx, tc.query, nil)
				if err != nil {
					b.Fatal(err)
				}
				conn, err := svc.ContentPage(ctx, res, after, pageSize)
				if err != nil || len(conn.Edges) == 0 {
					b.Fatalf("search %q: %v, %d results", tc.query, err, len(conn.Edges))
				}
				ds = append(ds, time.Since(t0))
			}
			ds.report(b)
		})
	}

	kind, language := enum.KindGuide, "es"
	for _, f := range []struct {
		name  string
		where *ent.ContentWhereInput
	}{
		{"all", &ent.ContentWhereInput{}},
		{"topic", &ent.ContentWhereInput{HasTopicsWith: []*ent.TopicWhereInput{{Slug: &h.topics[2].Slug}}}},
		{"creator", &ent.ContentWhereInput{HasCreatorWith: []*ent.CreatorWhereInput{{Handle: &h.creators[1].Handle}}}},
		{"organization", &ent.ContentWhereInput{HasOrganizationWith: []*ent.OrganizationWhereInput{{Slug: &h.orgs[1].Slug}}}},
		{"kind", &ent.ContentWhereInput{Kind: &kind}},
		{"language", &ent.ContentWhereInput{Language: &language}},
	} {
		// The statement Paginate sends for a page (without the COUNT it adds when called outside
		// GraphQL, which the API runs only for totalCount). Page 1 and the deep page alternate,
		// so that both see the same machine.
		b.Run("feed/"+f.name, func(b *testing.B) {
			var pages [2]durations
			i := 0
			for b.Loop() {
				var after *entgql.Cursor[int]
				if i%2 == 1 {
					after = &entgql.Cursor[int]{ID: deep.ID, Value: deep.At}
				}
				t0 := time.Now()
				q := h.Client().Content.Query().Where(content.StatusEQ(content.StatusLIVE))
				if p, err := f.where.P(); err == nil {
					q.Where(p)
				}
				for _, p := range entgql.CursorsPredicate(after, nil, content.FieldID, content.FieldPublishedAt, entgql.OrderDirectionDesc) {
					q.Where(p)
				}
				rows, err := q.Order(ent.Desc(content.FieldPublishedAt), ent.Desc(content.FieldID)).Limit(pageSize + 1).All(ctx)
				if err != nil || len(rows) == 0 {
					b.Fatalf("%v, %d rows", err, len(rows))
				}
				pages[i%2] = append(pages[i%2], time.Since(t0))
				i++
			}
			p1, deep := pages[0].median(), pages[1].median()
			b.ReportMetric(p1, "page1-p50-ms")
			b.ReportMetric(pages[0].p90(), "page1-p90-ms")
			b.ReportMetric(deep, "page40000-p50-ms")
			b.ReportMetric(pages[1].p90(), "page40000-p90-ms")
			if p1 > 0 {
				b.ReportMetric(deep/p1, "deep/page1")
			}
			reportLoad(b)
		})
	}
}

// durations are the times of a benchmark's iterations.
type durations []time.Duration

// report adds the median and the 90th percentile, in milliseconds, to b's results: on a shared
// machine the mean (ns/op) follows the neighbours' load more than the median does.
func (ds durations) report(b *testing.B) {
	if len(ds) == 0 {
		return
	}
	b.ReportMetric(ds.median(), "p50-ms")
	b.ReportMetric(ds.p90(), "p90-ms")
	reportLoad(b)
}

// reportLoad adds the machine's 1-minute load average (Linux) to b's results: on a shared
// machine it says how far to trust the times beside it.
func reportLoad(b *testing.B) {
	raw, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return
	}
	if f := strings.Fields(string(raw)); len(f) > 0 {
		if l, err := strconv.ParseFloat(f[0], 64); err == nil {
			b.ReportMetric(l, "load1")
		}
	}
}

// p90 is the 90th percentile in milliseconds.
func (ds durations) p90() float64 {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return float64(s[len(s)*9/10].Microseconds()) / 1000
}

// median is the median in milliseconds.
func (ds durations) median() float64 {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return float64(s[len(s)/2].Microseconds()) / 1000
}

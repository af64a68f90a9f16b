package graph_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"haven/apptest"
	"haven/config"
	"haven/observe"
)

// benchRows is the size of the feed the benchmarks read.
const benchRows = 2000

// benchHub is a hub with benchRows live pieces, each with a creator, an organization and two
// topics, on SQLite (or PostgreSQL when TEST_DATABASE_URL is set). Its response cache is off, so
// that every request measures the read path; BenchmarkFeedCached measures the cache.
func benchHub(b *testing.B) *apptest.Hub {
	b.Helper()
	h := apptest.New(b, apptest.Options{NoResponseCache: true})
	richFeed(h, benchRows)
	return h
}

// runFeed serves the feed query b.N times through the HTTP handler and reports the statements
// each request sent.
func runFeed(b *testing.B, h *apptest.Hub, vars map[string]any) {
	b.Helper()
	var page feedPage
	h.Query(anonymous, feedQuery, vars, &page) // warm the query cache and the pool
	if len(page.Contents.Edges) != 20 {
		b.Fatalf("page of %d items", len(page.Contents.Edges))
	}
	b.ReportAllocs()
	b.ResetTimer()
	n := h.Statements(func() {
		for b.Loop() {
			h.Do(anonymous, feedQuery, vars)
		}
	})
	b.ReportMetric(float64(n)/float64(b.N), "statements/op")
}

// BenchmarkFeed is the hub's home page: the first 20 live pieces with their creators,
// organizations and topics.
func BenchmarkFeed(b *testing.B) {
	h := benchHub(b)
	runFeed(b, h, map[string]any{"first": 20})
}

// loadFeedQuery is the feed as the load tool asks for it (go run ./loadtest): every edge's
// cursor, and more fields of each piece.
const loadFeedQuery = `query($after: Cursor) { contents(first: 20, after: $after) {
  edges { cursor node { id title summary kind publishedAt contentWarning
    creator { handle displayName } organization { name slug } topics { slug name } } }
  pageInfo { hasNextPage endCursor } } }`

// BenchmarkFeedLoadQuery is the load tool's feed request, a cursor on every edge.
func BenchmarkFeedLoadQuery(b *testing.B) {
	h := benchHub(b)
	if res := h.Do(anonymous, loadFeedQuery, nil); len(res.Errors) > 0 {
		b.Fatal(res.Raw)
	}
	b.ReportAllocs()
	b.ResetTimer()
	n := h.Statements(func() {
		for b.Loop() {
			h.Do(anonymous, loadFeedQuery, nil)
		}
	})
	b.ReportMetric(float64(n)/float64(b.N), "statements/op")
}

// BenchmarkFeedCached is the home page repeated for anonymous readers, answered from the
// response cache after the first request.
func BenchmarkFeedCached(b *testing.B) {
	h := apptest.New(b)
	richFeed(h, benchRows)
	runFeed(b, h, map[string]any{"first": 20})
}

// BenchmarkFeedDeepPage reads page 1, 10, 50 and 99 of the feed in pages of 20 by cursor. Keyset
// pagination seeks to the cursor through the (status, published_at) index, so a deep page costs
// what the first one does; an OFFSET would read and skip every row before it.
func BenchmarkFeedDeepPage(b *testing.B) {
	h := benchHub(b)
	cursors := map[int]*string{1: nil}
	var after *string
	for p := 1; p < 99; p++ {
		var page feedPage
		h.Query(anonymous, feedQuery, map[string]any{"first": 20, "after": after}, &page)
		after = page.Contents.PageInfo.EndCursor
		cursors[p+1] = after
	}
	for _, p := range []int{1, 10, 50, 99} {
		b.Run(fmt.Sprintf("page=%d", p), func(b *testing.B) {
			runFeed(b, h, map[string]any{"first": 20, "after": cursors[p]})
		})
	}
}

// BenchmarkFeedHTTPParallel is the load test: the home-page feed over real HTTP (a loopback
// server, keep-alive connections) from GOMAXPROCS×4 concurrent clients. ns/op is the inverse of
// throughput; compare req/s between databases and commits, not across machines.
func BenchmarkFeedHTTPParallel(b *testing.B) {
	h := benchHub(b)
	srv := httptest.NewServer(h.Handler())
	defer srv.Close()
	body, _ := json.Marshal(map[string]any{"query": feedQuery, "variables": map[string]any{"first": 20}})
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	post := func() error {
		res, err := client.Post(srv.URL+"/graphql", "application/json", bytes.NewReader(body))
		if err != nil {
			return err
		}
		defer res.Body.Close()
		if _, err := io.Copy(io.Discard, res.Body); err != nil {
			return err
		}
		if res.StatusCode != http.StatusOK {
			return fmt.Errorf("HTTP %d", res.StatusCode)
		}
		return nil
	}
	if err := post(); err != nil {
		b.Fatal(err)
	}
	b.SetParallelism(4)
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := post(); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "req/s")
}

// The load tool's node(id) and creator(handle) requests (go run ./loadtest).
const (
	loadNodeQuery = `query($id: ID!) { node(id: $id) { id ... on Content { title summary kind publishedAt contentWarning
  creator { handle displayName } organization { name slug } topics { slug name } } } }`
	loadCreatorQuery = `query($h: String!) { creator(handle: $h) { handle displayName bio
  contents(first: 10) { edges { node { id title publishedAt } } } } }`
)

// runLookup serves query with vars b.N times through the HTTP handler and reports the
// statements each request sent.
func runLookup(b *testing.B, h *apptest.Hub, query string, vars map[string]any) {
	b.Helper()
	if res := h.Do(anonymous, query, vars); len(res.Errors) > 0 || !strings.Contains(res.Raw, `"title"`) {
		b.Fatal(res.Raw)
	}
	b.ReportAllocs()
	b.ResetTimer()
	n := h.Statements(func() {
		for b.Loop() {
			h.Do(anonymous, query, vars)
		}
	})
	b.ReportMetric(float64(n)/float64(b.N), "statements/op")
}

// servedHub is benchHub configured as the load tool starts Haven: production, metrics on, the
// access log written (to nowhere), no request budgets, no response cache.
func servedHub(b *testing.B) *apptest.Hub {
	b.Helper()
	h := apptest.New(b, apptest.Options{NoResponseCache: true, Logger: observe.NewLogger(io.Discard, config.LogText),
		Configure: func(c *config.Config) { c.Env, c.Introspection, c.Metrics = config.Production, false, true }})
	richFeed(h, benchRows)
	return h
}

// discardWriter is a ResponseWriter that keeps nothing but its headers, reused between requests
// so that the benchmark counts what the server allocates, not what a recorder does.
type discardWriter struct {
	header http.Header
	status int
	n      int
}

func (w *discardWriter) Header() http.Header         { return w.header }
func (w *discardWriter) WriteHeader(status int)      { w.status = status }
func (w *discardWriter) Write(p []byte) (int, error) { w.n += len(p); return len(p), nil }

// BenchmarkFeedServed is one request of the load tool's feed walk as the server serves it: the
// whole HTTP stack of a production Haven (access log, metrics, the body limit, authentication,
// budgets, CORS, the response-cache handler, GraphQL over HTTP), each request the next page by
// cursor. The request itself is built before the loop; what is counted is the server's work.
func BenchmarkFeedServed(b *testing.B) {
	h := servedHub(b)
	var bodies [][]byte
	var after *string
	for range benchRows/20 - 1 {
		body, _ := json.Marshal(map[string]any{"query": loadFeedQuery, "variables": map[string]any{"after": after}})
		bodies = append(bodies, body)
		var page struct {
			Contents struct {
				PageInfo struct{ EndCursor *string } `json:"pageInfo"`
			} `json:"contents"`
		}
		h.Query(anonymous, loadFeedQuery, map[string]any{"after": after}, &page)
		after = page.Contents.PageInfo.EndCursor
	}
	serveEach(b, h, bodies, 1000)
}

// serveEach serves the request bodies in turn, b.N requests in all, through the whole HTTP stack
// of h, and fails on an answer that is not a 200 of at least minBytes.
func serveEach(b *testing.B, h *apptest.Hub, bodies [][]byte, minBytes int) {
	b.Helper()
	handler := h.Handler()
	w := &discardWriter{header: http.Header{}}
	reqs := make([]*http.Request, len(bodies))
	readers := make([]*bytes.Reader, len(bodies))
	for i, body := range bodies {
		readers[i] = bytes.NewReader(body)
		reqs[i] = httptest.NewRequest(http.MethodPost, "/graphql", readers[i])
		reqs[i].Header.Set("Content-Type", "application/json")
	}
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	n := h.Statements(func() {
		for b.Loop() {
			k := i % len(reqs)
			i++
			readers[k].Reset(bodies[k])
			clear(w.header)
			w.status, w.n = 0, 0
			handler.ServeHTTP(w, reqs[k])
			if w.status != 0 && w.status != http.StatusOK || w.n < minBytes {
				b.Fatalf("HTTP %d, %d bytes", w.status, w.n)
			}
		}
	})
	b.ReportMetric(float64(n)/float64(b.N), "statements/op")
}

// BenchmarkNodeServed is the load tool's node(id) walk as a production Haven serves it (see
// BenchmarkFeedServed): each request another live piece.
func BenchmarkNodeServed(b *testing.B) {
	h := servedHub(b)
	var ids []int
	if err := h.Client().Content.Query().Limit(500).Select("id").Scan(h.System(), &ids); err != nil {
		b.Fatal(err)
	}
	bodies := make([][]byte, len(ids))
	for i, id := range ids {
		bodies[i], _ = json.Marshal(map[string]any{"query": loadNodeQuery, "variables": map[string]any{"id": apptest.GID(id)}})
	}
	serveEach(b, h, bodies, 200)
}

// BenchmarkNode is node(id) of one live piece with its creator, organization and topics.
func BenchmarkNode(b *testing.B) {
	h := benchHub(b)
	var ids []int
	if err := h.Client().Content.Query().Limit(1).Select("id").Scan(h.System(), &ids); err != nil {
		b.Fatal(err)
	}
	runLookup(b, h, loadNodeQuery, map[string]any{"id": apptest.GID(ids[0])})
}

// BenchmarkCreatorByHandle is creator(handle) with its 10 newest live pieces.
func BenchmarkCreatorByHandle(b *testing.B) {
	h := benchHub(b)
	runLookup(b, h, loadCreatorQuery, map[string]any{"h": "creator0"})
}

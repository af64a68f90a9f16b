// Package apptest builds a whole Haven for a test: a fresh database (an in-memory SQLite, or a
// new PostgreSQL database when TEST_DATABASE_URL is set), the real HTTP handler, a clock the test
// sets, tokens for any subject and roles, and a GraphQL client that counts SQL statements.
package apptest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"haven/app"
	"haven/auth"
	"haven/clock"
	"haven/config"
	"haven/ent"
	"haven/graph"
)

// Secret is the HS256 key of every test Haven.
var Secret = []byte("haven-test-secret-0123456789abcdef0123456789")

// Epoch is where the test clock starts.
var Epoch = time.Date(2026, time.May, 4, 9, 0, 0, 0, time.UTC)

// Hub is a Haven under test.
type Hub struct {
	*app.App
	T     testing.TB
	Clock *clock.Manual

	statements *atomic.Int64
}

// Options adjust a test Hub.
type Options struct {
	Seed   bool          // seed the demo hub
	Limits *graph.Limits // operation limits, when a test needs small ones
	DSN    string        // reuse this database (several replicas of one hub); empty: a fresh one
	Driver string
	// NoResponseCache turns the anonymous response cache off (benchmarks of the read path).
	NoResponseCache bool
	// Configure, when set, adjusts the configuration before the app is made (a test's identity
	// provider, production mode).
	Configure func(*config.Config)
	// Logger, when set, receives everything Haven logs (benchmarks pass the production logger
	// writing nowhere, so that the access log's cost is measured).
	Logger *slog.Logger
}

// New returns a Hub on a fresh database, closed when the test ends.
func New(t testing.TB, opts ...Options) *Hub {
	t.Helper()
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	var cfg config.Config
	if o.DSN == "" {
		cfg = Config(t)
	} else {
		cfg = settings(o.Driver, o.DSN)
	}
	cfg.SeedDemo, cfg.Cache = o.Seed, config.DefaultCache
	cfg.Cache.Enabled = !o.NoResponseCache
	if o.Configure != nil {
		o.Configure(&cfg)
	}
	h := &Hub{T: t, Clock: clock.NewManual(Epoch), statements: new(atomic.Int64)}
	// Warnings and errors go to the test's log when it runs verbosely, and otherwise are kept
	// and shown only if the test fails: an "internal error" answer then comes with its cause.
	var logw io.Writer = testWriter{t}
	if !testing.Verbose() {
		kept := &keptLog{}
		t.Cleanup(func() {
			if t.Failed() {
				t.Logf("Haven's warnings and errors during this test:\n%s", kept.String())
			}
		})
		logw = kept
	}
	logger := slog.New(slog.NewTextHandler(logw, &slog.HandlerOptions{Level: slog.LevelWarn}))
	if o.Logger != nil {
		logger = o.Logger
	}
	a := Start(t, cfg, app.Options{
		Clock: h.Clock, Logger: logger, Limits: o.Limits,
		OnStatement: func(context.Context, string) { h.statements.Add(1) },
	})
	h.App = a
	if o.Seed {
		if err := a.Seed(context.Background()); err != nil {
			t.Fatalf("apptest: start: %v", err)
		}
	}
	return h
}

// For returns the same Haven reporting to t: a subtest's fixtures and requests fail the subtest.
func (h *Hub) For(t testing.TB) *Hub {
	c := *h
	c.T = t
	return &c
}

type testWriter struct{ t testing.TB }

// keptLog keeps what Haven logs during a test, for the test's failure report.
type keptLog struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (k *keptLog) Write(p []byte) (int, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.buf.Len() > 1<<20 { // a runaway log keeps its first megabyte
		return len(p), nil
	}
	return k.buf.Write(p)
}

func (k *keptLog) String() string {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.buf.String()
}

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// Token returns a valid token for subject with roles.
func (h *Hub) Token(subject string, roles ...string) string {
	h.T.Helper()
	tok, err := auth.Sign(Secret, auth.Claims{Subject: subject, Roles: roles, TTL: time.Hour})
	if err != nil {
		h.T.Fatalf("apptest: sign: %v", err)
	}
	return tok
}

// Ctx returns a context that acts as subject with roles, for calling domain code directly.
// The subject's Account is created as on a first signed-in request.
func (h *Hub) Ctx(subject string, roles ...string) context.Context {
	h.T.Helper()
	v := &auth.Viewer{Subject: subject}
	for _, r := range roles {
		if role, ok := auth.ParseRole(r); ok {
			v.Roles = append(v.Roles, role)
		}
	}
	if err := h.App.ResolveAccount(context.Background(), v); err != nil {
		h.T.Fatalf("apptest: account: %v", err)
	}
	return auth.NewContext(context.Background(), v)
}

// System returns a context that bypasses privacy, for fixtures and for reading back state.
func (h *Hub) System() context.Context { return auth.SystemContext(context.Background()) }

// Client is the ent client of the hub's database.
func (h *Hub) Client() *ent.Client { return h.DB.Client }

// Error is one GraphQL error.
type Error struct {
	Message    string `json:"message"`
	Path       []any  `json:"path"`
	Extensions struct {
		Code  string `json:"code"`
		Field string `json:"field"`
	} `json:"extensions"`
}

// Response is a GraphQL response with its HTTP status.
type Response struct {
	Status int
	Data   json.RawMessage `json:"data"`
	Errors []Error         `json:"errors"`
	Raw    string
}

// Code is the code of the first error, or "" when there is none.
func (r *Response) Code() string {
	if len(r.Errors) == 0 {
		return ""
	}
	return r.Errors[0].Extensions.Code
}

// Decode unmarshals the data into v.
func (r *Response) Decode(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Data, v); err != nil {
		t.Fatalf("apptest: decode %s: %v", r.Data, err)
	}
}

// Do posts a GraphQL operation with the token ("" for anonymous) and returns the response.
func (h *Hub) Do(token, query string, vars map[string]any) *Response {
	h.T.Helper()
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		h.T.Fatalf("apptest: encode request: %v", err)
	}
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return h.Send(req)
}

// Send serves req and parses the response.
func (h *Hub) Send(req *http.Request) *Response {
	h.T.Helper()
	rec := httptest.NewRecorder()
	h.Handler().ServeHTTP(rec, req)
	res := &Response{Status: rec.Code, Raw: rec.Body.String()}
	if strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") || strings.HasPrefix(res.Raw, "{") {
		if err := json.Unmarshal(rec.Body.Bytes(), res); err != nil {
			h.T.Fatalf("apptest: response is not JSON: %v: %s", err, res.Raw)
		}
	}
	return res
}

// Query runs an operation that must succeed and decodes its data into out (when non-nil).
func (h *Hub) Query(token, query string, vars map[string]any, out any) {
	h.T.Helper()
	res := h.Do(token, query, vars)
	if res.Status != http.StatusOK || len(res.Errors) > 0 {
		h.T.Fatalf("apptest: operation failed (HTTP %d): %s", res.Status, res.Raw)
	}
	if out != nil {
		res.Decode(h.T, out)
	}
}

// Fail runs an operation that must fail with code and returns the response.
func (h *Hub) Fail(code, token, query string, vars map[string]any) *Response {
	h.T.Helper()
	res := h.Do(token, query, vars)
	if res.Code() != code {
		h.T.Fatalf("apptest: want error code %s, got %q: %s", code, res.Code(), res.Raw)
	}
	return res
}

// Statements runs f and returns how many SQL statements it sent.
func (h *Hub) Statements(f func()) int {
	if h.statements == nil {
		h.T.Fatal("apptest: this Hub was not made by New and counts no statements")
	}
	before := h.statements.Load()
	f()
	return int(h.statements.Load() - before)
}
